#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads `.ipynb` files (nbformat 4.0–4.5, and 3 upgraded in memory) into ``Notebook`` values.
///
/// The reader is lenient by default, like nbformat (missing ids and metadata are fine); with `strict` it also
/// reports schema violations. Outputs are skipped without being built. Every error names the file and, where it
/// applies, the line, the cell index and the cell id.
public struct NotebookReader: Sendable {
    /// Whether schema violations (missing ids or metadata, unknown keys, ...) are errors.
    public var strict: Bool
    /// The largest notebook file read, in bytes (``ConversionOptions/defaultMaxInputSize`` by default; `--max-input-size`).
    public var sizeLimit: Int

    /// Creates a reader.
    public init(strict: Bool = false, sizeLimit: Int = ConversionOptions.defaultMaxInputSize) {
        self.strict = strict
        self.sizeLimit = sizeLimit
    }

    /// Reads the notebook at `path`; `displayName` is how errors name it (the path itself by default).
    ///
    /// Only a regular file (or a symbolic link to one) of at most ``sizeLimit`` bytes is read: a FIFO, a device or a
    /// folder is refused without blocking.
    public func read(contentsOf path: String, displayName: String? = nil) throws(Diagnostic) -> Notebook {
        let name = displayName ?? path
        let file: MappedFile
        do throws(Diagnostic) { file = try MappedFile(path: path, sizeLimit: sizeLimit) } catch {
            throw error.located(file: name)
        }
        return try file.withBytes { (bytes) throws(Diagnostic) in try read(buffer: bytes, displayName: name) }
    }

    /// Reads a notebook from its bytes.
    public func read(bytes: [UInt8], displayName: String) throws(Diagnostic) -> Notebook {
        let outcome: Result<Notebook, Diagnostic> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Diagnostic) { return .success(try read(buffer: buffer, displayName: displayName)) } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func read(buffer bytes: UnsafeBufferPointer<UInt8>, displayName: String) throws(Diagnostic) -> Notebook {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw Diagnostic(
                "the file starts with a UTF-8 byte order mark (BOM); a notebook must be plain UTF-8 JSON "
                    + "(nbformat rejects it too): remove the first three bytes", file: displayName, line: 1)
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw Diagnostic("the file is empty, not a notebook", file: displayName, line: 1)
        }
        var context = ReadContext(file: displayName, strict: strict)
        do {
            return try JSONScanner.scan(bytes) { (scanner) throws(JSONSyntaxError) in
                try context.readNotebook(&scanner)
            }
        } catch {
            if let located = context.pendingError { throw located }
            let line = context.lineOfLastError ?? 1
            var message = "invalid JSON: \(error.message)"
            if let duplicate = error.duplicateKey {
                let first = context.lineOfFirstDuplicate.map { "line \($0)" } ?? "before"
                message =
                    "the key \(duplicate.key) appears twice in one object (first at \(first)): JSON readers "
                    + "disagree on which one counts (Python's json takes the last), so nb2swift will not guess: "
                    + "remove one"
            }
            throw Diagnostic(
                message, file: displayName, line: line, column: context.columnOfLastError,
                cellIndex: context.currentCell, cellID: context.currentCellID)
        }
    }
}

/// The state of one read: where it is, so that errors can be located.
private struct ReadContext {
    let file: String
    let strict: Bool
    var currentCell: Int?
    var currentCellID: String?
    /// The bytes of the source being read, kept between cells so that its storage is allocated once per notebook.
    var sourceBytes: [UInt8] = []
    var pendingError: Diagnostic?
    var lineOfLastError: Int?
    var columnOfLastError: Int?
    /// For a repeated key, the line of its first occurrence.
    var lineOfFirstDuplicate: Int?

    init(file: String, strict: Bool) {
        self.file = file
        self.strict = strict
    }

    /// Stops the scan with a located notebook error.
    mutating func fail(
        _ message: String, at offset: Int, _ scanner: inout JSONScanner, inCell: Bool = true
    ) -> JSONSyntaxError {
        pendingError = Diagnostic(
            message, file: file, line: scanner.line(at: offset), column: scanner.column(at: offset),
            cellIndex: inCell ? currentCell : nil, cellID: inCell ? currentCellID : nil)
        return JSONSyntaxError(message: message, offset: offset)
    }

