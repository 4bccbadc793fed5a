/// The text of an ``ExportState`` file, and the strict reading of it.
///
/// ```
/// nb2swift export state 2<TAB>nbdev<TAB>../nbs/core.ipynb
/// # What `nb2swift export` and `nb2swift update` compare the exported files with; written by export, not for editing.
/// file<TAB>Sources/Core/core.swift<TAB>1a2b3c4d5e6f7a8b
/// cell<TAB>Sources/Core/core.swift<TAB>c0<TAB>92c1bfc54a0db50e
/// end<TAB>2<TAB>0f1e2d3c4b5a6978
/// ```
///
/// Fields are separated by tabs, and a tab, line feed, carriage return or backslash inside a field is written `\t`,
/// `\n`, `\r` or `\\`, so that no path or cell id can split a record. The last line counts the records and holds a
/// hash of every byte before it: a truncated file, a line changed by hand or a record added is seen, and such a state
/// vouches for nothing (``Failure``) rather than for part of what was written. The first format (a `# nb2swift export
/// state:` line, then `path<TAB>key<TAB>hash` per cell) is still read, as ``ExportState/isLegacy``.
enum ExportStateCodec {
    /// Why a state file cannot be read, at its 1-based line.
    struct Failure: Error, Equatable, CustomStringConvertible {
        /// The line.
        var line: Int
        /// What is wrong there.
        var message: String

        /// `line 4: message`.
        var description: String { "line \(line): \(message)" }
    }

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
            text += ["cell", escape(entry.path), escape(entry.key), entry.hash].joined(separator: "\t") + "\n"
        }
        let count = state.files.count + state.entries.count
        return text + "end\t\(count)\t\(StableHash.hex(text))\n"
    }

    /// Reads a state file's bytes, in the current format or the first one.
    static func state(from bytes: [UInt8]) throws(Failure) -> ExportState {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(line: 1, message: "the file is not UTF-8 text")
        }
        if text.hasPrefix(legacyPrefix) { return try legacyState(from: text) }
        guard text.hasPrefix(magic + "\t") else {
            throw Failure(line: 1, message: "the file does not start with `\(magic)`")
        }
        guard text.hasSuffix("\n") else { throw Failure(line: lineCount(text), message: "the last line is cut off") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        let header = try fields(of: lines[0], line: 1)
        guard header.count == 3, let style = ExportStyle(rawValue: header[1]) else {
            throw Failure(line: 1, message: "expected `\(magic)`, a style and the notebook's path")
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
            case "cell" where record.count == 4:
                state.entries.append(.init(path: record[1], key: record[2], hash: try hash(record[3], line: number)))
            case "end" where record.count == 3:
                guard number == lines.count else {
                    throw Failure(line: number, message: "the `end` line is not the last one")
                }
                guard Int(record[1]) == state.files.count + state.entries.count else {
                    throw Failure(
                        line: number,
                        message: "the file holds \(state.files.count + state.entries.count) record(s), but the "
                            + "`end` line counts \(record[1]) (lines removed or added?)")
                }
                guard StableHash.hex(String(decoding: Array(text.utf8).prefix(consumed), as: UTF8.self)) == record[2]
                else { throw Failure(line: number, message: "the file's text does not match its checksum (edited?)") }
                return state
            default:
                throw Failure(line: number, message: "expected a `file`, `cell` or `end` record")
            }
        }
        throw Failure(line: lines.count, message: "no `end` line (the file is cut off)")
    }

    /// The first format: a comment naming the style and notebook, then `path<TAB>key<TAB>hash` per cell.
    private static func legacyState(from text: String) throws(Failure) -> ExportState {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let words = lines[0].dropFirst(legacyPrefix.count).split(separator: " ", maxSplits: 1)
        guard words.count == 2, let style = ExportStyle(rawValue: String(words[0])) else {
            throw Failure(line: 1, message: "expected a style and the notebook's path")
        }
        var state = ExportState(style: style, notebook: String(words[1]))
        state.isLegacy = true
        for (offset, line) in lines.enumerated().dropFirst() where !line.hasPrefix("#") {
            if line.isEmpty && offset == lines.count - 1 { break }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw Failure(line: offset + 1, message: "expected a path, a cell and a hash separated by tabs")
            }
            state.entries.append(.init(path: fields[0], key: fields[1], hash: try hash(fields[2], line: offset + 1)))
        }
        return state
    }

    private static func hash(_ text: String, line: Int) throws(Failure) -> String {
        let isHex =
            text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        guard isHex else { throw Failure(line: line, message: "`\(escape(text))` is not a 16-digit hash") }
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
    private static func fields(of line: Substring, line number: Int) throws(Failure) -> [String] {
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
                    default: throw Failure(line: number, message: "an unknown escape `\\\(scalar)`")
                    }
                    escaping = false
                } else if scalar == "\\" {
                    escaping = true
                } else if scalar == "\r" {
                    throw Failure(line: number, message: "a carriage return (line endings changed?)")
                } else {
                    value.unicodeScalars.append(scalar)
                }
            }
            if escaping { throw Failure(line: number, message: "a field ends with a lone `\\`") }
            fields.append(value)
        }
        return fields
    }
}
