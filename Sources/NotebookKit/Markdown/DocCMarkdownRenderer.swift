/// Renders a markdown tree as DocC-flavoured markdown: the text of an article in a documentation catalog, or of a
/// `///` doc comment.
///
/// Jupyter reads a notebook's markdown as CommonMark (with GitHub's tables); DocC reads its articles with more
/// syntax: GitHub's strikethrough (`~x~`), block directives (a line starting with `@Name`), and code spans between
/// two backticks as links to symbols. The renderer escapes what would take those meanings, so that the article says
/// what the notebook shows: every ASCII punctuation character of a text node that markdown could read as markup is
/// backslash-escaped, a code span is never delimited by exactly two backticks, and a paragraph whose every line starts
/// with `|` is kept row by row (a table, as Jupyter shows it).
///
/// Lines are not re-wrapped: each soft line break of the notebook stays a line break. Link destinations and images go
/// through the caller's ``linkDestination`` and ``image`` hooks (the docs mode turns a link to `02_foo.ipynb` into
/// `doc:02_foo`, and an attachment into a catalog resource). With identity hooks, the text parses back to the same
/// tree (``MarkdownDocument/isEquivalent(to:)``).
struct DocCMarkdownRenderer: Sendable {
    /// How an image is written.
    enum ImageRendering: Sendable, Equatable {
        /// `![alt](name)`: an image of the catalog (a resource's name) or any destination DocC can show.
        case image(String)
        /// `[alt](destination)`: a link to the image instead.
        case link(String)
        /// The alt text alone.
        case altText
    }

    /// The destination a link of the notebook gets in the article.
    var linkDestination: @Sendable (String) -> String
    /// How an image of the notebook (its source) is written.
    var image: @Sendable (String) -> ImageRendering

    /// A renderer that keeps every destination as written.
    init(
        linkDestination: @escaping @Sendable (String) -> String = { $0 },
        image: @escaping @Sendable (String) -> ImageRendering = { .image($0) }
    ) {
        self.linkDestination = linkDestination
        self.image = image
    }

    /// The markdown text of `blocks`, one string per line, blocks separated by an empty line.
    func lines(of blocks: [MarkdownBlock]) -> [String] {
        renderBlocks(blocks, tight: false)
    }

    /// `content` on one line (a heading, a title).
    func line(of content: [MarkdownInline]) -> String {
        lines(of: content).joined(separator: " ")
    }

    // MARK: Blocks

    private func renderBlocks(_ blocks: [MarkdownBlock], tight: Bool) -> [String] {
        var lines: [String] = []
        for (position, block) in blocks.enumerated() {
            if position > 0 && !tight { lines.append("") }
            lines += renderBlock(block)
        }
        return lines
    }

    private func renderBlock(_ block: MarkdownBlock) -> [String] {
        switch block {
        case .paragraph(let content):
            if let rows = tableRows(content) { return rows }
            return lines(of: content)
        case .heading(let level, let content):
            let title = line(of: content)
            return [String(repeating: "#", count: level) + (title.isEmpty ? "" : " " + title)]
        case .blockQuote(let children):
            return renderBlocks(children, tight: false).map { $0.isEmpty ? ">" : "> " + $0 }
        case .list(let list):
            return renderList(list)
        case .codeBlock(let code):
            return Self.fenced(code.literal, info: code.info, character: code.fence?.character ?? "`")
        case .htmlBlock(let html):
            return Self.lines(of: html)
        case .thematicBreak:
            return ["---"]
        }
    }

    private func renderList(_ list: MarkdownList) -> [String] {
        var lines: [String] = []
        for (position, item) in list.items.enumerated() {
            if position > 0 && !list.isTight { lines.append("") }
            let marker: String
            switch list.kind {
            case .bullet(let bullet): marker = String(bullet)
            case .ordered(let start, let delimiter): marker = "\(start + position)\(delimiter)"
            }
            let indent = String(repeating: " ", count: marker.count + 1)
            let body = renderBlocks(item, tight: list.isTight)
            guard let first = body.first else {
                lines.append(marker)
                continue
            }
            lines.append(first.isEmpty ? marker : marker + " " + first)
            lines += body.dropFirst().map { $0.isEmpty ? "" : indent + $0 }
        }
        return lines
    }

    /// A fenced code block holding `literal` exactly: the fence is longer than any run of its character in the text.
    static func fenced(_ literal: String, info: String, character: Character = "`") -> [String] {
        let body = lines(of: literal)
        let longest = body.map { longestRun(of: character, in: $0) }.max() ?? 0
        let fence = String(repeating: character, count: max(3, longest + 1))
        return [fence + info] + body + [fence]
    }

    /// A paragraph whose every line starts with `|` is a table to Jupyter and to DocC (GitHub's tables), though
    /// CommonMark reads a paragraph: its rows are kept, the cells' pipes unescaped.
    private func tableRows(_ content: [MarkdownInline]) -> [String]? {
        let rows = content.split(omittingEmptySubsequences: false) { $0 == .softBreak || $0 == .lineBreak }
        guard rows.count > 1, !content.contains(.lineBreak) else { return nil }
        for row in rows {
            guard case .text(let text)? = row.first, text.hasPrefix("|") else { return nil }
        }
        return rows.map { row in inlineText(Array(row), keepsPipes: true) }
    }

