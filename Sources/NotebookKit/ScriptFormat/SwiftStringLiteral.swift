/// Text made safe to write in Swift source: as a string literal (`#sourceLocation(file: "...")`), or inside a `//`
/// comment, where a line break would end the comment and turn the rest of a name into code.
enum SwiftStringLiteral {
    /// `text` as a Swift string literal, quotes included: `\`, `"`, tab, line feed, carriage return and NUL
    /// escaped as Swift writes them, and every other control character or line separator as `\u{...}`.
    static func quoted(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\t": literal += "\\t"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\0": literal += "\\0"
            case _ where breaksLines(scalar): literal += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// `text` with every control character and line separator written `\u{...}`, so that it stays on its comment's
    /// line; other characters (a backslash too) are kept as they are.
    static func commentSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: breaksLines) else { return text }
        var safe = ""
        for scalar in text.unicodeScalars {
            if breaksLines(scalar) {
                safe += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }

    /// Whether a scalar is a control character (C0, DEL, C1) or a Unicode line or paragraph separator.
    private static func breaksLines(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
            || scalar.value == 0x2029
    }
}
