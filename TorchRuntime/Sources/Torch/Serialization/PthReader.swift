import Foundation

/// Reads a `torch.save` file in two steps: `init` checks everything (the zip, the archive's layout, the pickle, every
/// view against its declared storage, every storage against its record, the value's nesting and size), and only
/// then `value()` builds tensors, each a view of its storage's bytes as `torch.load` builds them. Nothing is
/// allocated beyond the records' own bytes, whatever sizes the file declares.
struct PthReader {
    private let archive: PyTorchArchive
    private let graph: PickleGraph
    /// The node of the loaded object.
    let root: Int
    private let describe: String

    init(data: Data, describe: String) throws {
        self.describe = describe
        archive = try PyTorchArchive(data: data, describe: describe)
        guard let pickle = archive.record("data.pkl") else {
            throw TorchError.file(
                path: describe, .unsupported("no data.pkl record; not a PyTorch file saved with torch.save"))
        }
        var unpickler = Unpickler([UInt8](pickle), describe: describe)
        root = try unpickler.load()
        graph = unpickler.graph
        // PyTorch reads every storage a persistent id names; each record must hold what its declaration says.
        for (key, storage) in unpickler.storages.sorted(by: { $0.key < $1.key }) {
            guard let size = archive.recordSize("data/\(key)") else {
                throw TorchError.file(path: describe, .corrupt("missing storage record \(archive.folder)data/\(key)"))
            }
            let declared = storage.count * storage.dtype.byteCount
            guard size >= declared else {
                throw TorchError.file(
                    path: describe,
                    .corrupt(
                        "storage \(archive.folder)data/\(key) holds \(size) bytes, \(declared) declared (truncated?)"))
            }
        }
        try checkShape()
    }

    private func fail(_ problem: TorchError.FileProblem) -> TorchError {
        .file(path: describe, problem)
    }

    // MARK: Limits

    /// Walks the containers reachable from the root without recursion and throws if one contains itself, if
    /// containers nest deeper than `SavedValue.maxNestingDepth`, or if the value, with every repeated (memoized)
    /// object written out, would hold more than `SavedValue.maxRepeatedValues` values beyond the pickle's own.
    private func checkShape() throws {
        let limit = graph.nodes.count + SavedValue.maxRepeatedValues
        var height = [Int32](repeating: -1, count: graph.nodes.count)  // -1: not seen, -2: on the path
        var expanded = [Int](repeating: 0, count: graph.nodes.count)
        var path: [(node: Int, next: Int)] = []

        /// Enters `node` (a child at depth `path.count + 1`), or accounts for it when already finished.
        func visit(_ node: Int) throws {
            guard case .container = graph.nodes[node] else {
                expanded[node] = 1
                height[node] = 0
                return
            }
            switch height[node] {
            case -2:
                throw fail(.unsupported("a container contains itself (a recursive list or dict)"))
            case -1:
                guard path.count < SavedValue.maxNestingDepth else { throw tooDeep() }
                height[node] = -2
                path.append((node, 0))
            default:
                guard path.count + Int(height[node]) <= SavedValue.maxNestingDepth else { throw tooDeep() }
            }
        }
        try visit(root)
        while let (node, next) = path.last {
            guard case .container(_, let container) = graph.nodes[node] else { break }
            let items = graph.containers[container]
            if next < items.count {
                path[path.count - 1].next += 1
                try visit(items[next])
                continue
            }
            path.removeLast()
            var total = 1
            var deepest: Int32 = 0
            for item in items {
                total = Swift.min(total + expanded[item], limit + 1)
                deepest = Swift.max(deepest, height[item])
            }
            guard total <= limit else {
                throw fail(
                    .unsupported(
                        "repeated references expand the value beyond \(SavedValue.maxRepeatedValues) more values "
                            + "than the pickle holds"))
            }
            expanded[node] = total
            height[node] = deepest + 1
        }
    }

    private func tooDeep() -> TorchError {
        fail(.unsupported("containers nested deeper than \(SavedValue.maxNestingDepth) levels"))
    }

    // MARK: State dicts

