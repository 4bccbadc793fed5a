/// One nbdev directive at the top of a code cell: `//| export`, `//| default_exp Core` (or `#| ...`, nbdev's own
/// comment syntax, accepted too), with its 1-based line in the cell.
struct NbdevDirective: Equatable {
    /// The directive's name (`export`, `exporti`, `hide`, `default_exp`, ...).
    var name: String
    /// The words after the name.
    var arguments: [String]
    /// The 1-based line within the cell.
    var line: Int

    /// The directives a cell starts with, and the source after them (the exported body).
    static func parse(_ source: String) -> (directives: [NbdevDirective], kept: String, body: String) {
        var directives: [NbdevDirective] = []
        var offset = source.utf8.startIndex
        var lineNumber = 1
        while offset < source.utf8.endIndex {
            let end = source.utf8[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? source.utf8.endIndex
            guard let directive = directive(in: source[offset..<end], line: lineNumber) else { break }
            directives.append(directive)
            offset = end == source.utf8.endIndex ? end : source.utf8.index(after: end)
            lineNumber += 1
        }
        return (directives, String(source[..<offset]), String(source[offset...]))
    }

    /// The directive on one line, if the line is one (`//|` or `#|`, then the name and its arguments).
    static func directive(in line: Substring, line number: Int) -> NbdevDirective? {
        var text = line.drop { $0 == " " || $0 == "\t" }
        if text.hasPrefix("//|") {
            text = text.dropFirst(3)
        } else if text.hasPrefix("#|") {
            text = text.dropFirst(2)
        } else {
            return nil
        }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { return nil }
        return NbdevDirective(name: name, arguments: Array(words.dropFirst()), line: number)
    }
}