    // MARK: Inlines

    /// The lines of inline content: soft breaks stay line breaks, hard breaks end their line with a backslash.
    private func lines(of content: [MarkdownInline]) -> [String] {
        var lines: [String] = []
        var current: [MarkdownInline] = []
        for inline in content {
            switch inline {
            case .softBreak:
                lines.append(inlineText(current))
                current = []
            case .lineBreak:
                lines.append(inlineText(current) + "\\")
                current = []
            default:
                current.append(inline)
            }
        }
        lines.append(inlineText(current))
        return lines
    }

    /// One line of inlines (breaks inside emphasis or links become spaces), escaped so that it cannot start a block.
    private func inlineText(_ content: [MarkdownInline], keepsPipes: Bool = false) -> String {
        Self.protectingLineStart(content.map { render($0, keepsPipes: keepsPipes) }.joined())
    }

    private func render(_ inline: MarkdownInline, keepsPipes: Bool) -> String {
        switch inline {
        case .text(let text): return Self.escaped(text, keepsPipes: keepsPipes)
        case .softBreak, .lineBreak: return " "
        case .code(let code): return Self.codeSpan(code)
        case .html(let html): return html
        case .emphasis(let children, let delimiter):
            let mark = String(delimiter)
            return mark + children.map { render($0, keepsPipes: keepsPipes) }.joined() + mark
        case .strong(let children, let delimiter):
            let mark = String(repeating: delimiter, count: 2)
            return mark + children.map { render($0, keepsPipes: keepsPipes) }.joined() + mark
        case .link(let destination, let title, let children):
            let target = linkDestination(destination)
            if title.isEmpty, children == [.text(destination)], target == destination, Self.isAutolink(destination) {
                return "<" + destination + ">"
            }
            return "[" + children.map { render($0, keepsPipes: keepsPipes) }.joined() + "]"
                + Self.target(target, title)
        case .image(let source, let title, let alt):
            let altText = alt.map { render($0, keepsPipes: keepsPipes) }.joined()
            switch image(source) {
            case .image(let name): return "![" + altText + "]" + Self.target(name, title)
            case .link(let destination): return "[" + altText + "]" + Self.target(destination, title)
            case .altText: return altText
            }
        }
    }

    /// Whether `<destination>` parses back as an autolink to it.
    private static func isAutolink(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        return (2...32).contains(scheme.count) && scheme.first?.isLetter == true
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
            && !destination.contains { $0 == " " || $0 == "<" || $0 == ">" || $0.isNewline }
    }

    /// The characters of text that markdown (CommonMark, GitHub's extensions, DocC) may read as markup wherever they
    /// are (`>` and the others that only open a block at the start of a line are ``protectingLineStart(_:)``'s).
    private static let markupCharacters: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", "~", "|"]

    /// `text` with the characters that could become markup backslash-escaped (`&` where it could start an entity).
    static func escaped(_ text: String, keepsPipes: Bool = false) -> String {
        var result = ""
        var characters = text.makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            let isMarkup =
                markupCharacters.contains(character) && !(keepsPipes && character == "|")
                || (character == "&" && next.map { $0 == "#" || ($0.isASCII && $0.isLetter) } == true)
            if isMarkup { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// `line` escaped where its start would open a block: a heading, a quote, a list item, a thematic break or a
    /// setext underline, or one of DocC's `@` directives.
    private static func protectingLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#>+-=@".contains(first) { return "\\" + line }
        if first.isASCII && first.isNumber {
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            if let after = line.dropFirst(digits.count).first, after == "." || after == ")" {
                return digits + "\\" + line.dropFirst(digits.count)
            }
        }
        return line
    }

    /// A code span holding `code`: never two backticks, which DocC reads as a link to a symbol.
    static func codeSpan(_ code: String) -> String {
        var count = longestRun(of: "`", in: code) + 1
        if count == 2 { count = 3 }
        let ticks = String(repeating: "`", count: count)
        let pad =
            code.hasPrefix("`") || code.hasSuffix("`")
            || (code.hasPrefix(" ") && code.hasSuffix(" ") && code.contains { $0 != " " })
        return ticks + (pad ? " " + code + " " : code) + ticks
    }

    private static func target(_ destination: String, _ title: String) -> String {
        let needsBrackets =
            destination.isEmpty
            || destination.contains { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" || $0.isNewline }
        var result = "("
        if needsBrackets {
            result +=
                "<"
                + destination.replacing("\\", with: "\\\\").replacing("<", with: "\\<")
                .replacing(">", with: "\\>") + ">"
        } else {
            result += destination.replacing("\\", with: "\\\\")
        }
        if !title.isEmpty { result += " \"" + title.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\"" }
        return result + ")"
    }

    static func lines(of literal: String) -> [String] {
        var parts = literal.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    private static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var run = 0
        for current in text {
            run = current == character ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
