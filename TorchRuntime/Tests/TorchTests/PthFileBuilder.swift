import Foundation

@testable import Torch

/// Builds hostile `.pth` files byte by byte for the tests: a protocol-2 pickle program and the zip around it.
struct PickleProgram {
    private(set) var bytes: [UInt8] = [0x80, 2]  // PROTO 2

    mutating func raw(_ opcodes: [UInt8]) {
        bytes += opcodes
    }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes.append(0x58)  // BINUNICODE
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: utf8.count >> (8 * $0)) }
        bytes += utf8
    }

    mutating func int(_ value: Int) {
        bytes += [0x8A, 8] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }  // LONG1
    }

    mutating func global(_ module: String, _ name: String) {
        bytes += [0x63] + Array("\(module)\n\(name)\n".utf8)
    }

    mutating func ints(_ values: [Int]) {
        bytes.append(0x28)  // MARK
        for value in values { int(value) }
        bytes.append(0x74)  // TUPLE
    }

    /// `torch._utils._rebuild_tensor_v2(('storage', torch.<storage>, key, 'cpu', count), offset, shape, strides,
    /// False, OrderedDict())`.
    mutating func tensor(
        key: String, storage: String = "FloatStorage", count: Int, offset: Int = 0, shape: [Int], strides: [Int]
    ) {
        global("torch._utils", "_rebuild_tensor_v2")
        bytes += [0x28, 0x28]  // MARK (arguments), MARK (persistent id)
        string("storage")
        global("torch", storage)
        string(key)
        string("cpu")
        int(count)
        bytes += [0x74, 0x51]  // TUPLE, BINPERSID
        int(offset)
        ints(shape)
        ints(strides)
        bytes.append(0x89)  // NEWFALSE
        global("collections", "OrderedDict")
        bytes += [0x29, 0x52, 0x74, 0x52]  // EMPTY_TUPLE, REDUCE, TUPLE, REDUCE
    }

    /// A program whose value is `{name: <what body pushes>}` for each (name, body).
    static func dict(_ entries: [(String, (inout PickleProgram) -> Void)]) -> [UInt8] {
        var program = PickleProgram()
        program.raw([0x7D])  // EMPTY_DICT
        for (name, body) in entries {
            program.string(name)
            body(&program)
            program.raw([0x73])  // SETITEM
        }
        program.raw([0x2E])  // STOP
        return program.bytes
    }
}

/// A stored zip in PyTorch's layout: `archive/data.pkl`, the given storages as `archive/data/<key>`, then
/// `archive/version` ("3").
func pthArchive(pickle: [UInt8], storages: [(key: String, bytes: [UInt8])] = []) throws -> Data {
    try StoredZipArchive.archive(
        [("archive/data.pkl", pickle)] + storages.map { ("archive/data/\($0.key)", $0.bytes) }
            + [("archive/version", Array("3\n".utf8))])
}

/// The little-endian bytes of `values` as float32.
func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
}
