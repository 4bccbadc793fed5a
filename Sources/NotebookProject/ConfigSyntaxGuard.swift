import NotebookKit

/// The few malformed configs toml++ 3 (inside TOMLKit 0.6.0) asserts on, aborting the process, refused first with one
/// error at the file, line and column: a table header whose first key does not start on its line with a bare-key
/// character or a quote (`[é]`, `[[ $]]`, a `[` that ends its line), and a value that starts with what ends one
/// (`[}`, `x = ,`). Each was found by `ConfigFuzzer`; toml++ fixed the first upstream (marzer/tomlplusplus#301).
///
/// A header is a line that starts with `[` outside any value: the lines of a multi-line string, array or inline
/// table are followed (strings and comments skipped, brackets counted) so that they are not taken for headers.
enum ConfigSyntaxGuard {
    /// Throws a ``Diagnostic`` at the first such header of `text` (the config file `file`).
    static func check(_ text: String, file: String) throws(Diagnostic) {
        var state = ScanState()
        // Lines are cut at line feeds scalar by scalar: a CR LF is one Character, which a split on "\n" would miss.
        for (number, line) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        {
            let scalars = Array(line)
            var index = scalars.firstIndex { $0 != " " && $0 != "\t" } ?? scalars.count
            let isHeader = state.isAtTopLevel && index < scalars.count && scalars[index] == "["
            guard isHeader else {
                try state.scan(scalars, line: number + 1, file: file)
                continue
            }
            index += 1
            if index < scalars.count && scalars[index] == "[" { index += 1 }
            while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 }
            guard index >= scalars.count || !isKeyStart(scalars[index]) else { continue }
            let found = index < scalars.count ? "`\(scalars[index].escaped(asASCII: true))`" : "the end of the line"
            throw Diagnostic(
                "a table header names its table on its line, starting with a bare key (A-Z, a-z, 0-9, _ or -) or a "
                    + "quoted one, not \(found)", file: file, line: number + 1, column: index + 1)
        }
    }

    private static func isKeyStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "\"", "'": return true
        default: return false
        }
    }

    /// Where the scan is between lines: inside a multi-line string, inside which arrays and inline tables, and
    /// whether a value must come next (after `=`, `[` or an array's `,`).
    private struct ScanState {
        var multiLineString: Unicode.Scalar? = nil
        /// The open arrays (`[`) and inline tables (`{`), innermost last.
        var containers: [Unicode.Scalar] = []
        /// What opened the wait for a value (`=`, `[` or `,`), while one must come next.
        var awaitingValue: Unicode.Scalar? = nil

        var isAtTopLevel: Bool { multiLineString == nil && containers.isEmpty }

        /// Follows one line that is not a header; throws at a value that starts with what ends one (`[}`,
        /// `x = ,`), which toml++ also asserts on.
        mutating func scan(_ scalars: [Unicode.Scalar], line: Int, file: String) throws(Diagnostic) {
            var index = 0
            func starts(_ quote: Unicode.Scalar, at position: Int) -> Bool {
                position + 2 < scalars.count && scalars[position] == quote && scalars[position + 1] == quote
                    && scalars[position + 2] == quote
            }
            while index < scalars.count {
                if let quote = multiLineString {
                    if quote == "\"" && scalars[index] == "\\" {
                        index += 2
                        continue
                    }
                    if starts(quote, at: index) {
                        multiLineString = nil
                        index += 3
                        continue
                    }
                    index += 1
                    continue
                }
                let scalar = scalars[index]
                if scalar == " " || scalar == "\t" || scalar == "\r" {
                    index += 1
                    continue
                }
                if scalar == "#" { return }
                if let opener = awaitingValue {
                    awaitingValue = nil
                    let endsValue = scalar == "," || scalar == "}" || (scalar == "]" && opener == "=")
                    if endsValue {
                        throw Diagnostic(
                            "a value is missing before `\(scalar)`", file: file, line: line, column: index + 1)
                    }
                }
                switch scalar {
                case "\"", "'":
                    if starts(scalar, at: index) {
                        multiLineString = scalar
                        index += 3
                        continue
                    }
                    index += 1
                    while index < scalars.count && scalars[index] != scalar {
                        index += scalar == "\"" && scalars[index] == "\\" ? 2 : 1
                    }
                case "=": awaitingValue = "="
                case "[":
                    containers.append("[")
                    awaitingValue = "["
                case "{": containers.append("{")
                case "]", "}": _ = containers.popLast()
                case ",": if containers.last == "[" { awaitingValue = "," }
                default: break
                }
                index += 1
            }
        }
    }
}
