import Foundation

/// Executes the subset of Python's pickle virtual machine (protocols 2-4) that `torch.save` emits for state dicts:
/// containers, strings, numbers, `collections.OrderedDict`, storages as persistent ids and
/// `torch._utils._rebuild_tensor_v2`. Anything else is an error naming the file and the byte offset.
struct Unpickler {
    private let bytes: [UInt8]
    private let describe: String
    private var position = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    init(_ bytes: [UInt8], describe: String) {
        self.bytes = bytes
        self.describe = describe
    }

    /// Runs the program to `STOP` and returns the value it built.
    mutating func load() throws -> PickleValue {
        while true {
            let offset = position
            let opcode = try readByte()
            switch opcode {
            case 0x80: _ = try readByte()  // PROTO
            case 0x95: try skip(8)  // FRAME: the frame's length is not needed
            case 0x2E:  // STOP
                return try pop(offset)
            case 0x28: marks.append(stack.count)  // MARK
            case 0x4E: stack.append(.none)  // NONE
            case 0x88: stack.append(.bool(true))  // NEWTRUE
            case 0x89: stack.append(.bool(false))  // NEWFALSE
            case 0x4B: stack.append(.int(Int64(try readByte())))  // BININT1
            case 0x4D: stack.append(.int(Int64(try readLittleEndian(2))))  // BININT2
            case 0x4A: stack.append(.int(Int64(Int32(truncatingIfNeeded: try readLittleEndian(4)))))  // BININT
            case 0x8A: stack.append(.int(try readLong(count: Int(try readByte()), at: offset)))  // LONG1
            case 0x47:  // BINFLOAT, big-endian
                let raw = try read(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                stack.append(.float(Double(bitPattern: raw)))
            case 0x58: stack.append(.string(try readString(count: Int(try readLittleEndian(4)))))  // BINUNICODE
            case 0x8C: stack.append(.string(try readString(count: Int(try readByte()))))  // SHORT_BINUNICODE
            case 0x8D:  // BINUNICODE8
                stack.append(.string(try readString(count: Int(clamping: try readLittleEndian(8)))))
            case 0x42: stack.append(.bytes(try read(Int(try readLittleEndian(4)))))  // BINBYTES
            case 0x43: stack.append(.bytes(try read(Int(try readByte()))))  // SHORT_BINBYTES
            case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
            case 0x85: stack.append(.tuple(try popMany(1, offset)))  // TUPLE1
            case 0x86: stack.append(.tuple(try popMany(2, offset)))  // TUPLE2
            case 0x87: stack.append(.tuple(try popMany(3, offset)))  // TUPLE3
            case 0x74: stack.append(.tuple(try popToMark(offset)))  // TUPLE
            case 0x5D: stack.append(.list(PickleList()))  // EMPTY_LIST
            case 0x7D: stack.append(.dict(PickleDict()))  // EMPTY_DICT
            case 0x61:  // APPEND
                let item = try pop(offset)
                try list(at: offset).items.append(item)
            case 0x65:  // APPENDS
                let items = try popToMark(offset)
                try list(at: offset).items += items
            case 0x73:  // SETITEM
                let value = try pop(offset)
                let key = try pop(offset)
                try dict(at: offset).items.append((key, value))
            case 0x75:  // SETITEMS
                let items = try popToMark(offset)
                guard items.count.isMultiple(of: 2) else { throw error("odd SETITEMS item count", at: offset) }
                let target = try dict(at: offset)
                for index in stride(from: 0, to: items.count, by: 2) {
                    target.items.append((items[index], items[index + 1]))
                }
            case 0x63:  // GLOBAL
                let module = try readLine(at: offset)
                let name = try readLine(at: offset)
                stack.append(.global(module: module, name: name))
            case 0x93:  // STACK_GLOBAL
                let name = try pop(offset)
                let module = try pop(offset)
                guard case .string(let moduleName) = module, case .string(let globalName) = name else {
                    throw error("STACK_GLOBAL needs two strings", at: offset)
                }
                stack.append(.global(module: moduleName, name: globalName))
            case 0x71: memo[Int(try readByte())] = try top(offset)  // BINPUT
            case 0x72: memo[Int(try readLittleEndian(4))] = try top(offset)  // LONG_BINPUT
            case 0x94: memo[memo.count] = try top(offset)  // MEMOIZE
            case 0x68: stack.append(try recall(Int(try readByte()), at: offset))  // BINGET
            case 0x6A: stack.append(try recall(Int(try readLittleEndian(4)), at: offset))  // LONG_BINGET
            case 0x51: stack.append(try persistentLoad(try pop(offset), at: offset))  // BINPERSID
            case 0x52:  // REDUCE
                let arguments = try pop(offset)
                let callable = try pop(offset)
                stack.append(try reduce(callable, arguments, at: offset))
            case 0x62:  // BUILD: object state (an OrderedDict's `_metadata`) is not needed for a state dict.
                _ = try pop(offset)
                _ = try top(offset)
            default:
                throw unsupported(String(format: "unsupported pickle opcode 0x%02x", opcode), at: offset)
            }
        }
    }

    // MARK: Objects

    private func persistentLoad(_ id: PickleValue, at offset: Int) throws -> PickleValue {
        guard case .tuple(let fields) = id, fields.count == 5, case .string("storage") = fields[0],
            case .global(_, let storageType) = fields[1], case .string(let key) = fields[2],
            case .int(let count) = fields[4]
        else { throw unsupported("unsupported persistent id \(id.typeName); expected a storage record", at: offset) }
        guard let dtype = Self.storageTypes[storageType] else {
            throw unsupported("unsupported storage type torch.\(storageType)", at: offset)
        }
        return .storage(StorageReference(key: key, dtype: dtype, count: Int(count)))
    }

    private static let storageTypes: [String: DType] = [
        "FloatStorage": .float32, "DoubleStorage": .float64, "LongStorage": .int64, "IntStorage": .int32,
        "ByteStorage": .uint8, "BoolStorage": .bool,
    ]

    private func reduce(_ callable: PickleValue, _ arguments: PickleValue, at offset: Int) throws -> PickleValue {
        guard case .global(let module, let name) = callable, case .tuple(let args) = arguments else {
            throw error("REDUCE of \(callable.typeName) with \(arguments.typeName)", at: offset)
        }
        switch (module, name) {
        case ("collections", "OrderedDict"), ("builtins", "dict"), ("__builtin__", "dict"):
            guard args.isEmpty else { throw error("\(module).\(name) with arguments", at: offset) }
            return .dict(PickleDict())
        case ("torch._utils", "_rebuild_tensor_v2"):
            guard args.count >= 4, case .storage(let storage) = args[0], case .int(let storageOffset) = args[1],
                case .tuple(let size) = args[2], case .tuple(let stride) = args[3]
            else { throw error("unexpected arguments to torch._utils._rebuild_tensor_v2", at: offset) }
            let shape = try size.map { try integer($0, at: offset) }
            let strides = try stride.map { try integer($0, at: offset) }
            guard shape.count == strides.count else { throw error("tensor size and stride ranks differ", at: offset) }
            return .tensor(
                TensorReference(storage: storage, offset: Int(storageOffset), shape: shape, strides: strides))
        case ("torch._utils", "_rebuild_parameter"):
            guard let data = args.first, case .tensor = data else {
                throw error("unexpected arguments to torch._utils._rebuild_parameter", at: offset)
            }
            return data
        default:
            throw unsupported("unsupported object \(module).\(name) (only state dicts of tensors are read)", at: offset)
        }
    }

    private func integer(_ value: PickleValue, at offset: Int) throws -> Int {
        guard case .int(let number) = value else { throw error("expected an int, got \(value.typeName)", at: offset) }
        return Int(number)
    }

    // MARK: Stack

    private mutating func pop(_ offset: Int) throws -> PickleValue {
        if let mark = marks.last, mark >= stack.count {
            throw error("stack underflow at a mark", at: offset)
        }
        guard let value = stack.popLast() else { throw error("stack underflow", at: offset) }
        return value
    }

    private func top(_ offset: Int) throws -> PickleValue {
        guard let value = stack.last else { throw error("stack underflow", at: offset) }
        return value
    }

    private mutating func popMany(_ count: Int, _ offset: Int) throws -> [PickleValue] {
        var values: [PickleValue] = []
        for _ in 0..<count {
            values.append(try pop(offset))
        }
        return values.reversed()
    }

    private mutating func popToMark(_ offset: Int) throws -> [PickleValue] {
        guard let mark = marks.popLast(), mark <= stack.count else { throw error("no MARK on the stack", at: offset) }
        let values = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return values
    }

    private func list(at offset: Int) throws -> PickleList {
        guard case .list(let list) = stack.last else { throw error("APPEND to a non-list", at: offset) }
        return list
    }

    private func dict(at offset: Int) throws -> PickleDict {
        guard case .dict(let dict) = stack.last else { throw error("SETITEM on a non-dict", at: offset) }
        return dict
    }

    private func recall(_ index: Int, at offset: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw error("memo entry \(index) missing", at: offset) }
        return value
    }

