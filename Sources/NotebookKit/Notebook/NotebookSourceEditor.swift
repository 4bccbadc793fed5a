/// Edits a notebook's JSON text surgically: only the `source` values of the cells asked for are replaced (or `id`
/// members inserted), in the file's own layout (the key's indentation plus one level — one space for Jupyter, two for
/// Colab — per list item, its line endings, sources as lists of lines cut as nbformat cuts them); every other byte —
/// other cells, outputs, metadata, key order, spacing — stays.
struct NotebookSourceEditor: Sendable {
    /// The notebook's bytes as read.
    private(set) var bytes: [UInt8]
    /// How errors name the notebook.
    var file: String

    /// The notebook's text with cell sources replaced (`newSources`: cell index → whole new source).
    mutating func replaceSources(_ newSources: [Int: String]) throws(Diagnostic) {
        let layout = try NotebookJSONLayout(scanning: bytes, file: file)
        let style = JSONTextStyle(of: bytes, topLevelKeys: [])
        let unit = String(decoding: style.indentUnit ?? [0x20], as: UTF8.self)
        let newline = String(decoding: style.newline, as: UTF8.self)
        var edits: [(Range<Int>, [UInt8])] = []
        for (index, source) in newSources {
            guard layout.cells.indices.contains(index), let range = layout.cells[index].source,
                let key = layout.cells[index].keys.first(where: { $0.name == "source" })
            else {
                throw Diagnostic("no `source` to replace", file: file, cellIndex: index)
            }
            let wasString = bytes[range.lowerBound] == UInt8(ascii: "\"")
            let indent = NotebookJSONLayout.column(of: key.offset, in: bytes)
            let json = Self.sourceJSON(source, indent: indent, asString: wasString, unit: unit, newline: newline)
            edits.append((range, Array(json.utf8)))
        }
        apply(edits)
    }

    /// Gives every cell without an id a new one (and declares nbformat 4.5, which ids need); returns the ids given
    /// (cell index → id). Ids are derived from each cell's position and source, so a run is reproducible, and are
    /// unique in the notebook.
    @discardableResult
    mutating func addMissingIDs(cells: [Cell]) throws(Diagnostic) -> [Int: String] {
        let layout = try NotebookJSONLayout(scanning: bytes, file: file)
        var used = Set(cells.compactMap(\.id))
        var given: [Int: String] = [:]
        var edits: [(Range<Int>, [UInt8])] = []
        for (index, cellLayout) in layout.cells.enumerated() where cellLayout.idKey == nil {
            var seed = "\(index)\u{0}" + (cells.indices.contains(index) ? cells[index].source : "")
            var id = String(StableHash.hex(seed).prefix(8))
            while used.contains(id) {
                seed += "\u{0}"
                id = String(StableHash.hex(seed).prefix(8))
            }
            used.insert(id)
            given[index] = id
            // Jupyter sorts keys: the id goes before the first key that sorts after "id".
            let next = cellLayout.keys.first {
                $0.name.unicodeScalars.lexicographicallyPrecedes("id".unicodeScalars) == false
            }
            if let next {
                let indent = NotebookJSONLayout.column(of: next.offset, in: bytes)
                let text = "\"id\": \"\(id)\",\n" + String(repeating: " ", count: indent)
                edits.append((next.offset..<next.offset, Array(text.utf8)))
            } else if let last = cellLayout.keys.last {
                throw Diagnostic("cannot place an id after the key `\(last.name)`", file: file, cellIndex: index)
            }
        }
        if !given.isEmpty, let minor = layout.minorVersion {
            let current = Int(String(decoding: bytes[minor], as: UTF8.self)) ?? 0
            if current < 5 { edits.append((minor, Array("5".utf8))) }
        }
        apply(edits)
        return given
    }

    private mutating func apply(_ edits: [(Range<Int>, [UInt8])]) {
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            bytes.replaceSubrange(range, with: replacement)
        }
    }

    /// A source as Jupyter writes it at a key indented by `indent` spaces: a list of lines, one per line, each item
    /// indented one `unit` more than the key, lines ended by `newline`.
    static func sourceJSON(
        _ source: String, indent: Int, asString: Bool, unit: String = " ", newline: String = "\n"
    ) -> String {
        var output = ""
        if asString {
            NotebookWriter.writeString(source, into: &output)
            return output
        }
        let lines = NotebookWriter.sourceLines(source)
        guard !lines.isEmpty else { return "[]" }
        let itemIndent = newline + String(repeating: " ", count: indent) + unit
        output = "["
        for (position, line) in lines.enumerated() {
            output += (position == 0 ? "" : ",") + itemIndent
            NotebookWriter.writeString(line, into: &output)
        }
        return output + newline + String(repeating: " ", count: indent) + "]"
    }
}
