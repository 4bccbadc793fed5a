/// IPython's clean-up of a cell before it looks for a cell magic (`TransformerManager.transform_cell`):
/// a trailing newline is ensured, then leading blank lines, leading indentation and `>>> ` / `...: ` prompts go.
struct CellTransformer: Sendable {
    /// Which IPython to reproduce.
    var version: IPythonVersion

    /// The cell's lines (terminators kept) after IPython's clean-up transforms.
    func cleanedLines(of cell: String) -> [String] {
        var text = cell
        if text.unicodeScalars.last != "\n" { text.unicodeScalars.append("\n") }
        var lines = PythonText.splitLinesKeepingEnds(text)
        lines = Self.droppingLeadingEmptyLines(lines)
        if version.dedentsCell {
            lines = lines.isEmpty ? lines : PythonText.splitLinesKeepingEnds(Dedent.dedent(lines.joined()))
        } else {
            lines = Self.removingLeadingIndent(lines)
        }
        if let variant = version.doctestPrompts {
            lines = DoctestPromptStripper(variant: variant).strip(lines)
        } else {
            lines = Self.strippingClassicPrompts(lines)
        }
        lines = Self.strippingIPythonPrompts(lines, viMode: version.recognizesViModePrompts)
        return lines
    }

    /// `leading_empty_lines`: drops the lines before the first one that is not whitespace only (unless all are).
    static func droppingLeadingEmptyLines(_ lines: [String]) -> [String] {
        guard let first = lines.firstIndex(where: { !PythonText.isSpace(Substring($0).unicodeScalars) }) else {
            return lines
        }
        return Array(lines[first...])
    }

    /// `leading_indent`: the first line's leading spaces and tabs are removed from every line starting with them.
    static func removingLeadingIndent(_ lines: [String]) -> [String] {
        guard let first = lines.first else { return lines }
        let indent = String(first.unicodeScalars.prefix { $0 == " " || $0 == "\t" })
        guard !indent.isEmpty else { return lines }
        let count = indent.unicodeScalars.count
        return lines.map { line in
            line.unicodeScalars.starts(with: indent.unicodeScalars)
                ? String(line.unicodeScalars.dropFirst(count)) : line
        }
    }

    /// `classic_prompt`: `>>> ` and `... ` are stripped from every line when the first line starts with `>>>`
    /// or the second with either prompt (each followed by a space or the end of the line).
    static func strippingClassicPrompts(_ lines: [String]) -> [String] {
        func promptLength(_ line: String, allowingContinuation: Bool) -> Int? {
            let scalars = Array(line.unicodeScalars.prefix(5))
            guard scalars.count >= 3 else { return nil }
            let head = String(String.UnicodeScalarView(scalars[0..<3]))
            guard head == ">>>" || (allowingContinuation && head == "...") else { return nil }
            if scalars.count == 3 { return 3 }
            if scalars[3] == " " { return 4 }
            // `$` also matches just before a final "\n".
            if scalars[3] == "\n" && scalars.count == 4 { return 3 }
            return nil
        }
        guard let first = lines.first else { return lines }
        let matches =
            promptLength(first, allowingContinuation: false) != nil
            || (lines.count > 1 && promptLength(lines[1], allowingContinuation: true) != nil)
        guard matches else { return lines }
        return lines.map { line in
            guard let length = promptLength(line, allowingContinuation: true) else { return line }
            return String(line.unicodeScalars.dropFirst(length))
        }
    }

    /// `ipython_prompt`: `In [N]: ` (optionally after `[nav] ` / `[ins] `) and `   ...: ` are stripped from every
    /// line when the first or second line carries one.
    static func strippingIPythonPrompts(_ lines: [String], viMode: Bool = true) -> [String] {
        guard let first = lines.first else { return lines }
        let matches =
            ipythonPromptLength(first, viMode: viMode) != nil
            || (lines.count > 1 && ipythonPromptLength(lines[1], viMode: viMode) != nil)
        guard matches else { return lines }
        return lines.map { line in
            guard let length = ipythonPromptLength(line, viMode: viMode) else { return line }
            return String(line.unicodeScalars.dropFirst(length))
        }
    }

    /// The length in code points of the IPython prompt that starts `line`, if one does; without `viMode` (IPython 7),
    /// `In [N]: ` counts only at the very start of the line.
    static func ipythonPromptLength(_ line: String, viMode: Bool = true) -> Int? {
        let scalars = Array(line.unicodeScalars)
        func matchInPrompt(from start: Int) -> Int? {
            var position = start
            for expected in "In [".unicodeScalars {
                guard position < scalars.count, scalars[position] == expected else { return nil }
                position += 1
            }
            let digitsStart = position
            while position < scalars.count, PythonText.isDecimalDigit(scalars[position]) { position += 1 }
            guard position > digitsStart, position + 1 < scalars.count, scalars[position] == "]",
                scalars[position + 1] == ":", position + 2 < scalars.count, scalars[position + 2] == " "
            else { return nil }
            return position + 3
        }
        // 1. First-line prompt, optionally after a vi-mode marker and a space.
        for marker in viMode ? ["[nav] ", "[ins] ", " ", ""] : [""] {
            let markerScalars = Array(marker.unicodeScalars)
            guard scalars.starts(with: markerScalars) else { continue }
            if let end = matchInPrompt(from: markerScalars.count) { return end }
        }
        // 2. Continuation prompt: whitespace, three or more dots, a colon, an optional space.
        // `\s*` may give back whitespace, but dots are not whitespace, so only the longest run can match.
        var position = 0
        while position < scalars.count, PythonText.isSpace(scalars[position]) { position += 1 }
        var dots = position
        while dots < scalars.count, scalars[dots] == "." { dots += 1 }
        guard dots - position >= 3, dots < scalars.count, scalars[dots] == ":" else { return nil }
        let afterColon = dots + 1
        return afterColon < scalars.count && scalars[afterColon] == " " ? afterColon + 1 : afterColon
    }
}
