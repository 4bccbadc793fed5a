/// How a line of prose (a markdown or raw cell, or a code cell that is commented out) is kept in a Swift line comment
/// so that it can be read back exactly.
///
/// - an empty line is `//`;
/// - a line is `// ` followed by the line, unless it could end the comment or be mistaken for a cell marker;
/// - such a line (it starts with `%%`, or holds a carriage return, NUL, U+0085, U+2028 or U+2029) is written
///   escaped: `//\ ` followed by the line with `\` as `\\`, CR as `\r`, NUL as `\0` and the others as `\u{2028}`.
///
/// Swift ends a line comment only at a line feed or a carriage return, so no text can end the comment early or
/// become code; block comment delimiters (`*/`, `/*`) mean nothing inside a line comment.
enum ScriptCommentLines {
    /// The comment line for one line of text (which holds no line feed).
    static func encode(_ line: String) -> String {
        var text = ""
        append(Substring(line), to: &text)
        return text
    }

    /// Appends the comment line for one line of text (which holds no line feed) to `text`.
    static func append(_ line: Substring, to text: inout String) {
        if line.isEmpty {
            text += "//"
            return
        }
        guard line.hasPrefix("%%") || mayNeedEscape(line) && line.unicodeScalars.contains(where: needsEscape) else {
            text += "// "
            text += line
            return
        }
        text += escaped(line)
    }

    /// Whether `line` has a byte that starts one of the characters to escape (CR, NUL, or a lead byte of U+0085,
    /// U+2028 or U+2029), which is rare: only then are its characters looked at.
    private static func mayNeedEscape(_ line: Substring) -> Bool {
        func isLead(_ byte: UInt8) -> Bool { byte == 0x0D || byte == 0x00 || byte == 0xC2 || byte == 0xE2 }
        return line.utf8.withContiguousStorageIfAvailable { $0.contains(where: isLead) }
            ?? line.utf8.contains(where: isLead)
    }

    private static func escaped(_ line: Substring) -> String {
        var escaped = "//\\ "
        for scalar in line.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\r": escaped += "\\r"
            case "\0": escaped += "\\0"
            default:
                if needsEscape(scalar) {
                    escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// The text of a comment line written by ``encode(_:)``, or `nil` when the line is not a comment.
    static func decode(_ line: Substring) -> String? {
        guard line.hasPrefix("//") else { return nil }
        let rest = line.dropFirst(2)
        if rest.hasPrefix("\\ ") { return unescape(rest.dropFirst(2)) }
        if rest.hasPrefix(" ") { return String(rest.dropFirst()) }
        return String(rest)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0D, 0x00, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func unescape(_ text: Substring) -> String {
        var result = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\\", let next = scalars.first else {
                result.append(scalar)
                continue
            }
            scalars.removeFirst()
            switch next {
            case "r": result.append("\r")
            case "0": result.append("\0")
            case "u":
                if scalars.first == "{", let close = scalars.firstIndex(of: "}"),
                    let value = UInt32(
                        String(String.UnicodeScalarView(scalars[scalars.startIndex + 1..<close])), radix: 16),
                    let decoded = Unicode.Scalar(value)
                {
                    result.append(decoded)
                    scalars = scalars[(close + 1)...]
                } else {
                    result.append(contentsOf: ["\\", "u"])
                }
            default: result.append(next)
            }
        }
        return String(result)
    }
}