    // MARK: Reading bytes

    private mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw error("unexpected end of pickle data (truncated?)", at: position) }
        defer { position += 1 }
        return bytes[position]
    }

    /// Steps over `count` bytes. (Not `_ = read(count)`: Swift 6.3's optimizer freed that discarded array before
    /// filling it, a heap use-after-free that PthFuzzer found in the release build.)
    private mutating func skip(_ count: Int) throws {
        guard count <= bytes.count - position else {
            throw error("unexpected end of pickle data (truncated?)", at: position)
        }
        position += count
    }

    private mutating func read(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else {
            throw error("unexpected end of pickle data (truncated?)", at: position)
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    private mutating func readLittleEndian(_ count: Int) throws -> UInt64 {
        try read(count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private mutating func readLong(count: Int, at offset: Int) throws -> Int64 {
        guard count <= 8 else { throw error("integer wider than 64 bits", at: offset) }
        guard count > 0 else { return 0 }
        let raw = try readLittleEndian(count)
        let shift = UInt64(64 - 8 * count)
        return Int64(bitPattern: raw << shift) >> Int64(shift)  // sign-extend
    }

    private mutating func readString(count: Int) throws -> String {
        let start = position
        let raw = try read(count)
        guard let text = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8 string", at: start) }
        return text
    }

    private mutating func readLine(at offset: Int) throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else {
            throw error("unterminated GLOBAL name", at: offset)
        }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// A malformed pickle: `.file(describe, .corrupt(...))`.
    private func error(_ message: String, at offset: Int) -> TorchError {
        .file(path: describe, .corrupt("\(message) at byte \(offset) of the pickle"))
    }

    /// A well-formed pickle using something this reader does not read: `.file(describe, .unsupported(...))`.
    private func unsupported(_ message: String, at offset: Int) -> TorchError {
        .file(path: describe, .unsupported("\(message) at byte \(offset) of the pickle"))
    }
}