    /// The root's entries when it is a dict from names to tensors, in order, without building any tensor; throws
    /// the state dict errors otherwise.
    func stateDictEntries() throws -> [(name: String, node: Int, view: TensorReference)] {
        guard case .container(let kind, let container) = graph.nodes[root], kind == .dict || kind == .orderedDict else {
            throw fail(.unsupported("the pickled object is not a dict (only state dicts of tensors are read)"))
        }
        var entries: [(name: String, node: Int, view: TensorReference)] = []
        var seen = Set<String>()
        let items = graph.containers[container]
        for index in stride(from: 0, to: items.count, by: 2) {
            guard case .string(let name) = graph.nodes[items[index]] else {
                throw fail(.unsupported("state dict key of type \(graph.typeName(items[index])); expected str"))
            }
            guard seen.insert(name).inserted else { throw fail(.corrupt("duplicate state dict key \"\(name)\"")) }
            guard case .tensor(let view) = graph.nodes[items[index + 1]] else {
                throw fail(
                    .unsupported(
                        "state dict entry \"\(name)\" is a \(graph.typeName(items[index + 1])), not a tensor"))
            }
            entries.append((name, items[index + 1], view))
        }
        return entries
    }

    // MARK: Building

    /// The loaded object, with tensors built as views of their storages (one tensor per storage record, shared).
    func value() throws -> SavedValue {
        var builder = ValueBuilder(reader: self)
        return try builder.value(of: root)
    }

    /// Builds values bottom-up without recursion, once per node: an object the pickle repeats is built once (the
    /// same `Tensor`, the same array storage).
    private struct ValueBuilder {
        let reader: PthReader
        var built: [Int: SavedValue] = [:]
        var storages: [String: Tensor] = [:]

        init(reader: PthReader) {
            self.reader = reader
        }

        mutating func value(of root: Int) throws -> SavedValue {
            var pending = [root]
            while let node = pending.last {
                if built[node] != nil {
                    pending.removeLast()
                    continue
                }
                if case .container(_, let container) = reader.graph.nodes[node] {
                    let missing = reader.graph.containers[container].filter { built[$0] == nil }
                    if !missing.isEmpty {
                        pending += Set(missing)  // checkShape ruled out cycles
                        continue
                    }
                }
                built[node] = try make(node)
                pending.removeLast()
            }
            return built[root] ?? .none
        }

        private mutating func make(_ node: Int) throws -> SavedValue {
            let graph = reader.graph
            switch graph.nodes[node] {
            case .none: return .none
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(Int(number))
            case .float(let number): return .float(number)
            case .string(let text): return .string(text)
            case .tensor(let view): return .tensor(try tensor(view))
            case .global, .storage:
                throw reader.fail(
                    .unsupported("a \(graph.typeName(node)) object as a value (values hold tensors, not storages)"))
            case .container(let kind, let container):
                let items = graph.containers[container].map { built[$0] ?? .none }
                switch kind {
                case .tuple: return .tuple(items)
                case .list: return .list(items)
                case .dict, .orderedDict:
                    var dict = SavedDict([], isOrderedDict: kind == .orderedDict)
                    let keys = graph.containers[container]
                    for index in stride(from: 0, to: keys.count, by: 2) {
                        let key: SavedDict.Key
                        switch graph.nodes[keys[index]] {
                        case .string(let text): key = .string(text)
                        case .int(let number): key = .int(Int(number))
                        default:
                            throw reader.fail(
                                .unsupported("a dict key of type \(graph.typeName(keys[index])); keys are str or int"))
                        }
                        guard dict[key] == nil else { throw reader.fail(.corrupt("duplicate key \(key) in a dict")) }
                        dict[key] = items[index + 1]
                    }
                    return .dict(dict)
                }
            }
        }

        /// The tensor a view describes: a view of its storage's tensor, made from the record's bytes once.
        private mutating func tensor(_ view: TensorReference) throws -> Tensor {
            let dtype = view.storage.dtype
            if view.shape.contains(0) {
                return try Tensor.empty(view.shape, dtype: dtype).setRequiresGrad(view.requiresGrad)
            }
            let storage: Tensor
            if let existing = storages[view.storage.key] {
                storage = existing
            } else {
                let name = "data/\(view.storage.key)"
                var bytes = [UInt8](reader.archive.record(name)?.prefix(view.storage.count * dtype.byteCount) ?? Data())
                if dtype == .bool {
                    // PyTorch reads any non-zero byte as True; a Swift Bool must be 0 or 1.
                    for index in bytes.indices where bytes[index] > 1 { bytes[index] = 1 }
                }
                storage = try Tensor(bytes: bytes, shape: [view.storage.count], dtype: dtype)
                storages[view.storage.key] = storage
            }
            // A dimension of one element ignores its stride: libtorch's as_strided refuses negative ones.
            let strides = zip(view.shape, view.strides).map { $0 == 1 ? Swift.max($1, 0) : $1 }
            let tensor = try storage.asStrided(view.shape, strides: strides, offset: view.offset)
            return view.requiresGrad ? try tensor.setRequiresGrad(true) : tensor
        }
    }
}
