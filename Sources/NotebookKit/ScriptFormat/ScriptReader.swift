/// Reads a script written by ``ScriptWriter`` (or by hand in the same percent format) back into a notebook.
///
/// Cell sources, types, ids, tags and other cell metadata come back exactly; notebook metadata comes from the
/// `// notebook-metadata:` header line, and the nbformat version from the `// nbformat: 4.N` line (4.5 without one).
/// Lines before the first marker that are not comments form a first code cell; a script with no marker at all is one
/// code cell. A script converted to CR LF line endings reads as before.
///
/// With `strict`, the notebook a script holds must be one nbformat accepts as it stands: in an nbformat 4.5 script
/// every cell's marker names an id (lenient reading gives an id-less cell `cell-N` when the notebook is written), a
/// valid one, used once.
struct ScriptReader: Sendable {
    /// The largest script read, in bytes.
    var sizeLimit: Int
    /// Whether an nbformat 4.5 script must give every cell a valid id of its own (`--strict`).
    var strict: Bool

    /// Creates a reader of scripts of at most `sizeLimit` bytes.
    init(strict: Bool = false, sizeLimit: Int = InputFile.defaultSizeLimit) {
        self.strict = strict
        self.sizeLimit = sizeLimit
    }

    /// The notebook held by the script file at `path`, or `nil` when `onlyWithCells` and no line opens a cell (any
    /// other Swift file, found beside the scripts of a folder).
    func read(contentsOf path: String, onlyWithCells: Bool) throws(Diagnostic) -> Notebook? {
        let file: MappedFile
        do throws(Diagnostic) { file = try MappedFile(path: path, sizeLimit: sizeLimit) } catch {
            throw Diagnostic("cannot read the script: \(error.message)", file: path, line: 1)
        }
        guard let text = file.withBytes({ String(validating: $0, as: UTF8.self) }) else {
            throw Diagnostic("the script is not UTF-8 text", file: path, line: 1)
        }
        if onlyWithCells && !text.linesAtLineFeeds.contains(where: ScriptCellMarker.isMarker) { return nil }
        return try notebook(fromScript: text, path: path)
    }

    /// The notebook a script holds.
    ///
    /// - Parameters:
    ///   - text: the script's text.
    ///   - path: the script's path as shown to the user, for error messages.
    func notebook(fromScript text: String, path: String) throws(Diagnostic) -> Notebook {
        var lines = text.linesAtLineFeeds
        if lines.last == "" { lines.removeLast() }
        // A script whose every line ends in CR LF went through a CR LF conversion (git's autocrlf, an editor):
        // one CR per line is the conversion's, any other is the cells' own.
        if !lines.isEmpty && lines.allSatisfy({ $0.utf8.last == UInt8(ascii: "\r") }) {
            lines = lines.map { Substring($0.utf8.dropLast()) }
        }
        let markerLines = lines.indices.filter { ScriptCellMarker.isMarker(lines[$0]) }
        var metadata = JSONValue.object([:])
        var nbformatMinor = 5
        var cells: [Cell] = []
        let headerEnd = markerLines.first ?? lines.endIndex
        let header = lines[..<headerEnd]
        // Written with --source-locations: each code cell's first line is nb2swift's, not the cell's.
        let startsCellsWithLocations = header.contains { $0 == ScriptWriter.sourceLocationsLine }
        if header.contains(where: { !$0.hasPrefix("//") && !$0.allSatisfy(\.isWhitespace) }) {
            var source = Array(header)
            while source.last?.allSatisfy(\.isWhitespace) == true { source.removeLast() }
            cells.append(Cell(kind: .code, index: 0, source: source.joined(separator: "\n"), fileLine: 1))
        } else {
            if let metadataLine = header.firstIndex(where: { $0.hasPrefix(ScriptWriter.metadataPrefix) }) {
                do throws(Diagnostic) {
                    metadata = try JSONLine.value(
                        atStartOf: header[metadataLine].dropFirst(ScriptWriter.metadataPrefix.count)
                    ).value
                } catch {
                    throw Diagnostic("notebook metadata: \(error.message)", file: path, line: metadataLine + 1)
                }
            }
            if let versionLine = header.firstIndex(where: { $0.hasPrefix(ScriptWriter.versionPrefix) }) {
                let version = header[versionLine].dropFirst(ScriptWriter.versionPrefix.count)
                guard version.hasPrefix("4."), let minor = Int(version.dropFirst(2)), (0...99).contains(minor) else {
                    throw Diagnostic(
                        "nbformat version: expected 4.N, found \(version)", file: path, line: versionLine + 1)
                }
                nbformatMinor = minor
            }
        }
        for (position, start) in markerLines.enumerated() {
            let end = position + 1 < markerLines.count ? markerLines[position + 1] : lines.endIndex
            let marker: ScriptCellMarker
            do {
                marker = try ScriptCellMarker(parsing: lines[start])
            } catch {
                throw Diagnostic(error.message, file: path, line: start + 1)
            }
            var body = lines[(start + 1)..<end]
            // A blank line separates a cell from the next marker; the last cell runs to the end of the file.
            if end != lines.endIndex, body.last == "" { body.removeLast() }
            let source = try self.source(
                of: marker, body: body, path: path, dropsSourceLocation: startsCellsWithLocations)
            var members = JSONValue.OrderedMembers()
            if !marker.tags.isEmpty { members["tags"] = .array(marker.tags.map(JSONValue.string)) }
            members.members += marker.otherMetadata.members
            cells.append(
                Cell(
                    kind: marker.kind, index: cells.count, id: marker.id, source: source, metadata: .object(members),
                    fileLine: start + 1))
        }
        if strict && nbformatMinor >= 5 { try Self.checkIDs(of: cells, path: path) }
        return Notebook(nbformat: 4, nbformatMinor: nbformatMinor, metadata: metadata, cells: cells)
    }

    /// Refuses a cell of an nbformat 4.5 script without an id, with an id nbformat refuses, or with one an earlier
    /// cell has (`--strict`), at the cell's marker line.
    private static func checkIDs(of cells: [Cell], path: String) throws(Diagnostic) {
        var seen: Set<String> = []
        for cell in cells {
            let problem: String
            if let id = cell.id {
                if !Cell.isValidID(id) {
                    problem = "cell id \"\(id)\" must be 1 to 64 letters, digits, `-` or `_`"
                } else if !seen.insert(id).inserted {
                    problem = "duplicate cell id \"\(id)\""
                } else {
                    continue
                }
            } else {
                problem = "nbformat 4.5 needs an `id` on every cell: give the marker one (`// %% id=\"...\"`)"
            }
            throw Diagnostic(problem, file: path, line: cell.fileLine, cellIndex: cell.index, cellID: cell.id)
        }
    }

    private func source(
        of marker: ScriptCellMarker, body: ArraySlice<Substring>, path: String, dropsSourceLocation: Bool
    ) throws(Diagnostic) -> String {
        if marker.kind == .code && !marker.isCommented {
            let code =
                dropsSourceLocation && body.first.map(ScriptSourceLocation.isDirective) == true
                ? body.dropFirst() : body
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
                throw Diagnostic(
                    "\(what) cell holds only `//` comment lines; this is not one", file: path, line: offset + 1)
            }
        }
        guard marker.isPretty else { return text.joined(separator: "\n") }
        return PrettyCommentRenderer.markdown(fromPretty: text, headingLevels: marker.headingLevels)
    }
}
