/// One notebook cell: its kind, identity and source text.
public struct Cell: Sendable, Equatable {
    /// The three cell types of nbformat 4 (v3 heading cells are upgraded to markdown).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case code
        case markdown
        case raw
    }

    /// What kind of cell this is.
    public var kind: Kind
    /// The cell's position in the notebook, counting from 0 over all cells.
    public var index: Int
    /// The nbformat 4.5 cell id, when the notebook has one.
    public var id: String?
    /// The cell's source, joined into one string exactly as nbformat defines it.
    public var source: String
    /// The cell's metadata (tags, ...), kept as JSON.
    public var metadata: JSONValue
    /// The names of the cell's attachments (markdown and raw cells only); their data is not kept.
    public var attachmentNames: [String]
    /// The 1-based line of the notebook file on which this cell's JSON object starts, when known.
    public var fileLine: Int?

    /// Creates a cell from its parts.
    public init(
        kind: Kind, index: Int, id: String? = nil, source: String, metadata: JSONValue = .object([:]),
        attachmentNames: [String] = [], fileLine: Int? = nil
    ) {
        self.kind = kind
        self.index = index
        self.id = id
        self.source = source
        self.metadata = metadata
        self.attachmentNames = attachmentNames
        self.fileLine = fileLine
    }

    /// The cell's tags (`metadata.tags`), or an empty list.
    public var tags: [String] {
        guard case .object(let fields) = metadata, case .array(let items)? = fields["tags"] else { return [] }
        return items.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
    }

    /// Whether `id` is an id nbformat 4.5 accepts: 1 to 64 ASCII letters, digits, `-` or `_`.
    public static func isValidID(_ id: String) -> Bool {
        let utf8 = id.utf8
        return (1...64).contains(utf8.count)
            && utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }
}
