/// An insertion-ordered dict of `SavedValue`s with `str` or `int` keys, as Python's `dict` (a state dict's names,
/// an optimizer state's parameter indices). Setting an existing key replaces its value in place; setting `nil`
/// removes it.
public struct SavedDict: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// A dict key: a `str` or an `int`, as in the dicts `torch.save` writes.
    public enum Key: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
        CustomStringConvertible
    {
        case string(String)
        case int(Int)

        /// A `str` key.
        public init(stringLiteral value: String) { self = .string(value) }

        /// An `int` key.
        public init(integerLiteral value: Int) { self = .int(value) }

        /// Python's rendering: `'name'` or `3`.
        public var description: String {
            switch self {
            case .string(let text): "'\(text)'"
            case .int(let number): String(number)
            }
        }
    }

    /// The entries in order.
    public private(set) var entries: [(key: Key, value: SavedValue)] = []
    private var positions: [Key: Int] = [:]
    /// Whether Python sees a `collections.OrderedDict` (as `model.state_dict()` returns) rather than a `dict`.
    public var isOrderedDict: Bool

    /// An empty `dict`.
    public init() {
        isOrderedDict = false
    }

    /// A dict holding `entries` in order; a repeated key keeps its first place and its last value, as in Python.
    public init(_ entries: [(Key, SavedValue)], isOrderedDict: Bool = false) {
        self.isOrderedDict = isOrderedDict
        for (key, value) in entries {
            self[key] = value
        }
    }

    /// A `dict` from a literal, in its order.
    public init(dictionaryLiteral elements: (Key, SavedValue)...) {
        self.init(elements)
    }

    /// The keys in order.
    public var keys: [Key] { entries.map(\.key) }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value under `key`; setting one appends a new key or replaces an existing key's value in place, and
    /// setting `nil` removes the key.
    public subscript(key: Key) -> SavedValue? {
        get { positions[key].map { entries[$0].value } }
        set {
            if let position = positions[key] {
                if let newValue {
                    entries[position].value = newValue
                } else {
                    entries.remove(at: position)
                    positions = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
                }
            } else if let newValue {
                positions[key] = entries.count
                entries.append((key, newValue))
            }
        }
    }

    /// Iterates over the entries in order.
    public func makeIterator() -> IndexingIterator<[(key: Key, value: SavedValue)]> {
        entries.makeIterator()
    }

    /// Python's rendering, e.g. `{'lr': 0.001, 'params': [0, 1]}`.
    public var description: String {
        "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }
}
