/// The `#sourceLocation(file:line:)` line that `--source-locations` puts at the top of each code cell of a script,
/// so that compiler diagnostics and runtime traps name the notebook, the cell and the line within the cell
/// (`02a_why_sqrt5.ipynb#cell17:3:5: error: ...`).
///
/// The file name is `<notebook>#cell<index>`; the line restarts at 1 for each cell, since a script keeps every cell
/// line on one script line. A script written with these lines says so in its header (``ScriptWriter``), and
/// ``ScriptReader`` then drops the first line of each code cell when it reads the script back; any other
/// `#sourceLocation` line, a cell's own, is kept (and a script without that header line keeps every line).
enum ScriptSourceLocation {
    /// `02a_why_sqrt5.ipynb#cell17`: the file name diagnostics show for a cell.
    static func fileName(notebook: String, cellIndex: Int) -> String { "\(notebook)#cell\(cellIndex)" }

    /// `#sourceLocation(file: "02a_why_sqrt5.ipynb#cell17", line: 1)`; `line` is the cell line the next line is. The
    /// name is written as a Swift string literal: a quote, backslash or line break in a notebook's name is escaped,
    /// so that the line stays one valid directive.
    static func directive(notebook: String, cellIndex: Int, line: Int = 1) -> String {
        "#sourceLocation(file: \(SwiftStringLiteral.quoted(fileName(notebook: notebook, cellIndex: cellIndex))), "
            + "line: \(line))"
    }

    /// Whether a script line is a directive ``directive(notebook:cellIndex:line:)`` writes.
    static func isDirective<S: StringProtocol>(_ line: S) -> Bool {
        guard line.hasPrefix("#sourceLocation(file: \""), line.hasSuffix("\", line: 1)") else { return false }
        let name = Substring(line.dropFirst("#sourceLocation(file: \"".count).dropLast("\", line: 1)".count))
        guard let mark = name.lastRange(of: "#cell") else { return false }
        let digits = name[mark.upperBound...]
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
