/// The text of an ``ExportState`` file, and the strict reading of it.
///
/// ```
/// nb2swift export state 2<TAB>nbdev<TAB>../nbs/core.ipynb
/// # What `nb2swift export` and `nb2swift update` compare the exported files with; written by export, not for editing.
/// file<TAB>Sources/Core/core.swift<TAB>1a2b3c4d5e6f7a8b
/// cell<TAB>Sources/Core/core.swift<TAB>c0<TAB>92c1bfc54a0db50e<TAB>c0
/// end<TAB>2<TAB>0f1e2d3c4b5a6978
/// ```
///
/// A `cell` record ends with the cell's id when it has one (a state written before ids were recorded has none, and
/// is read alike). Fields are separated by tabs, and a tab, line feed, carriage return or backslash inside a field is written `\t`,
/// `\n`, `\r` or `\\`, so that no path or cell id can split a record. The last line counts the records and holds a
/// hash of every byte before it: a truncated file, a line changed by hand or a record added is seen, and such a state
/// vouches for nothing (a ``Diagnostic`` naming the line) rather than for part of what was written. The first format (a `# nb2swift export
/// state:` line, then `path<TAB>key<TAB>hash` per cell) is still read, as ``ExportState/isLegacy``.
enum ExportStateCodec {
    private static let magic = "nb2swift export state 2"
    private static let legacyPrefix = "# nb2swift export state: "
    private static let comment =
        "# What `nb2swift export` and `nb2swift update` compare the exported files with; written by export, "
        + "not for editing."

    /// The text of `state` (its ``ExportState/isLegacy`` flag is ignored: the current format is written).
    static func text(of state: ExportState) -> String {
        var text = [magic, state.style.rawValue, escape(state.notebook)].joined(separator: "\t") + "\n"
        text += comment + "\n"
        for file in state.files { text += ["file", escape(file.path), file.hash].joined(separator: "\t") + "\n" }
        for entry in state.entries {
            let id = entry.cellID.map { [escape($0)] } ?? []
            text += (["cell", escape(entry.path), escape(entry.key), entry.hash] + id).joined(separator: "\t") + "\n"
        }
        let count = state.files.count + state.entries.count
        return text + "end\t\(count)\t\(StableHash.hex(text))\n"
    }

    /// Reads a state file's bytes, in the current format or the first one.
    static func state(from bytes: [UInt8]) throws(Diagnostic) -> ExportState {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostic("the file is not UTF-8 text", line: 1)
        }
        if text.hasPrefix(legacyPrefix) { return try legacyState(from: text) }
        guard text.hasPrefix(magic + "\t") else {
            throw Diagnostic("the file does not start with `\(magic)`", line: 1)
        }
        guard text.hasSuffix("\n") else { throw Diagnostic("the last line is cut off", line: lineCount(text)) }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        let header = try fields(of: lines[0], line: 1)
        guard header.count == 3, let style = ExportStyle(rawValue: header[1]) else {
            throw Diagnostic("expected `\(magic)`, a style and the notebook's path", line: 1)
        }
        var state = ExportState(style: style, notebook: header[2])
        var consumed = lines[0].utf8.count + 1
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            defer { consumed += line.utf8.count + 1 }
            if line.hasPrefix("#") { continue }
            let record = try fields(of: line, line: number)
            switch record.first {
            case "file" where record.count == 3:
                state.files.append(.init(path: record[1], hash: try hash(record[2], line: number)))
            case "cell" where record.count == 4 || record.count == 5:
                state.entries.append(
                    .init(
                        path: record[1], key: record[2], hash: try hash(record[3], line: number),
                        cellID: record.count == 5 ? record[4] : nil))
            case "end" where record.count == 3:
                guard number == lines.count else {
                    throw Diagnostic("the `end` line is not the last one", line: number)
                }
                guard Int(record[1]) == state.files.count + state.entries.count else {
                    throw Diagnostic(
                        "the file holds \(state.files.count + state.entries.count) record(s), but the `end` line "
                            + "counts \(record[1]) (lines removed or added?)", line: number)
                }
                guard StableHash.hex(String(decoding: Array(text.utf8).prefix(consumed), as: UTF8.self)) == record[2]
                else { throw Diagnostic("the file's text does not match its checksum (edited?)", line: number) }
                return state
            default:
                throw Diagnostic("expected a `file`, `cell` or `end` record", line: number)
            }
        }
        throw Diagnostic("no `end` line (the file is cut off)", line: lines.count)
    }

    /// The first format: a comment naming the style and notebook, then `path<TAB>key<TAB>hash` per cell.
    private static func legacyState(from text: String) throws(Diagnostic) -> ExportState {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let words = lines[0].dropFirst(legacyPrefix.count).split(separator: " ", maxSplits: 1)
        guard words.count == 2, let style = ExportStyle(rawValue: String(words[0])) else {
            throw Diagnostic("expected a style and the notebook's path", line: 1)
        }
        var state = ExportState(style: style, notebook: String(words[1]))
        state.isLegacy = true
        for (offset, line) in lines.enumerated().dropFirst() where !line.hasPrefix("#") {
            if line.isEmpty && offset == lines.count - 1 { break }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw Diagnostic("expected a path, a cell and a hash separated by tabs", line: offset + 1)
            }
            state.entries.append(.init(path: fields[0], key: fields[1], hash: try hash(fields[2], line: offset + 1)))
        }
        return state
    }

    private static func hash(_ text: String, line: Int) throws(Diagnostic) -> String {
        let isHex =
            text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        guard isHex else { throw Diagnostic("`\(escape(text))` is not a 16-digit hash", line: line) }
        return text
    }

    private static func lineCount(_ text: String) -> Int { text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

    /// `text` with tabs, line breaks and backslashes escaped.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The unescaped fields of a line.
    private static func fields(of line: Substring, line number: Int) throws(Diagnostic) -> [String] {
        var fields: [String] = []
        for field in line.split(separator: "\t", omittingEmptySubsequences: false) {
            var value = ""
            var escaping = false
            for scalar in field.unicodeScalars {
                if escaping {
                    switch scalar {
                    case "t": value += "\t"
                    case "n": value += "\n"
                    case "r": value += "\r"
                    case "\\": value += "\\"
                    default: throw Diagnostic("an unknown escape `\\\(scalar)`", line: number)
                    }
                    escaping = false
                } else if scalar == "\\" {
                    escaping = true
                } else if scalar == "\r" {
                    throw Diagnostic("a carriage return (line endings changed?)", line: number)
                } else {
                    value.unicodeScalars.append(scalar)
                }
            }
            if escaping { throw Diagnostic("a field ends with a lone `\\`", line: number) }
            fields.append(value)
        }
        return fields
    }
}
