/// The line that opens a cell in a script: `// %%` for code, `// %% [markdown]`, `// %% [raw]`, followed by the
/// cell's identity and how its lines are kept.
///
/// `// %% [markdown] id="intro" tags=["setup"] pretty headings="1,2"` — attribute values are JSON; flags are bare words.
struct ScriptCellMarker: Sendable, Equatable {
    /// The cell's type.
    var kind: Cell.Kind
    /// The cell id, when it has one.
    var id: String?
    /// The cell's tags.
    var tags: [String] = []
    /// The rest of the cell metadata (everything but `tags`), when not empty.
    var otherMetadata: JSONValue.OrderedMembers = [:]
    /// A code cell that is commented out whole because it is not Swift on its own.
    var isCommented = false
    /// A markdown cell rendered with the pretty renderer rather than kept line for line.
    var isPretty = false
    /// The levels of the `MARK:` headings of a pretty markdown cell, in order, when some is not 1.
    var headingLevels: [Int] = []
    /// The file a `%%writefile` cell writes, for a cell of a mixed notebook.
    var writefilePath: String?
    /// The names of the cell's attachments, which are not carried.
    var attachmentNames: [String] = []

    /// Creates a marker for a cell of this kind.
    init(kind: Cell.Kind, id: String? = nil) {
        self.kind = kind
        self.id = id
    }

    static let prefix = "// %%"

    /// Whether a script line opens a cell.
    static func isMarker(_ line: Substring) -> Bool {
        let bytes = line.utf8
        guard bytes.starts(with: prefix.utf8) else { return false }
        let next = bytes.index(bytes.startIndex, offsetBy: prefix.utf8.count)
        return next == bytes.endIndex || bytes[next] == UInt8(ascii: " ")
    }

    /// The marker line.
    var line: String {
        var text = Self.prefix
        if kind != .code { text += " [\(kind.rawValue)]" }
        if let id { text += " id=" + JSONLine.compact(.string(id)) }
        if !tags.isEmpty { text += " tags=" + JSONLine.compact(.array(tags.map(JSONValue.string))) }
        if !otherMetadata.members.isEmpty { text += " metadata=" + JSONLine.compact(.object(otherMetadata)) }
        if let writefilePath { text += " writefile=" + JSONLine.compact(.string(writefilePath)) }
        if isCommented { text += " commented" }
        if isPretty { text += " pretty" }
        if !headingLevels.isEmpty {
            text += " headings=" + JSONLine.compact(.string(headingLevels.map(String.init).joined(separator: ",")))
        }
        if !attachmentNames.isEmpty {
            text += " attachments=" + JSONLine.compact(.array(attachmentNames.map(JSONValue.string)))
        }
        return text
    }

    /// Reads a marker line; throws a message naming what is wrong.
    init(parsing line: Substring) throws(Diagnostic) {
        var rest = line.dropFirst(Self.prefix.count)[...]
        func skipSpaces() { rest = rest.drop { $0 == " " } }
        skipSpaces()
        kind = .code
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw Diagnostic("unclosed cell type in marker") }
            let name = rest[rest.index(after: rest.startIndex)..<close]
            guard let parsed = Cell.Kind(rawValue: String(name)) else {
                throw Diagnostic("unknown cell type [\(name)] (expected [markdown], [raw] or none)")
            }
            kind = parsed
            rest = rest[rest.index(after: close)...]
        }
        while true {
            skipSpaces()
            guard !rest.isEmpty else { break }
            let name = rest.prefix { $0.isLetter || $0 == "_" || $0 == "-" }
            guard !name.isEmpty else { throw Diagnostic("unexpected text in marker: \(rest)") }
            rest = rest.dropFirst(name.count)
            var value: JSONValue?
            if rest.first == "=" {
                rest = rest.dropFirst()
                do throws(Diagnostic) {
                    let read = try JSONLine.value(atStartOf: rest)
                    value = read.value
                    rest = read.rest
                } catch {
                    throw Diagnostic("attribute \(name): \(error.message)")
                }
            }
            try apply(String(name), value)
        }
    }

    private mutating func apply(_ name: String, _ value: JSONValue?) throws(Diagnostic) {
        func string() throws(Diagnostic) -> String {
            guard case .string(let text)? = value else { throw Diagnostic("attribute \(name) needs a string") }
            return text
        }
        func strings() throws(Diagnostic) -> [String] {
            guard case .array(let items)? = value else { throw Diagnostic("attribute \(name) needs a list") }
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw Diagnostic("attribute \(name) needs strings") }
                result.append(text)
            }
            return result
        }
        switch name {
        case "id": id = try string()
        case "tags": tags = try strings()
        case "metadata":
            guard case .object(let members)? = value else {
                throw Diagnostic("attribute metadata needs an object")
            }
            otherMetadata = members
        case "writefile": writefilePath = try string()
        case "commented": isCommented = true
        case "pretty": isPretty = true
        case "headings":
            let levels = try string().split(separator: ",").map { Int($0) }
            guard levels.allSatisfy({ $0.map { (1...6).contains($0) } ?? false }) else {
                throw Diagnostic("attribute headings needs levels 1 to 6, like \"1,2\"")
            }
            headingLevels = levels.compactMap { $0 }
        case "attachments": attachmentNames = try strings()
        default: throw Diagnostic("unknown attribute \(name)")
        }
    }
}
