/// fast.ai's export rule, shared by the ``ExportStyle/fastai`` and ``ExportStyle/swiftai`` styles: a code cell whose
/// first line matches `^\s*//\s*export\s*$` is exported, without that line.
enum FastaiExportMarker {
    /// The cell's source after its `// export` line, or `nil` when the cell is not exported.
    static func exportedBody(of cell: Cell) -> String? {
        guard cell.kind == .code else { return nil }
        let (first, rest) = splitFirstLine(cell.source)
        guard isMarker(first) else { return nil }
        return rest
    }

    /// Whether a first line (without its line break) is an export marker.
    static func isMarker<S: StringProtocol>(_ line: S) -> Bool {
        var text = Substring(line).drop { $0.isWhitespace }
        guard text.hasPrefix("//") else { return false }
        text = text.dropFirst(2).drop { $0.isWhitespace }
        guard text.hasPrefix("export") else { return false }
        return text.dropFirst("export".count).allSatisfy(\.isWhitespace)
    }

    /// A source cut after its first line feed: the first line (without the line feed) and the rest.
    static func splitFirstLine(_ source: String) -> (first: Substring, rest: String) {
        guard let newline = source.utf8.firstIndex(of: UInt8(ascii: "\n")) else { return (source[...], "") }
        return (source[..<newline], String(source[source.utf8.index(after: newline)...]))
    }
}
