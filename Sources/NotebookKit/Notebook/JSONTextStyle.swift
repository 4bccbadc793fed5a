/// How a JSON file is laid out, read off its own text, so that what nb2swift writes into it looks like the rest of it:
/// Jupyter's one-space indentation with sorted keys, Colab's two spaces in its own key order and no final line feed,
/// CR LF line endings after a checkout on Windows, `\uXXXX` escapes for a file written with `ensure_ascii`.
struct JSONTextStyle: Sendable, Equatable {
    /// One level of indentation (one space for Jupyter, two for Colab, a tab); `nil` for a file on one line.
    var indentUnit: [UInt8]?
    /// The line ending: `\n`, or `\r\n`.
    var newline: [UInt8]
    /// What follows a member name: `: ` (Python's and JavaScript's pretty printers), or `:`.
    var keySeparator: [UInt8]
    /// What separates the items of a container written on one line: `, ` or `,`.
    var inlineItemSeparator: [UInt8]
    /// Whether objects are written with their keys sorted (Jupyter), rather than in an order of their own (Colab).
    var sortsKeys: Bool
    /// Whether characters outside ASCII are written as `\uXXXX` escapes (Python's `ensure_ascii=True`).
    var escapesNonASCII: Bool

    /// Jupyter's layout: `json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)`, line feeds.
    static let jupyter = JSONTextStyle(
        indentUnit: [0x20], newline: [0x0A], keySeparator: Array(": ".utf8), inlineItemSeparator: Array(", ".utf8),
        sortsKeys: true, escapesNonASCII: false)

    /// Creates a style.
    init(
        indentUnit: [UInt8]?, newline: [UInt8], keySeparator: [UInt8], inlineItemSeparator: [UInt8], sortsKeys: Bool,
        escapesNonASCII: Bool
    ) {
        self.indentUnit = indentUnit
        self.newline = newline
        self.keySeparator = keySeparator
        self.inlineItemSeparator = inlineItemSeparator
        self.sortsKeys = sortsKeys
        self.escapesNonASCII = escapesNonASCII
    }

    /// The style of `bytes`, a JSON document whose top-level object has the keys `topLevelKeys` in file order.
    init(of bytes: [UInt8], topLevelKeys: [String]) {
        self = .jupyter
        if let feed = bytes.firstIndex(of: 0x0A) {
            newline = feed > 0 && bytes[feed - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]
        }
        // The indentation of the first member of the top-level object is one level.
        if let open = bytes.firstIndex(of: UInt8(ascii: "{")) {
            var cursor = open + 1
            var sawLineFeed = false
            var lineStart = cursor
            while cursor < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) {
                if bytes[cursor] == 0x0A {
                    sawLineFeed = true
                    lineStart = cursor + 1
                }
                cursor += 1
            }
            if !sawLineFeed {
                indentUnit = nil
            } else if cursor > lineStart {
                indentUnit = Array(bytes[lineStart..<cursor])
            }
            // After the first key: its separator.
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") {
                var end = cursor + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                var separatorEnd = end + 1
                while separatorEnd < bytes.count, [0x20, 0x09, UInt8(ascii: ":")].contains(bytes[separatorEnd]) {
                    separatorEnd += 1
                }
                if end + 1 < separatorEnd, separatorEnd <= bytes.count {
                    let separator = Array(bytes[(end + 1)..<separatorEnd])
                    if separator.first == UInt8(ascii: ":") { keySeparator = separator }
                }
            }
        }
        if indentUnit == nil, let comma = bytes.firstIndex(of: UInt8(ascii: ",")) {
            inlineItemSeparator = comma + 1 < bytes.count && bytes[comma + 1] == 0x20 ? [0x2C, 0x20] : [0x2C]
        }
        sortsKeys = zip(topLevelKeys, topLevelKeys.dropFirst()).allSatisfy { Self.precedes($0, $1) }
        escapesNonASCII = !bytes.contains { $0 >= 0x80 } && Self.hasNonASCIIEscape(bytes)
    }

    /// Whether `a` sorts before `b` as Python sorts keys (by code point).
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// Whether the text holds a `\uXXXX` escape of a character outside ASCII.
    private static func hasNonASCIIEscape(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 5 < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                if bytes[index + 1] == UInt8(ascii: "u"),
                    let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                    value >= 0x80
                {
                    return true
                }
                index += 2
                continue
            }
            index += 1
        }
        return false
    }

    /// Appends the JSON text of `text` in this style: Python's `json.dumps` escapes (`\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\b`, `\f`, `\u00XX` for other control characters), and `\uXXXX` (surrogate pairs above U+FFFF) for every
    /// character outside ASCII when ``escapesNonASCII``.
    func appendString(_ text: String, to output: inout [UInt8]) {
        guard escapesNonASCII else {
            var written = ""
            NotebookWriter.writeString(text, into: &written)
            output += written.utf8
            return
        }
        var written = ""
        NotebookWriter.writeString(text, into: &written)
        for scalar in written.unicodeScalars {
            if scalar.isASCII {
                output.append(UInt8(scalar.value))
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                output += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            }
        }
    }
}