    mutating func readNotebook(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Notebook {
        do {
            return try readNotebookBody(&scanner)
        } catch {
            if pendingError == nil {
                lineOfLastError = scanner.line(at: error.offset)
                columnOfLastError = scanner.column(at: error.offset)
                if let duplicate = error.duplicateKey { lineOfFirstDuplicate = scanner.line(at: duplicate.firstOffset) }
            }
            throw error
        }
    }

    private func kindName(_ kind: JSONScanner.ValueKind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    private mutating func readInteger(
        _ name: String, _ scanner: inout JSONScanner
    ) throws(JSONSyntaxError) -> Int {
        scanner.skipWhitespace()
        let start = scanner.offset
        let kind = try scanner.peekKind()
        guard kind == .number else {
            throw fail("`\(name)` must be an integer, found \(kindName(kind))", at: start, &scanner, inCell: false)
        }
        let text = try scanner.readNumberText()
        guard let value = Int(text) else {
            throw fail("`\(name)` must be an integer, found \(text)", at: start, &scanner, inCell: false)
        }
        return value
    }

    private mutating func readNotebookBody(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Notebook {
        scanner.skipWhitespace()
        let kind = try scanner.peekKind()
        guard kind == .object else {
            throw fail(
                "a notebook is a JSON object, but the file holds \(kindName(kind))", at: scanner.offset, &scanner)
        }
        var nbformat: Int?
        var nbformatMinor: Int?
        var metadata: JSONValue?
        var cells: [Cell]?
        var v3Cells: [Cell]?
        var unknownKey: (String, Int)?
        try scanner.readObject { (key, keyOffset, scanner) throws(JSONSyntaxError) in
            switch key {
            case "nbformat": nbformat = try readInteger(key, &scanner)
            case "nbformat_minor": nbformatMinor = try readInteger(key, &scanner)
            case "metadata":
                let start = scanner.offset
                let value = try scanner.readValue()
                guard case .object = value else {
                    throw fail("notebook `metadata` must be an object", at: start, &scanner, inCell: false)
                }
                metadata = value
            case "cells":
                scanner.skipWhitespace()
                let start = scanner.offset
                let kind = try scanner.peekKind()
                guard kind == .array else {
                    throw fail("`cells` must be a list, found \(kindName(kind))", at: start, &scanner, inCell: false)
                }
                cells = try readCells(&scanner, firstIndex: 0, v3: false)
            case "worksheets":
                scanner.skipWhitespace()
                let start = scanner.offset
                guard try scanner.peekKind() == .array else {
                    throw fail("`worksheets` must be a list", at: start, &scanner, inCell: false)
                }
                var collected: [Cell] = []
                try scanner.readArray { (_, scanner) throws(JSONSyntaxError) in
                    let sheetStart = scanner.offset
                    guard try scanner.peekKind() == .object else {
                        throw fail("each worksheet must be an object", at: sheetStart, &scanner, inCell: false)
                    }
                    try scanner.readObject { (key, _, scanner) throws(JSONSyntaxError) in
                        guard key == "cells" else { return try scanner.skipValue() }
                        guard try scanner.peekKind() == .array else {
                            throw fail("worksheet `cells` must be a list", at: scanner.offset, &scanner, inCell: false)
                        }
                        collected += try readCells(&scanner, firstIndex: collected.count, v3: true)
                    }
                }
                v3Cells = collected
            default:
                if unknownKey == nil { unknownKey = (key, keyOffset) }
                try scanner.skipValue()
            }
        }
        guard scanner.isAtEnd() else {
            throw fail("unexpected text after the notebook's closing `}`", at: scanner.offset, &scanner, inCell: false)
        }
        guard let nbformat else {
            throw fail("no `nbformat` version: this is not a notebook", at: 0, &scanner, inCell: false)
        }
        switch nbformat {
        case 4:
            guard let cells else {
                throw fail(
                    "no `cells` list (an nbformat 4 notebook must have one)", at: 0, &scanner, inCell: false)
            }
            if strict {
                if let minor = nbformatMinor, minor > 5 {
                    throw fail("nbformat 4.\(minor) is newer than 4.5", at: 0, &scanner, inCell: false)
                }
                if nbformatMinor == nil { throw fail("no `nbformat_minor`", at: 0, &scanner, inCell: false) }
                if metadata == nil { throw fail("no notebook `metadata`", at: 0, &scanner, inCell: false) }
                if let (key, offset) = unknownKey {
                    throw fail("unknown top-level key `\(key)`", at: offset, &scanner, inCell: false)
                }
                if (nbformatMinor ?? 0) >= 5 {
                    var seen: Set<String> = []
                    for cell in cells {
                        guard let id = cell.id else {
                            pendingError = Diagnostic(
                                "nbformat 4.5 needs an `id` on every cell", file: file, line: cell.fileLine,
                                cellIndex: cell.index)
                            throw JSONSyntaxError(message: "", offset: 0)
                        }
                        if !seen.insert(id).inserted {
                            pendingError = Diagnostic(
                                "duplicate cell id \"\(id)\"", file: file, line: cell.fileLine, cellIndex: cell.index,
                                cellID: id)
                            throw JSONSyntaxError(message: "", offset: 0)
                        }
                    }
                }
            }
            return Notebook(
                nbformat: 4, nbformatMinor: nbformatMinor ?? 0, metadata: metadata ?? .object([:]), cells: cells)
        case 3:
            guard let v3Cells else {
                throw fail(
                    "no `worksheets` list (an nbformat 3 notebook must have one)", at: 0, &scanner, inCell: false)
            }
            return Notebook(
                nbformat: 3, nbformatMinor: nbformatMinor ?? 0, metadata: metadata ?? .object([:]), cells: v3Cells)
        default:
            throw fail(
                "nbformat \(nbformat) is not supported (nb2swift reads nbformat 3 and 4)", at: 0, &scanner,
                inCell: false)
        }
    }

    private mutating func readCells(
        _ scanner: inout JSONScanner, firstIndex: Int, v3: Bool
    ) throws(JSONSyntaxError) -> [Cell] {
        var cells: [Cell] = []
        try scanner.readArray { (index, scanner) throws(JSONSyntaxError) in
            let cellIndex = firstIndex + index
            currentCell = cellIndex
            currentCellID = nil
            let start = scanner.offset
            let kind = try scanner.peekKind()
            guard kind == .object else {
                throw fail("a cell must be an object, found \(kindName(kind))", at: start, &scanner)
            }
            cells.append(try readCell(&scanner, index: cellIndex, start: start, v3: v3))
            currentCell = nil
            currentCellID = nil
        }
        return cells
    }

    private static let v4CellKeys: [Cell.Kind: Set<String>] = [
        .code: ["id", "cell_type", "metadata", "source", "outputs", "execution_count"],
        .markdown: ["id", "cell_type", "metadata", "source", "attachments"],
        .raw: ["id", "cell_type", "metadata", "source", "attachments"],
    ]

    private mutating func readCell(
        _ scanner: inout JSONScanner, index: Int, start: Int, v3: Bool
    ) throws(JSONSyntaxError) -> Cell {
        let line = scanner.line(at: start)
        var type: (String, Int)?
        var id: String?
        var source: String?
        var input: String?
        var level: Int?
        var metadata: JSONValue?
        var attachments: [String] = []
        var keys: [(String, Int)] = []
        try scanner.readObject { (key, keyOffset, scanner) throws(JSONSyntaxError) in
            // Only the strict checks below look at the keys.
            if strict { keys.append((key, keyOffset)) }
            scanner.skipWhitespace()
            let valueOffset = scanner.offset
            switch key {
            case "cell_type":
                guard try scanner.peekKind() == .string else {
                    throw fail("`cell_type` must be a string", at: valueOffset, &scanner)
                }
                type = (try scanner.readString(), valueOffset)
            case "id":
                let kind = try scanner.peekKind()
                guard kind == .string else {
                    throw fail("the cell `id` must be a string, found \(kindName(kind))", at: valueOffset, &scanner)
                }
                let value = try scanner.readString()
                id = value
                currentCellID = value
                if strict, !Cell.isValidID(value) {
                    throw fail(
                        "cell id \"\(value)\" must be 1 to 64 letters, digits, `-` or `_`", at: valueOffset, &scanner)
                }
            case "source": source = try readSource(key, &scanner)
            case "input" where v3: input = try readSource(key, &scanner)
            case "level" where v3:
                let text = try scanner.readNumberText()
                guard let value = Int(text), (1...6).contains(value) else {
                    throw fail(
                        "a heading `level` must be an integer from 1 to 6, found \(text)", at: valueOffset, &scanner)
                }
                level = value
            case "metadata":
                let value = try scanner.readValue()
                guard case .object = value else {
                    throw fail("the cell `metadata` must be an object", at: valueOffset, &scanner)
                }
                metadata = value
            case "attachments":
                guard try scanner.peekKind() == .object else {
                    throw fail("`attachments` must be an object", at: valueOffset, &scanner)
                }
                try scanner.readObject { (name, _, scanner) throws(JSONSyntaxError) in
                    attachments.append(name)
                    try scanner.skipValue()
                }
            default:
                try scanner.skipValue()
            }
        }
        guard let (typeName, typeOffset) = type else {
            throw fail("the cell has no `cell_type`", at: start, &scanner)
        }
        let kind: Cell.Kind
        var text: String
        switch (typeName, v3) {
        case ("code", _):
            kind = .code
            text = (v3 ? input : source) ?? ""
        case ("markdown", _), ("raw", _):
            kind = typeName == "raw" ? .raw : .markdown
            text = source ?? ""
        case ("heading", true):
            kind = .markdown
            let joined = PythonText.splitLinesKeepingEnds(source ?? "").map { line in
                String(line.unicodeScalars.prefix { !PythonText.isLineBreak($0) })
            }.joined(separator: " ")
            text = String(repeating: "#", count: max(level ?? 1, 1)) + " " + joined
        default:
            throw fail(
                "unknown cell_type \"\(typeName)\" (expected code, markdown or raw)", at: typeOffset, &scanner)
        }
        if (v3 ? (kind == .code ? input : source) : source) == nil, !v3 || typeName != "heading" {
            if strict || !v3 { throw fail("the cell has no `source`", at: start, &scanner) }
            text = ""
        }
        if strict && !v3 {
            if metadata == nil { throw fail("the cell has no `metadata`", at: start, &scanner) }
            let allowed = Self.v4CellKeys[kind] ?? []
            if let (key, offset) = keys.first(where: { !allowed.contains($0.0) }) {
                throw fail("unknown key `\(key)` in a \(kind.rawValue) cell", at: offset, &scanner)
            }
            if kind == .code {
                for required in ["outputs", "execution_count"] where !keys.contains(where: { $0.0 == required }) {
                    throw fail("the code cell has no `\(required)`", at: start, &scanner)
                }
            }
        }
        return Cell(
            kind: kind, index: index, id: id, source: text, metadata: metadata ?? .object([:]),
            attachmentNames: attachments, fileLine: line)
    }

    /// A cell `source` (or v3 `input`): a string or a list of strings, joined.
    private mutating func readSource(_ key: String, _ scanner: inout JSONScanner) throws(JSONSyntaxError) -> String {
        scanner.skipWhitespace()
        let start = scanner.offset
        let kind = try scanner.peekKind()
        switch kind {
        case .string: return try scanner.readString()
        case .array:
            var text = sourceBytes
            sourceBytes = []
            text.removeAll(keepingCapacity: true)
            defer { sourceBytes = text }
            try scanner.readArray { (_, scanner) throws(JSONSyntaxError) in
                let itemStart = scanner.offset
                let itemKind = try scanner.peekKind()
                guard itemKind == .string else {
                    throw fail(
                        "the cell `\(key)` list must hold only strings, found \(kindName(itemKind))", at: itemStart,
                        &scanner)
                }
                try scanner.readString(appendingTo: &text)
            }
            // Each piece was checked to be UTF-8, so the whole is.
            return String(decoding: text, as: UTF8.self)
        default:
            throw fail(
                "the cell `\(key)` must be a string or a list of strings, found \(kindName(kind))", at: start, &scanner)
        }
    }
}
