/// Writes the protocol-2 pickle `torch.save` writes for a value: containers with `EMPTY_*` and batched
/// `APPENDS`/`SETITEMS`, `collections.OrderedDict` by `REDUCE`, and each tensor as
/// `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())` whose storage is a
/// persistent id `('storage', torch.<Type>Storage, key, 'cpu', numel)`. A tensor written twice is memoized, so
/// Python loads one object, as from its own files.
struct Pickler {
    private(set) var bytes: [UInt8] = [0x80, 2]  // PROTO 2
    /// The storages the tensors view, in key order.
    private(set) var storages = StorageTable()
    private var memo: [ObjectIdentifier: Int] = [:]
    private let describe: String

    init(describe: String) {
        self.describe = describe
    }

    /// Appends `value` (nested at most `SavedValue.maxNestingDepth` containers deep) and `STOP`.
    mutating func dump(_ value: SavedValue) throws {
        try save(value, depth: 0)
        bytes.append(0x2E)  // STOP
    }

    private mutating func save(_ value: SavedValue, depth: Int) throws {
        switch value {
        case .list, .tuple, .dict:
            guard depth < SavedValue.maxNestingDepth else {
                throw TorchError.file(
                    path: describe,
                    .cannotWrite("containers nested deeper than \(SavedValue.maxNestingDepth) levels"))
            }
        default: break
        }
        switch value {
        case .none: bytes.append(0x4E)  // NONE
        case .bool(let flag): bytes.append(flag ? 0x88 : 0x89)  // NEWTRUE, NEWFALSE
        case .int(let number): int(number)
        case .float(let number):
            bytes.append(0x47)  // BINFLOAT, big-endian
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: number.bitPattern >> (8 * $0)) }
        case .string(let text): string(text)
        case .tensor(let tensor): try self.tensor(tensor)
        case .tuple(let items):
            switch items.count {
            case 0: bytes.append(0x29)  // EMPTY_TUPLE
            case 1...3:
                for item in items { try save(item, depth: depth + 1) }
                bytes.append([0x85, 0x86, 0x87][items.count - 1])  // TUPLE1, TUPLE2, TUPLE3
            default:
                mark()
                for item in items { try save(item, depth: depth + 1) }
                bytes.append(0x74)  // TUPLE
            }
        case .list(let items):
            bytes.append(0x5D)  // EMPTY_LIST
            for batch in stride(from: 0, to: items.count, by: 1000) {
                mark()
                for item in items[batch..<Swift.min(batch + 1000, items.count)] { try save(item, depth: depth + 1) }
                bytes.append(0x65)  // APPENDS
            }
        case .dict(let dict):
            if dict.isOrderedDict {
                global("collections", "OrderedDict")
                bytes += [0x29, 0x52]  // EMPTY_TUPLE, REDUCE
            } else {
                bytes.append(0x7D)  // EMPTY_DICT
            }
            let entries = dict.entries
            for batch in stride(from: 0, to: entries.count, by: 1000) {
                mark()
                for (key, item) in entries[batch..<Swift.min(batch + 1000, entries.count)] {
                    switch key {
                    case .string(let text): string(text)
                    case .int(let number): int(number)
                    }
                    try save(item, depth: depth + 1)
                }
                bytes.append(0x75)  // SETITEMS
            }
        }
    }

    private mutating func tensor(_ tensor: Tensor) throws {
        if let index = memo[ObjectIdentifier(tensor)] {
            get(index)
            return
        }
        let layout = tensor.storageLayout
        let storage = try storages.add(tensor, layout: layout, describe: describe)
        global("torch._utils", "_rebuild_tensor_v2")
        mark()
        mark()
        string("storage")
        global("torch", storage.typeName)
        string(storage.key)
        string("cpu")
        int(storage.count)
        bytes += [0x74, 0x51]  // TUPLE, BINPERSID
        int(layout.offset)
        ints(tensor.shape)
        ints(layout.strides)
        bytes.append(tensor.requiresGrad ? 0x88 : 0x89)  // requires_grad
        global("collections", "OrderedDict")  // backward hooks
        bytes += [0x29, 0x52]  // EMPTY_TUPLE, REDUCE
        bytes += [0x74, 0x52]  // TUPLE (the arguments), REDUCE
        put(memo.count)
        memo[ObjectIdentifier(tensor)] = memo.count
    }

    // MARK: Opcodes

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

    private mutating func ints(_ values: [Int]) {
        mark()
        for value in values {
            int(value)
        }
        bytes.append(0x74)  // TUPLE
    }

    private mutating func put(_ index: Int) {
        if index < 256 {
            bytes += [0x71, UInt8(index)]  // BINPUT
        } else {
            bytes.append(0x72)  // LONG_BINPUT
            bytes.appendUInt32(UInt32(index))
        }
    }

    private mutating func get(_ index: Int) {
        if index < 256 {
            bytes += [0x68, UInt8(index)]  // BINGET
        } else {
            bytes.append(0x6A)  // LONG_BINGET
            bytes.appendUInt32(UInt32(index))
        }
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
