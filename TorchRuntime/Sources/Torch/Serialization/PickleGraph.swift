/// The objects a pickle program builds, as a flat graph: every object is a node in one array and containers hold
/// the indices of their items. Nothing in it is recursive, so a hostile pickle nesting 100,000 tuples or a list
/// that contains itself costs one array entry per object, and freeing the graph frees flat arrays.
struct PickleGraph {
    /// A pickled object.
    enum Node {
        case none
        case bool(Bool)
        case int(Int64)
        case float(Double)
        case string(String)
        /// A tuple, list or dict: its items are `containers[container]` (a dict's as key, value, key, value, ...).
        case container(Container, Int)
        /// A `GLOBAL` reference (`module.name`), before `REDUCE` calls it.
        case global(module: String, name: String)
        /// A storage named by a persistent id ('storage', torch.<Type>Storage, key, location, numel).
        case storage(StorageReference)
        /// A tensor viewing a storage (`torch._utils._rebuild_tensor_v2`, `_rebuild_parameter`).
        case tensor(TensorReference)
    }

    /// The kinds of containers.
    enum Container {
        case tuple
        case list
        case dict
        /// `collections.OrderedDict`.
        case orderedDict
    }

    private(set) var nodes: [Node] = []
    /// The items of each container, by container number.
    private(set) var containers: [[Int]] = []

    /// Adds `node` and returns its index.
    mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// Adds a container holding `items` and returns its node index.
    mutating func addContainer(_ kind: Container, _ items: [Int] = []) -> Int {
        containers.append(items)
        return add(.container(kind, containers.count - 1))
    }

    /// Appends `items` to container number `container`.
    mutating func append(_ items: some Sequence<Int>, to container: Int) {
        containers[container].append(contentsOf: items)
    }

    /// Python's name for the type of node `index`, for error messages.
    func typeName(_ index: Int) -> String {
        switch nodes[index] {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .container(.tuple, _): "tuple"
        case .container(.list, _): "list"
        case .container(.dict, _): "dict"
        case .container(.orderedDict, _): "collections.OrderedDict"
        case .global(let module, let name): "\(module).\(name)"
        case .storage(let storage): "torch.\(storage.typeName)"
        case .tensor: "Tensor"
        }
    }
}

/// A storage record of a PyTorch zip archive: its bytes are the record `data/<key>`.
struct StorageReference: Equatable {
    var key: String
    var dtype: DType
    /// The storage class's name, e.g. "FloatStorage".
    var typeName: String
    /// Elements, as declared in the pickle.
    var count: Int
}

/// How a tensor views a storage (`_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`), checked
/// against the storage's declared size when it is built.
struct TensorReference {
    var storage: StorageReference
    var offset: Int
    var shape: [Int]
    var strides: [Int]
    var requiresGrad: Bool
}
