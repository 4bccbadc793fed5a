/// A value `torch.save` writes and `torch.load` returns: the Python objects a checkpoint is made of — `None`,
/// `bool`, `int`, `float`, `str`, tensors, lists, tuples and dicts with `str` or `int` keys, nested.
///
/// `Torch.save(_:to:)` writes one as PyTorch does (Python reads it with `torch.load`), and `Torch.load(from:)`
/// reads what Python's `torch.save` wrote, with the limits below. Literals build values:
///
/// ```swift
/// let checkpoint: SavedValue = [
///     "epoch": 5,
///     "model_state_dict": .dict(try model.stateDict().savedDict),
///     "optimizer_state_dict": try optimizer.stateDict(),
///     "history": [0.91, 0.58, 0.44],
/// ]
/// try Torch.save(checkpoint, to: url)
/// let epoch = try Torch.load(from: url)["epoch"]?.intValue
/// ```
///
/// Tensors keep their identity and their storages: a tensor that appears twice is the same `Tensor` after a round
/// trip, and tensors sharing a storage are written with one copy of it, as `torch.save` does.
public enum SavedValue: Sendable {
    /// Python's `None`.
    case none
    /// A `bool`.
    case bool(Bool)
    /// An `int` (64 bits; a file holding a wider one is refused).
    case int(Int)
    /// A `float`.
    case float(Double)
    /// A `str`.
    case string(String)
    /// A `torch.Tensor` (or `torch.nn.Parameter`, read as a tensor that requires grad).
    case tensor(Tensor)
    /// A `list`.
    case list([SavedValue])
    /// A `tuple` (also what a `torch.Size` reads as).
    case tuple([SavedValue])
    /// A `dict` or `collections.OrderedDict`.
    case dict(SavedDict)

    /// The deepest nesting of lists, tuples and dicts that `load` accepts and `save` writes: 1,000 levels (as far as
    /// a Python program can usually recurse). A file nesting deeper is refused before anything is built.
    public static let maxNestingDepth = 1000

    /// How many values a loaded value may hold beyond the objects its pickle creates, when the pickle repeats one
    /// object in several places (its memo): 1,000,000. A few hundred bytes of pickle could otherwise stand for a value
    /// of billions of items.
    public static let maxRepeatedValues = 1_000_000

    /// Python's name for the value's type, e.g. `"dict"`, `"Tensor"`.
    public var typeName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .tensor: "Tensor"
        case .list: "list"
        case .tuple: "tuple"
        case .dict(let dict): dict.isOrderedDict ? "collections.OrderedDict" : "dict"
        }
    }

    // MARK: Reading

    /// The value under `key` when this is a dict holding it (`value["state"]`, `value[0]`), else `nil`.
    public subscript(key: SavedDict.Key) -> SavedValue? {
        guard case .dict(let dict) = self else { return nil }
        return dict[key]
    }

    /// The tensor, when this is one.
    public var tensorValue: Tensor? {
        guard case .tensor(let tensor) = self else { return nil }
        return tensor
    }

    /// The integer, when this is an `int`.
    public var intValue: Int? {
        guard case .int(let number) = self else { return nil }
        return number
    }

    /// The number, when this is a `float` or an `int` (as Python accepts an `int` where a `float` is expected).
    public var doubleValue: Double? {
        switch self {
        case .float(let number): number
        case .int(let number): Double(number)
        default: nil
        }
    }

    /// The flag, when this is a `bool`.
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// The text, when this is a `str`.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The items, when this is a `list` or a `tuple`.
    public var elements: [SavedValue]? {
        switch self {
        case .list(let items), .tuple(let items): items
        default: nil
        }
    }

    /// The dict, when this is a `dict` or `OrderedDict`.
    public var dictValue: SavedDict? {
        guard case .dict(let dict) = self else { return nil }
        return dict
    }

    /// Whether this is `None`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

extension SavedValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `None`.
    public init(nilLiteral: ()) { self = .none }

    /// A `bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// An `int`.
    public init(integerLiteral value: Int) { self = .int(value) }

    /// A `float`.
    public init(floatLiteral value: Double) { self = .float(value) }

    /// A `str`.
    public init(stringLiteral value: String) { self = .string(value) }

    /// A `list`.
    public init(arrayLiteral elements: SavedValue...) { self = .list(elements) }

    /// A `dict`, in the literal's order (a repeated key keeps its first place and its last value, as in Python).
    public init(dictionaryLiteral elements: (SavedDict.Key, SavedValue)...) {
        self = .dict(SavedDict(elements))
    }
}

extension SavedValue: CustomStringConvertible {
    /// A short Python-like rendering, e.g. `{'epoch': 5, 'w': Tensor([2, 3], torch.float32)}`.
    public var description: String {
        switch self {
        case .none: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .float(let number): String(number)
        case .string(let text): "'\(text)'"
        case .tensor(let tensor): tensor.description
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items):
            "(" + items.map(\.description).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .dict(let dict): dict.description
        }
    }
}
