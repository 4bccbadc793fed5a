/// Python's `textwrap.dedent`, which IPython 9 applies to a cell instead of IPython 8's `leading_indent`.
enum Dedent {
    /// Removes the common leading spaces and tabs of the non-blank lines; lines of only spaces and tabs become empty.
    /// Lines are split on `\n` only, as `textwrap` does.
    static func dedent(_ text: String) -> String {
        var lines = text.unicodeScalars.split(separator: "\n" as Unicode.Scalar, omittingEmptySubsequences: false).map {
            Substring(String(String.UnicodeScalarView($0)))
        }
        for index in lines.indices where !lines[index].isEmpty && lines[index].unicodeScalars.allSatisfy(isBlank) {
            lines[index] = ""
        }
        var margin: [Unicode.Scalar]?
        for line in lines {
            let scalars = line.unicodeScalars
            let indent = Array(scalars.prefix(while: isBlank))
            guard indent.count < scalars.count else { continue }
            guard let current = margin else {
                margin = indent
                continue
            }
            if indent.starts(with: current) { continue }
            if current.starts(with: indent) {
                margin = indent
                continue
            }
            let common = zip(current, indent).prefix { $0 == $1 }.count
            margin = Array(current.prefix(common))
        }
        guard let margin, !margin.isEmpty else { return lines.joined(separator: "\n") }
        return lines.map { line in
            line.unicodeScalars.starts(with: margin) ? Substring(line.unicodeScalars.dropFirst(margin.count)) : line
        }.joined(separator: "\n")
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
}
