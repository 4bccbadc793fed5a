/// nbdev's `show_doc` habit in Swift: the markdown cell directly before an exported cell documents the cell's first
/// declaration, so that the symbol's DocC page says what the notebook says above its code.
///
/// The first declaration is found line by line, without a Swift parser, and only where that is certain: after
/// blank lines and `//` comments, the cell's first line must start a declaration — `@attributes` (on their own lines
/// too), then modifiers (`public`, `static`, `private(set)`, ...), then `func`, `struct`, `class`, `enum`,
/// `protocol`, `actor`, `typealias`, `let`, `var`, `init`, `subscript`, `macro` or `associatedtype`. A cell that
/// documents itself there (`///` or `/**`), or that starts with anything else (`import`, `extension`, `#if`, a
/// `/*` comment, a statement), gets no doc comment. The markdown is rendered for DocC (``DocCMarkdownRenderer``: a
/// link to a notebook becomes a link to its article), without its leading headings (they title the article's
/// section, and the symbol's page has its own title), as `///` lines indented like the declaration.
enum NbdevDocComment {
    /// The doc comment for `code` from the markdown cell `markdown`, and the 0-based line of `code` it goes above;
    /// `nil` when the code starts with no declaration or documents it itself, or the markdown holds only headings.
    static func framing(forCode code: String, markdown: String) -> SegmentFraming? {
        guard let line = declarationLine(in: code) else { return nil }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let indentation = String(lines[line].prefix { $0 == " " || $0 == "\t" })
        let comment = commentLines(forMarkdown: markdown, indentation: indentation)
        return comment.isEmpty ? nil : .docComment(comment, beforeLine: line)
    }

    /// The `///` lines of a markdown cell's prose.
    static func commentLines(forMarkdown markdown: String, indentation: String) -> [String] {
        let document = MarkdownDocument(parsing: markdown)
        guard document.isComplete else { return [] }
        let blocks = document.blocks.drop { if case .heading = $0 { true } else { false } }
        let renderer = DocCMarkdownRenderer(
            linkDestination: DocsArticle.docCDestination,
            image: { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? .link($0) : .altText })
        return renderer.lines(of: Array(blocks)).map { indentation + ($0.isEmpty ? "///" : "/// " + $0) }
    }

    /// The 0-based line where the code's first declaration starts (its first attribute line), or `nil`.
    static func declarationLine(in code: String) -> Int? {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        var start: Int?
        for (number, line) in lines.enumerated() {
            let text = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            if start == nil {
                if text.allSatisfy(\.isWhitespace) { continue }
                if text.hasPrefix("///") || text.hasPrefix("/*") { return nil }
                if text.hasPrefix("//") { continue }
                start = number
            }
            switch declarationStart(text) {
            case .declaration: return start
            case .attributesOnly: continue
            case .other: return nil
            }
        }
        return nil
    }

    private enum LineStart {
        case declaration
        case attributesOnly
        case other
    }

    private static let modifiers: Set<Substring> = [
        "public", "private", "fileprivate", "internal", "package", "open", "final", "static", "mutating",
        "nonmutating", "override", "convenience", "required", "indirect", "lazy", "weak", "unowned", "nonisolated",
        "dynamic", "optional", "distributed", "prefix", "postfix", "infix", "consuming", "borrowing",
    ]

    private static let introducers: Set<Substring> = [
        "func", "struct", "class", "enum", "protocol", "actor", "typealias", "let", "var", "init", "subscript",
        "macro", "associatedtype",
    ]

    /// What a line starts with: a declaration (after attributes and modifiers), attributes alone, or anything else.
    private static func declarationStart(_ line: Substring) -> LineStart {
        var rest = line[...]
        var sawAttribute = false
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            if rest.isEmpty || rest.hasPrefix("//") { return sawAttribute ? .attributesOnly : .other }
            if rest.first == "@" {
                let name = rest.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard !name.isEmpty else { return .other }
                rest = rest.dropFirst(1 + name.count)
                if rest.first == "(" {
                    guard let end = closingParenthesis(in: rest) else { return .other }
                    rest = rest[rest.index(after: end)...]
                }
                sawAttribute = true
                continue
            }
            let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if introducers.contains(word) {
                let after = rest.dropFirst(word.count).first
                // `init(`, `init?(`, `init<T>(`, `subscript(`, `func f`, `var x`: anything but more of a name.
                return after.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? false ? .declaration : .other
            }
            guard modifiers.contains(word) else { return .other }
            rest = rest.dropFirst(word.count)
            if rest.first == "(" {
                guard let end = closingParenthesis(in: rest) else { return .other }
                rest = rest[rest.index(after: end)...]
            }
        }
    }

    /// The `)` that closes the `(` `text` starts with, on the same line.
    private static func closingParenthesis(in text: Substring) -> Substring.Index? {
        var depth = 0
        for index in text.indices {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}
