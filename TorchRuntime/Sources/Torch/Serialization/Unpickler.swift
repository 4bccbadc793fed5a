import Foundation

/// Runs a pickle program (protocols 2 to 4) the way `torch.load(f, weights_only=True)` runs it, building a
/// `PickleGraph`: the opcodes of PyTorch's weights-only unpickler (and the protocol-4 ones torch 2.x reads), the
/// globals it allows that this runtime can represent (`collections.OrderedDict`, `torch.Size`, the storage
/// classes of the supported dtypes, `torch._utils._rebuild_tensor_v2` / `_rebuild_tensor` / `_rebuild_parameter`),
/// and persistent ids naming storages. Anything else is an error naming the file and the byte offset.
///
/// The machine is iterative and its objects are graph nodes, so no input can make it recurse; every view a
/// rebuild function declares is checked against its storage's declared size, with PyTorch's own rules, before any
/// tensor exists.
struct Unpickler {
    private let bytes: [UInt8]
    private let describe: String
    private var position = 0
    private(set) var graph = PickleGraph()
    private var stack: [Int] = []
    private var marks: [Int] = []
    private var memo: [UInt64: Int] = [:]
    /// Every storage a persistent id declared, by key (PyTorch loads each one, referenced later or not).
    private(set) var storages: [String: StorageReference] = [:]

    init(_ bytes: [UInt8], describe: String) {
        self.bytes = bytes
        self.describe = describe
    }

