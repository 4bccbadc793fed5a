/// A value of the pickle subset PyTorch state dicts use, as the unpickler builds it.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// A `GLOBAL` reference (`module.name`), before it is called by `REDUCE`.
    case global(module: String, name: String)
    /// A storage named by a persistent id: ('storage', torch.FloatStorage, key, location, numel).
    case storage(StorageReference)
    /// A tensor view of a storage (`torch._utils._rebuild_tensor_v2`).
    case tensor(TensorReference)

    /// Python's spelling of the value's type, for error messages.
    var typeName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .tuple: "tuple"
        case .list: "list"
        case .dict: "dict"
        case .global(let module, let name): "\(module).\(name)"
        case .storage: "storage"
        case .tensor: "Tensor"
        }
    }
}

/// A pickled list; a class so that memo references and later `APPEND`s see the same object, as in Python.
final class PickleList {
    var items: [PickleValue] = []
}

/// A pickled dict or OrderedDict (insertion order kept); a class for the same reason as `PickleList`.
final class PickleDict {
    var items: [(key: PickleValue, value: PickleValue)] = []
}

/// A storage record of a PyTorch zip archive: its entry is `<archive>/data/<key>`.
struct StorageReference {
    var key: String
    var dtype: DType
    var count: Int
}

/// How a tensor views a storage.
struct TensorReference {
    var storage: StorageReference
    var offset: Int
    var shape: [Int]
    var strides: [Int]
}
