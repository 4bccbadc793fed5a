/// How the lines of a code cell are kept in a script: Swift stays as it is; IPython and swift-jupyter magics and
/// shell lines are commented out so that the reader can restore them.
///
/// - a line starting with `%` or `!` (`%install ...`, `%include "x.swift"`, `%%time`, `!ls`) is written `//%install ...`;
/// - a Swift comment that would read back as one of those or as a cell marker (it matches `//`, backslashes,
///   an optional space, then `%` or `!`: `// %% x`, `//!x`) gets one more backslash after `//`: `//\ %% x`;
/// - every other line is written unchanged.
enum ScriptCodeLines {
    /// Whether a code line is a magic or shell line that is not Swift.
    static func isMagic(_ line: Substring) -> Bool {
        line.first == "%" || line.first == "!"
    }

    /// The script line for one code line.
    static func encode(_ line: Substring) -> String {
        var text = ""
        append(line, to: &text)
        return text
    }

    /// Appends the script line for one code line to `text`.
    static func append(_ line: Substring, to text: inout String) {
        // Only a line starting with `%`, `!` or `/` can change (the first byte decides: quicker than the first
        // character, and a character that starts otherwise has another first byte).
        let first = line.utf8.first
        guard first == UInt8(ascii: "%") || first == UInt8(ascii: "!") || first == UInt8(ascii: "/") else {
            text += line
            return
        }
        if isMagic(line) {
            text += "//"
            text += line
        } else if commentShape(line) != nil {
            text += "//\\"
            text += line.dropFirst(2)
        } else {
            text += line
        }
    }

    /// The code line for one script line written by ``encode(_:)``.
    static func decode(_ line: Substring) -> String {
        guard let shape = commentShape(line) else { return String(line) }
        if shape.backslashes > 0 { return "//" + line.dropFirst(3) }
        return shape.spaced ? String(line) : String(line.dropFirst(2))
    }

    /// For a line made of `//`, backslashes, an optional space, then `%` or `!`: how many backslashes, and whether
    /// the space is there. `nil` for any other line.
    private static func commentShape(_ line: Substring) -> (backslashes: Int, spaced: Bool)? {
        guard line.hasPrefix("//") else { return nil }
        var rest = line.dropFirst(2)
        let backslashes = rest.prefix { $0 == "\\" }.count
        rest = rest.dropFirst(backslashes)
        let spaced = rest.first == " "
        if spaced { rest = rest.dropFirst() }
        guard rest.first == "%" || rest.first == "!" else { return nil }
        return (backslashes, spaced)
    }
}
