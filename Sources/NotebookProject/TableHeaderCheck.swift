import NotebookKit

/// Refuses, before TOMLKit sees it, a table header whose first key starts with a character that is neither a bare-key
/// character nor a quote (`[é]`, `[[ $]]`): toml++ 3 (inside TOMLKit 0.6.0) asserts on it and aborts the process,
/// where a config error must be one line naming the file, line and column. Lines inside multi-line strings are
/// skipped; a line inside a multi-line array that starts with such a character is invalid TOML as well.
enum TableHeaderCheck {
    /// Throws a ``Diagnostic`` at the first such header of `text` (the config file `file`).
    static func check(_ text: String, file: String) throws(Diagnostic) {
        var inString: Substring? = nil  // the delimiter of the multi-line string the line is in
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let wasInString = inString != nil
            for delimiter in ["\"\"\"", "'''"] where inString == nil || inString == Substring(delimiter) {
                let count = line.split(separator: delimiter, omittingEmptySubsequences: false).count - 1
                if count % 2 == 1 { inString = inString == nil ? Substring(delimiter) : nil }
            }
            guard !wasInString else { continue }
            let scalars = Array(line.unicodeScalars)
            var index = scalars.firstIndex { $0 != " " && $0 != "\t" } ?? scalars.count
            guard index < scalars.count, scalars[index] == "[" else { continue }
            index += 1
            if index < scalars.count && scalars[index] == "[" { index += 1 }
            while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 }
            guard index < scalars.count, !isAllowed(scalars[index]) else { continue }
            throw Diagnostic(
                "a table header starts with a bare key (A-Z, a-z, 0-9, _ or -) or a quoted one, not "
                    + "`\(scalars[index].escaped(asASCII: true))`", file: file, line: number + 1, column: index + 1)
        }
    }

    /// What may follow `[` at the start of a line: a key's first character, or what starts a value in an array.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "\"", "'", "[", "]", "{", "+", ".", "#", "\r": return true
        default: return false
        }
    }
}