    /// Runs the program to `STOP` and returns the index of the object it built.
    mutating func load() throws -> Int {
        while true {
            let offset = position
            let opcode = try readByte()
            switch opcode {
            case 0x80: _ = try readByte()  // PROTO
            case 0x95: try skip(8)  // FRAME: the frame's length is not needed
            case 0x2E: return try pop(offset)  // STOP
            case 0x28: marks.append(stack.count)  // MARK
            case 0x4E: push(.none)  // NONE
            case 0x88: push(.bool(true))  // NEWTRUE
            case 0x89: push(.bool(false))  // NEWFALSE
            case 0x4B: push(.int(Int64(try readByte())))  // BININT1
            case 0x4D: push(.int(Int64(try readLittleEndian(2))))  // BININT2
            case 0x4A: push(.int(Int64(Int32(truncatingIfNeeded: try readLittleEndian(4)))))  // BININT
            case 0x8A: push(.int(try readLong(count: Int(try readByte()), at: offset)))  // LONG1
            case 0x47:  // BINFLOAT, big-endian
                let raw = try read(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                push(.float(Double(bitPattern: raw)))
            case 0x58: push(.string(try readString(count: try readLittleEndian(4))))  // BINUNICODE
            case 0x8C: push(.string(try readString(count: UInt64(try readByte()))))  // SHORT_BINUNICODE
            case 0x8D: push(.string(try readString(count: try readLittleEndian(8))))  // BINUNICODE8
            // SHORT_BINSTRING: a Python 2 str, which torch.load decodes as UTF-8.
            case 0x55: push(.string(try readString(count: UInt64(try readByte()))))
            case 0x29: stack.append(tuple([]))  // EMPTY_TUPLE
            case 0x85: stack.append(tuple(try popMany(1, offset)))  // TUPLE1
            case 0x86: stack.append(tuple(try popMany(2, offset)))  // TUPLE2
            case 0x87: stack.append(tuple(try popMany(3, offset)))  // TUPLE3
            case 0x74: stack.append(tuple(try popToMark(offset)))  // TUPLE
            case 0x5D: stack.append(graph.addContainer(.list))  // EMPTY_LIST
            case 0x7D: stack.append(graph.addContainer(.dict))  // EMPTY_DICT
            case 0x61:  // APPEND
                let item = try pop(offset)
                graph.append([item], to: try list(at: offset))
            case 0x65:  // APPENDS
                let items = try popToMark(offset)
                graph.append(items, to: try list(at: offset))
            case 0x73:  // SETITEM
                let value = try pop(offset)
                let key = try pop(offset)
                let target = try dict(at: offset)
                try checkHashable(key, at: offset)
                graph.append([key, value], to: target)
            case 0x75:  // SETITEMS
                let items = try popToMark(offset)
                // Python assigns pair by pair and reads the target only for a pair.
                guard !items.isEmpty else { break }
                let target = try dict(at: offset)
                for index in stride(from: 0, to: items.count, by: 2) { try checkHashable(items[index], at: offset) }
                guard items.count.isMultiple(of: 2) else { throw error("odd SETITEMS item count", at: offset) }
                graph.append(items, to: target)
            case 0x63:  // GLOBAL
                let module = try readLine(at: offset)
                let name = try readLine(at: offset)
                push(try global(module, name, at: offset))
            case 0x93:  // STACK_GLOBAL
                let name = try pop(offset)
                let module = try pop(offset)
                guard case .string(let moduleName) = graph.nodes[module],
                    case .string(let globalName) = graph.nodes[name]
                else { throw error("STACK_GLOBAL needs two strings", at: offset) }
                push(try global(moduleName, globalName, at: offset))
            case 0x71: memo[UInt64(try readByte())] = try top(offset)  // BINPUT
            case 0x72: memo[try readLittleEndian(4)] = try top(offset)  // LONG_BINPUT
            case 0x94: memo[UInt64(memo.count)] = try top(offset)  // MEMOIZE
            case 0x68: stack.append(try recall(UInt64(try readByte()), at: offset))  // BINGET
            case 0x6A: stack.append(try recall(try readLittleEndian(4), at: offset))  // LONG_BINGET
            case 0x51: push(try persistentLoad(try pop(offset), at: offset))  // BINPERSID
            case 0x52:  // REDUCE
                let arguments = try pop(offset)
                let callable = try pop(offset)
                stack.append(try reduce(callable, arguments, at: offset))
            case 0x62:  // BUILD
                let state = try pop(offset)
                try build(try top(offset), state, at: offset)
            default:
                throw unsupported(String(format: "unsupported pickle opcode 0x%02x", opcode), at: offset)
            }
        }
    }

    private mutating func push(_ node: PickleGraph.Node) {
        stack.append(graph.add(node))
    }

    /// Tuples holding a list or dict, at any depth: Python cannot hash them.
    private var unhashableTuples = Set<Int>()

    /// A new tuple of `items`, noting whether Python could hash it (its items are fixed, so this is known now).
    private mutating func tuple(_ items: [Int]) -> Int {
        let node = graph.addContainer(.tuple, items)
        if !items.allSatisfy(isHashable) { unhashableTuples.insert(node) }
        return node
    }

    private func isHashable(_ node: Int) -> Bool {
        switch graph.nodes[node] {
        case .container(.tuple, _): !unhashableTuples.contains(node)
        case .container: false
        default: true
        }
    }

    /// Python hashes a dict key when it is stored, whether or not the dict ends up in the value.
    private func checkHashable(_ key: Int, at offset: Int) throws {
        guard isHashable(key) else { throw error("unhashable dict key (a \(graph.typeName(key)))", at: offset) }
    }

    // MARK: Objects

    /// The storage classes this runtime reads, by name (`torch.<name>`, or `torch.cuda.<name>` as saved from a
    /// GPU), with their dtypes. `torch.storage.UntypedStorage` holds bytes.
    private static let storageTypes: [String: DType] = [
        "FloatStorage": .float32, "DoubleStorage": .float64, "LongStorage": .int64, "IntStorage": .int32,
        "ByteStorage": .uint8, "BoolStorage": .bool,
    ]

    /// The node a `GLOBAL` pushes; a name outside what this reader can represent is an error, as every name outside
    /// PyTorch's weights-only list is one there.
    private func global(_ module: String, _ name: String, at offset: Int) throws -> PickleGraph.Node {
        switch (module, name) {
        case ("collections", "OrderedDict"), ("torch", "Size"), ("torch._utils", "_rebuild_tensor_v2"),
            ("torch._utils", "_rebuild_tensor"), ("torch._utils", "_rebuild_parameter"),
            ("torch.storage", "UntypedStorage"):
            return .global(module: module, name: name)
        case _ where (module == "torch" || module == "torch.cuda") && Self.storageTypes[name] != nil:
            return .global(module: module, name: name)
        default:
            throw unsupported("unsupported global \(module).\(name)", at: offset)
        }
    }

    /// `persistent_load(('storage', storage_type, key, location, numel))`: the location is ignored (storages load
    /// on the CPU, as with `map_location="cpu"`). A key declared twice must be declared alike.
    private mutating func persistentLoad(_ id: Int, at offset: Int) throws -> PickleGraph.Node {
        guard case .container(.tuple, let container) = graph.nodes[id], case let fields = graph.containers[container],
            fields.count == 5, case .string("storage") = graph.nodes[fields[0]]
        else { throw unsupported("persistent id \(graph.typeName(id)) is not a storage record", at: offset) }
        guard case .global(let module, let typeName) = graph.nodes[fields[1]],
            let dtype = module == "torch.storage" ? DType.uint8 : Self.storageTypes[typeName]
        else { throw error("storage record with a storage type of \(graph.typeName(fields[1]))", at: offset) }
        let key: String
        switch graph.nodes[fields[2]] {
        case .string(let text): key = text
        case .int(let number): key = String(number)
        default: throw unsupported("storage key of type \(graph.typeName(fields[2]))", at: offset)
        }
        let size = graph.nodes[fields[4]]
        if let earlier = storages[key] {
            // PyTorch loads a key once and ignores later declarations; one that differs is refused here.
            guard case .int(let declared) = size, declared == earlier.count, dtype == earlier.dtype else {
                throw error(
                    "storage data/\(key) declared twice, as \(earlier.count) × \(earlier.dtype) and then as a "
                        + "\(graph.typeName(fields[4])) size of \(dtype)", at: offset)
            }
            return .storage(earlier)
        }
        // The size in bytes must fit in an Int, as PyTorch's must fit in a size_t.
        guard case .int(let declared) = size, declared >= 0,
            !Int(declared).multipliedReportingOverflow(by: dtype.byteCount).overflow
        else { throw error("storage data/\(key) has an invalid size", at: offset) }
        let storage = StorageReference(key: key, dtype: dtype, typeName: typeName, count: Int(declared))
        storages[key] = storage
        return .storage(storage)
    }

    private mutating func reduce(_ callable: Int, _ arguments: Int, at offset: Int) throws -> Int {
        guard case .global(let module, let name) = graph.nodes[callable] else {
            throw error("REDUCE calls a \(graph.typeName(callable))", at: offset)
        }
        guard case .container(let kind, let container) = graph.nodes[arguments], kind == .tuple || kind == .list else {
            throw error("REDUCE arguments are a \(graph.typeName(arguments))", at: offset)
        }
        let args = graph.containers[container]
        func fail(_ why: String) -> TorchError { error("\(module).\(name)(...): \(why)", at: offset) }
        switch (module, name) {
        case ("collections", "OrderedDict"):
            guard args.count <= 1 else { throw fail("takes one argument, got \(args.count)") }
            let items = try args.first.map { try pairs(of: $0, at: offset) } ?? []
            for index in stride(from: 0, to: items.count, by: 2) { try checkHashable(items[index], at: offset) }
            return graph.addContainer(.orderedDict, items)
        case ("torch", "Size"):
            guard args.count <= 1 else { throw fail("takes one argument, got \(args.count)") }
            guard let sequence = args.first else { return tuple([]) }
            let sizes = try integers(sequence, at: offset)
            return tuple(sizes.map { graph.add(.int(Int64($0))) })
        case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
            let version2 = name == "_rebuild_tensor_v2"
            // (storage, offset, size, stride[, requires_grad, backward_hooks]); torch 1.13 takes no metadata argument.
            guard args.count == (version2 ? 6 : 4) else {
                throw fail("unexpected argument count \(args.count)")
            }
            guard case .storage(let storage) = graph.nodes[args[0]] else {
                throw fail("a \(graph.typeName(args[0])) where a storage belongs")
            }
            guard case .int(let storageOffset) = graph.nodes[args[1]] else {
                throw fail("a \(graph.typeName(args[1])) where the storage offset belongs")
            }
            var requiresGrad = false
            if version2 {
                guard case .bool(let flag) = graph.nodes[args[4]] else { throw fail("requires_grad is not a bool") }
                requiresGrad = flag
            }
            let reference = TensorReference(
                storage: storage, offset: Int(storageOffset), shape: try integers(args[2], at: offset),
                strides: try integers(args[3], at: offset), requiresGrad: requiresGrad)
            try checkView(reference, at: offset)
            return graph.add(.tensor(reference))
        case ("torch._utils", "_rebuild_parameter"):
            guard args.count == 3, case .tensor(var reference) = graph.nodes[args[0]] else {
                throw fail("expects (tensor, requires_grad, hooks)")
            }
            guard case .bool(let flag) = graph.nodes[args[1]] else { throw fail("requires_grad is not a bool") }
            reference.requiresGrad = flag
            try checkView(reference, at: offset)
            return graph.add(.tensor(reference))
        default:
            throw unsupported("cannot call \(module).\(name)", at: offset)
        }
    }

    /// The key, value, key, value, ... items `OrderedDict(argument)` builds: from a dict, or a sequence of pairs.
    private func pairs(of argument: Int, at offset: Int) throws -> [Int] {
        guard case .container(let kind, let container) = graph.nodes[argument] else {
            throw unsupported("OrderedDict of a \(graph.typeName(argument))", at: offset)
        }
        let items = graph.containers[container]
        if kind == .dict || kind == .orderedDict { return items }
        return try items.flatMap { item -> [Int] in
            guard case .container(let pairKind, let pair) = graph.nodes[item], pairKind == .tuple || pairKind == .list,
                graph.containers[pair].count == 2
            else { throw unsupported("OrderedDict item is a \(graph.typeName(item)), not a pair", at: offset) }
            return graph.containers[pair]
        }
    }

    /// `BUILD` on an `OrderedDict` sets its attributes (`_metadata`), which the value does not keep; PyTorch builds
    /// nothing else in a weights-only load this runtime can represent.
    private func build(_ instance: Int, _ state: Int, at offset: Int) throws {
        guard case .container(.orderedDict, _) = graph.nodes[instance] else {
            throw unsupported("BUILD of a \(graph.typeName(instance))", at: offset)
        }
        guard case .container(let kind, _) = graph.nodes[state], kind == .dict || kind == .orderedDict else {
            throw unsupported("BUILD of an OrderedDict with a \(graph.typeName(state)) state, not a dict", at: offset)
        }
    }

    /// The ints of a tuple, list or `torch.Size`.
    private func integers(_ index: Int, at offset: Int) throws -> [Int] {
        guard case .container(let kind, let container) = graph.nodes[index], kind == .tuple || kind == .list else {
            throw error("expected a tuple of ints, got a \(graph.typeName(index))", at: offset)
        }
        return try graph.containers[container].map {
            guard case .int(let number) = graph.nodes[$0] else {
                throw error("expected an int, got a \(graph.typeName($0))", at: offset)
            }
            return Int(number)
        }
    }

    /// PyTorch's checks when `set_` places a view on a storage (`checkSetStorage`, SymInt's range,
    /// `safe_compute_numel`, `computeStorageNbytes`, then the storage's size): equal ranks, sizes and strides from
    /// -2^62, no negative offset or size (PyTorch lets a size be negative beside a zero one), an element count
    /// and a storage extent that do not overflow, and an extent within the declared storage. A view with no element
    /// needs no storage (any offset and strides); a dimension of one element may have any stride.
    private func checkView(_ view: TensorReference, at offset: Int) throws {
        func fail(_ why: String) -> TorchError {
            error("tensor view \(view.shape) \(view.strides): \(why)", at: offset)
        }
        guard view.shape.count == view.strides.count else { throw fail("size and stride ranks differ") }
        // Sizes and strides are SymInts in PyTorch, which cannot hold ints below -2^62.
        guard (view.shape + view.strides).allSatisfy({ $0 >= -(1 << 62) }) else {
            throw fail("a size or stride below -2^62 (not a SymInt)")
        }
        guard view.offset >= 0, view.shape.allSatisfy({ $0 >= 0 }) else { throw fail("negative offset or size") }
        var count: UInt64 = 1
        var overflow = false
        for size in view.shape {
            let (product, overflowed) = count.multipliedReportingOverflow(by: UInt64(size))
            count = product
            overflow = overflow || overflowed
        }
        guard !overflow, count <= UInt64(Int.max) else { throw fail("element count overflows") }
        guard let extent = Self.storageExtent(view) else { throw fail("storage extent overflows") }
        guard extent <= UInt64(view.storage.count) else {
            throw fail("reaches past its storage of \(view.storage.count) elements (view reaches past its storage)")
        }
        if view.requiresGrad, view.storage.dtype != .float32, view.storage.dtype != .float64 {
            throw fail("only floating-point tensors can require gradients, not \(view.storage.dtype)")
        }
    }

    /// The number of storage elements a view needs (offset + 1 + the last element's strided position), 0 for a
    /// view without elements, `nil` when PyTorch's unsigned computation overflows.
    static func storageExtent(_ view: TensorReference) -> UInt64? {
        var extent = UInt64(view.offset) + 1
        var overflow = false
        for (size, stride) in zip(view.shape, view.strides) {
            if size == 0 { return 0 }
            let (strided, multiplied) = UInt64(bitPattern: Int64(stride)).multipliedReportingOverflow(
                by: UInt64(size - 1))
            let (sum, added) = extent.addingReportingOverflow(strided)
            extent = sum
            overflow = overflow || multiplied || added
        }
        let (bytes, scaled) = extent.multipliedReportingOverflow(by: UInt64(view.storage.dtype.byteCount))
        guard !overflow, !scaled, bytes <= UInt64(Int.max) else { return nil }
        return extent
    }

    // MARK: Stack

    /// The number of stack entries above the innermost mark (PyTorch keeps a fresh stack per mark).
    private var available: Int { stack.count - (marks.last ?? 0) }

    private mutating func pop(_ offset: Int) throws -> Int {
        guard available > 0 else {
            throw error(marks.isEmpty ? "stack underflow" : "stack underflow at a mark", at: offset)
        }
        return stack.removeLast()
    }

    private func top(_ offset: Int) throws -> Int {
        guard available > 0, let value = stack.last else { throw error("stack underflow", at: offset) }
        return value
    }

    private mutating func popMany(_ count: Int, _ offset: Int) throws -> [Int] {
        guard available >= count else { throw error("stack underflow", at: offset) }
        defer { stack.removeLast(count) }
        return Array(stack.suffix(count))
    }

    private mutating func popToMark(_ offset: Int) throws -> [Int] {
        guard let mark = marks.popLast() else { throw error("no MARK on the stack", at: offset) }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    /// The container number of the list on top of the stack.
    private func list(at offset: Int) throws -> Int {
        guard case .container(.list, let container) = graph.nodes[try top(offset)] else {
            throw error("APPEND to a \(graph.typeName(try top(offset))), not a list", at: offset)
        }
        return container
    }

    /// The container number of the dict on top of the stack.
    private func dict(at offset: Int) throws -> Int {
        let target = try top(offset)
        guard case .container(let kind, let container) = graph.nodes[target], kind == .dict || kind == .orderedDict
        else { throw unsupported("SETITEM on a \(graph.typeName(target)), not a dict", at: offset) }
        return container
    }

    private func recall(_ index: UInt64, at offset: Int) throws -> Int {
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

    private mutating func read(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw error("unexpected end of pickle data (truncated?)", at: position)
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    private mutating func readLittleEndian(_ count: Int) throws -> UInt64 {
        try read(count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private mutating func readLong(count: Int, at offset: Int) throws -> Int64 {
        guard count <= 8 else { throw unsupported("integer wider than 64 bits", at: offset) }
        guard count > 0 else { return 0 }
        let raw = try readLittleEndian(count)
        let shift = UInt64(64 - 8 * count)
        return Int64(bitPattern: raw << shift) >> Int64(shift)  // sign-extend
    }

    private mutating func readString(count: UInt64) throws -> String {
        let start = position
        guard count <= UInt64(bytes.count - position) else {
            throw error("unexpected end of pickle data (truncated?)", at: position)
        }
        let raw = try read(Int(count))
        guard let text = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8 string", at: start) }
        return text
    }

    private mutating func readLine(at offset: Int) throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else {
            throw error("unterminated GLOBAL name", at: offset)
        }
        defer { position = end + 1 }
        guard let text = String(validating: bytes[position..<end], as: UTF8.self) else {
            throw error("invalid UTF-8 in a GLOBAL name", at: offset)
        }
        return text
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
