/// Reads a script written by ``ScriptWriter`` (or by hand in the same percent format) back into a notebook.
///
/// Cell sources, types, ids, tags and other cell metadata come back exactly; notebook metadata comes from the
/// `// notebook-metadata:` header line. Lines before the first marker that are not comments form a first code cell;
/// a script with no marker at all is one code cell. A script converted to CR LF line endings reads as before.
public struct ScriptReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// The notebook a script holds.
    ///
    /// - Parameter path: the script's path as shown to the user, for error messages.
    public func notebook(fromScript text: String, path: String) throws(ScriptReadError) -> Notebook {
        var lines = text.linesAtLineFeeds
        if lines.last == "" { lines.removeLast() }
        // A script whose every line ends in CR LF went through a CR LF conversion (git's autocrlf, an editor):
        // one CR per line is the conversion's, any other is the cells' own.
        if !lines.isEmpty && lines.allSatisfy({ $0.utf8.last == UInt8(ascii: "\r") }) {
            lines = lines.map { Substring($0.utf8.dropLast()) }
        }
        let markerLines = lines.indices.filter { ScriptCellMarker.isMarker(lines[$0]) }
        var metadata = JSONValue.object([:])
        var cells: [Cell] = []
        let headerEnd = markerLines.first ?? lines.endIndex
        let header = lines[..<headerEnd]
        if header.contains(where: { !$0.hasPrefix("//") && !$0.allSatisfy(\.isWhitespace) }) {
            var source = Array(header)
            while source.last?.allSatisfy(\.isWhitespace) == true { source.removeLast() }
            cells.append(Cell(kind: .code, index: 0, source: source.joined(separator: "\n"), fileLine: 1))
        } else if let metadataLine = header.firstIndex(where: { $0.hasPrefix(ScriptWriter.metadataPrefix) }) {
            var parser = JSONText.Parser(header[metadataLine].dropFirst(ScriptWriter.metadataPrefix.count))
            do {
                metadata = try parser.parseValue()
            } catch {
                throw ScriptReadError(
                    path: path, line: metadataLine + 1, message: "notebook metadata: \(error.message)")
            }
        }
        for (position, start) in markerLines.enumerated() {
            let end = position + 1 < markerLines.count ? markerLines[position + 1] : lines.endIndex
            let marker: ScriptCellMarker
            do {
                marker = try ScriptCellMarker(parsing: lines[start])
            } catch {
                throw ScriptReadError(path: path, line: start + 1, message: error.message)
            }
            var body = lines[(start + 1)..<end]
            // A blank line separates a cell from the next marker; the last cell runs to the end of the file.
            if end != lines.endIndex, body.last == "" { body.removeLast() }
            let source = try self.source(of: marker, body: body, path: path)
            var members = JSONValue.OrderedMembers()
            if !marker.tags.isEmpty { members["tags"] = .array(marker.tags.map(JSONValue.string)) }
            members.members += marker.otherMetadata.members
            cells.append(
                Cell(
                    kind: marker.kind, index: cells.count, id: marker.id, source: source, metadata: .object(members),
                    fileLine: start + 1))
        }
        return Notebook(nbformat: 4, nbformatMinor: 5, metadata: metadata, cells: cells)
    }

    private func source(of marker: ScriptCellMarker, body: ArraySlice<Substring>, path: String)
        throws(ScriptReadError) -> String
    {
        if marker.kind == .code && !marker.isCommented {
            let code = body.first.map(ScriptSourceLocation.isDirective) == true ? body.dropFirst() : body
            return code.map(ScriptCodeLines.decode).joined(separator: "\n")
        }
        var text: [String] = []
        for (offset, line) in zip(body.indices, body) {
            if let decoded = ScriptCommentLines.decode(line) {
                text.append(decoded)
            } else if line.allSatisfy(\.isWhitespace) {
                text.append("")
            } else {
                let what = marker.kind == .code ? "a commented-out code" : "a \(marker.kind.rawValue)"
                throw ScriptReadError(
                    path: path, line: offset + 1, message: "\(what) cell holds only `//` comment lines; this is not one"
                )
            }
        }
        guard marker.isPretty else { return text.joined(separator: "\n") }
        return PrettyCommentRenderer.markdown(fromPretty: text, headingLevels: marker.headingLevels)
    }
}

/// Why a script could not be read back, with the file and line.
public struct ScriptReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The script, as shown to the user.
    public var path: String
    /// The 1-based line.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `notebook.swift:12: message`.
    public var description: String { "\(path):\(line): \(message)" }
}

extension StringProtocol {
    /// The text cut at each line feed only (a carriage return stays inside its line, unlike `split(separator: "\n")`,
    /// which sees `\r\n` as one character).
    var linesAtLineFeeds: [Substring] {
        String(self).utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}
