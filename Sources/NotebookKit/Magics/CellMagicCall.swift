/// A cell magic as IPython's `cell_magic` transform extracts it: `%%name line` then the body.
struct CellMagicCall: Sendable, Equatable {
    /// The magic's name: everything after `%%` up to the first space (it may hold a tab: IPython then finds no magic).
    var name: String
    /// The rest of the magic line after the first space, trailing whitespace removed (the magic's arguments).
    var line: String
    /// The cell's remaining lines, joined; IPython has already made sure it ends with a line break.
    var body: String

    /// The cell magic `cell` starts with after IPython's clean-up, or `nil` when IPython would run it as code.
    static func parse(_ cell: String, version: IPythonVersion = .v8) -> CellMagicCall? {
        parse(cleanedLines: CellTransformer(version: version).cleanedLines(of: cell))
    }

    /// The cell magic of already cleaned lines.
    static func parse(cleanedLines lines: [String]) -> CellMagicCall? {
        guard let first = lines.first, first.unicodeScalars.starts(with: "%%".unicodeScalars) else { return nil }
        let afterPercent = Substring(first.unicodeScalars.dropFirst(2))
        // `%%name?` asks for help (IPython's help_end handles it); nothing runs.
        let wordLength = afterPercent.unicodeScalars.prefix(while: PythonText.isWordCharacter).count
        if wordLength > 0, afterPercent.unicodeScalars.dropFirst(wordLength).first == "?" { return nil }
        let stripped = PythonText.stripTrailingSpace(afterPercent)
        let name: Substring
        let line: Substring
        if let space = stripped.unicodeScalars.firstIndex(of: " ") {
            name = Substring(stripped.unicodeScalars[..<space])
            line = Substring(stripped.unicodeScalars[stripped.unicodeScalars.index(after: space)...])
        } else {
            name = stripped
            line = ""
        }
        return CellMagicCall(name: String(name), line: String(line), body: lines.dropFirst().joined())
    }
}
