/// Writes the protocol-2 pickle `torch.save(state_dict)` produces: an OrderedDict from names to tensors, each
/// rebuilt by `torch._utils._rebuild_tensor_v2` from a persistent-id storage record.
struct Pickler {
    private(set) var bytes: [UInt8] = [0x80, 2]  // PROTO 2

    /// Pickles `entries` as an OrderedDict of contiguous tensors whose storages are keys "0", "1", ... in order.
    static func stateDict(_ entries: [(name: String, dtype: DType, shape: [Int])]) -> [UInt8] {
        var pickler = Pickler()
        pickler.global("collections", "OrderedDict")
        pickler.bytes += [0x29, 0x52]  // EMPTY_TUPLE, REDUCE
        pickler.mark()
        for (index, entry) in entries.enumerated() {
            pickler.string(entry.name)
            pickler.global("torch._utils", "_rebuild_tensor_v2")
            pickler.mark()
            // The storage: BINPERSID of ('storage', torch.<Type>Storage, key, 'cpu', numel).
            pickler.mark()
            pickler.string("storage")
            pickler.global("torch", Self.storageName(entry.dtype))
            pickler.string(String(index))
            pickler.string("cpu")
            pickler.int(entry.shape.reduce(1, *))
            pickler.bytes += [0x74, 0x51]  // TUPLE, BINPERSID
            pickler.int(0)  // storage offset
            pickler.tuple(entry.shape)
            pickler.tuple(contiguousStrides(entry.shape))
            pickler.bytes.append(0x89)  // NEWFALSE: requires_grad
            pickler.global("collections", "OrderedDict")  // backward hooks
            pickler.bytes += [0x29, 0x52]  // EMPTY_TUPLE, REDUCE
            pickler.bytes += [0x74, 0x52]  // TUPLE (the arguments), REDUCE
        }
        pickler.bytes += [0x75, 0x2E]  // SETITEMS, STOP
        return pickler.bytes
    }

    private static func storageName(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "FloatStorage"
        case .float64: "DoubleStorage"
        case .int64: "LongStorage"
        case .int32: "IntStorage"
        case .uint8: "ByteStorage"
        case .bool: "BoolStorage"
        }
    }

    private mutating func mark() {
        bytes.append(0x28)
    }

    private mutating func global(_ module: String, _ name: String) {
        bytes.append(0x63)
        bytes += Array(module.utf8) + [0x0A] + Array(name.utf8) + [0x0A]
    }

    private mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes.append(0x58)  // BINUNICODE
        bytes.appendUInt32(UInt32(utf8.count))
        bytes += utf8
    }

    private mutating func int(_ value: Int) {
        switch value {
        case 0...0xFF:
            bytes += [0x4B, UInt8(value)]  // BININT1
        case 0...0xFFFF:
            bytes.append(0x4D)  // BININT2
            bytes.appendUInt16(UInt16(value))
        case Int(Int32.min)...Int(Int32.max):
            bytes.append(0x4A)  // BININT
            bytes.appendUInt32(UInt32(bitPattern: Int32(value)))
        default:
            bytes += [0x8A, 8]  // LONG1, 8 bytes little-endian two's complement
            bytes.appendUInt32(UInt32(truncatingIfNeeded: value))
            bytes.appendUInt32(UInt32(truncatingIfNeeded: value >> 32))
        }
    }

    private mutating func tuple(_ values: [Int]) {
        mark()
        for value in values {
            int(value)
        }
        bytes.append(0x74)  // TUPLE
    }
}

/// Row-major strides for `shape`, in elements.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for index in shape.indices.reversed() {
        strides[index] = running
        running *= Swift.max(shape[index], 1)
    }
    return strides
}
