/// The few pieces of Python's `str` behaviour that IPython's input handling relies on, over Unicode scalars.
///
/// IPython works on Python strings, so "whitespace", "line" and "digit" mean what Python says they mean,
/// which is not always what Swift's `Character` says.
enum PythonText {
    /// Python's `str.isspace()` for one code point: Unicode White_Space plus the ASCII separators U+001C...U+001F.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Python's `str.isspace()`: true for a non-empty string made only of whitespace.
    static func isSpace(_ text: Substring.UnicodeScalarView) -> Bool {
        !text.isEmpty && text.allSatisfy(isSpace)
    }

    /// Python's `\d` in a `str` pattern: any Unicode decimal digit.
    static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }

    /// Python's `\w` in a `str` pattern: the underscore, letters (categories L*) and numeric characters.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: scalar == "_" || scalar.properties.numericType != nil
        }
    }

    /// Whether `scalar` ends a line for Python's `str.splitlines()`.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Python's `text.splitlines(keepends=True)`: lines with their terminators (`\r\n` counts as one).
    static func splitLinesKeepingEnds(_ text: String) -> [String] {
        let scalars = text.unicodeScalars
        var lines: [String] = []
        var start = scalars.startIndex
        var position = start
        while position < scalars.endIndex {
            let scalar = scalars[position]
            if isLineBreak(scalar) {
                var end = scalars.index(after: position)
                if scalar == "\r", end < scalars.endIndex, scalars[end] == "\n" { end = scalars.index(after: end) }
                lines.append(String(scalars[start..<end]))
                start = end
                position = end
            } else {
                position = scalars.index(after: position)
            }
        }
        if start < scalars.endIndex { lines.append(String(scalars[start...])) }
        return lines
    }

    /// Python's `text.rstrip()`.
    static func stripTrailingSpace(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex, isSpace(scalars[scalars.index(before: end)]) {
            end = scalars.index(before: end)
        }
        return Substring(scalars[scalars.startIndex..<end])
    }
}
