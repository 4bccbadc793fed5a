/// Renders a markdown tree as readable comment text: headings of level 1–2 as `MARK: - Title`, paragraphs re-wrapped
/// at a width without breaking code spans, links or images, lists with their markers and nesting, code blocks with
/// their exact bytes.
///
/// The lines it returns carry no comment prefix; ``ScriptCommentLines`` makes them safe comments. Apart from the
/// `MARK:` headings (see ``markdown(fromPretty:headingLevels:)``) the text is itself markdown that parses to the same
/// tree, soft line breaks aside; ``ScriptWriter`` checks that before using it.
struct PrettyCommentRenderer: Sendable {
    /// How text nodes are written.
    enum Escaping: Sendable {
        /// Text as the reader sees it; markup characters left alone.
        case minimal
        /// Every ASCII punctuation character in text backslash-escaped, so that nothing in text becomes markup.
        case full
    }

    /// The longest line wanted, counting the `// ` prefix the caller adds.
    var width: Int
    /// How text nodes are written.
    var escaping: Escaping

    /// Creates a renderer for lines of at most `width` columns (including the `// ` prefix).
    init(width: Int = 100, escaping: Escaping = .minimal) {
        self.width = width
        self.escaping = escaping
    }

    /// The heading levels of the document's `MARK:` lines, in order (levels 1 and 2 of top-level headings).
    static func markHeadingLevels(of document: MarkdownDocument) -> [Int] {
        document.blocks.compactMap { if case .heading(let level, _) = $0, level <= 2 { level } else { nil } }
    }

    /// The comment text of `document`, one string per line.
    func render(_ document: MarkdownDocument) -> [String] {
        renderBlocks(document.blocks, width: width - 3, topLevel: true, tight: false).flatMap(Self.splitAtLineFeeds)
    }

    /// Inline HTML, link titles and the like may hold line feeds: they become lines of their own.
    private static func splitAtLineFeeds(_ line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\n")) else { return [line] }
        return line.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
    }

    /// Turns pretty comment text back into markdown: `MARK: - Title` lines become ATX headings of the given levels
    /// (level 1 for any line without one).
    static func markdown(fromPretty lines: [String], headingLevels: [Int]) -> String {
        var levels = headingLevels[...]
        return lines.map { line -> String in
            guard line.hasPrefix(markPrefix) else { return line }
            let level = levels.popFirst() ?? 1
            return String(repeating: "#", count: level) + " " + line.dropFirst(markPrefix.count)
        }.joined(separator: "\n")
    }

    static let markPrefix = "MARK: - "

    // MARK: Blocks

    private func renderBlocks(_ blocks: [MarkdownBlock], width: Int, topLevel: Bool, tight: Bool) -> [String] {
        var lines: [String] = []
        for (position, block) in blocks.enumerated() {
            if position > 0 && !tight { lines.append("") }
            lines += renderBlock(block, width: width, topLevel: topLevel)
        }
        return lines
    }

    private func renderBlock(_ block: MarkdownBlock, width: Int, topLevel: Bool) -> [String] {
        switch block {
        case .paragraph(let content):
            if let rows = tableRows(content) { return rows.flatMap(Self.splitAtLineFeeds) }
            return wrap(content, width: width).flatMap(Self.splitAtLineFeeds)
        case .heading(let level, let content):
            let title = singleLine(content)
            if topLevel && level <= 2 { return [Self.markPrefix + title] }
            return [String(repeating: "#", count: level) + (title.isEmpty ? "" : " " + title)]
        case .blockQuote(let children):
            return renderBlocks(children, width: width - 2, topLevel: false, tight: false).map {
                $0.isEmpty ? ">" : "> " + $0
            }
        case .list(let list):
            return renderList(list, width: width)
        case .codeBlock(let code):
            return renderCode(code)
        case .htmlBlock(let html):
            return lines(of: html)
        case .thematicBreak:
            return [topLevel ? "---" : "***"]
        }
    }

    private func renderList(_ list: MarkdownList, width: Int) -> [String] {
        var lines: [String] = []
        for (position, item) in list.items.enumerated() {
            if position > 0 && !list.isTight { lines.append("") }
            let marker: String
            switch list.kind {
            case .bullet(let bullet): marker = String(bullet)
            case .ordered(let start, let delimiter): marker = "\(start + position)\(delimiter)"
            }
            let indent = String(repeating: " ", count: marker.count + 1)
            let body = renderBlocks(item, width: width - indent.count, topLevel: false, tight: list.isTight)
            guard let first = body.first else {
                lines.append(marker)
                continue
            }
            lines.append(first.isEmpty ? marker : marker + " " + first)
            lines += body.dropFirst().map { $0.isEmpty ? "" : indent + $0 }
        }
        return lines
    }

    private func renderCode(_ code: MarkdownCodeBlock) -> [String] {
        let body = lines(of: code.literal)
        guard let fence = code.fence else { return body.map { $0.isEmpty ? "" : "    " + $0 } }
        let longest = body.map { longestRun(of: fence.character, in: $0) }.max() ?? 0
        let marks = String(repeating: fence.character, count: max(fence.length, longest + 1))
        return [marks + code.info] + body + [marks]
    }

    // MARK: Inlines

    /// A piece of inline text: unbreakable text, a place where a line may break, or a forced break.
    private enum Piece {
        case text(String)
        case space
        case hardBreak
    }

    private func wrap(_ content: [MarkdownInline], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var word = ""
        var wordFollowsSpace = false
        func place() {
            if current.isEmpty {
                current = word
            } else if wordFollowsSpace && current.count + 1 + word.count > width && canStartLine(word) {
                lines.append(current)
                current = word
            } else {
                current += (wordFollowsSpace ? " " : "") + word
            }
            word = ""
        }
        for piece in pieces(content, breakable: true) {
            switch piece {
            case .text(let text):
                word += text
            case .space:
                place()
                wordFollowsSpace = true
            case .hardBreak:
                place()
                lines.append(current + "\\")
                current = ""
                wordFollowsSpace = false
            }
        }
        place()
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Whether a line may start with `word` without the word starting a new block.
    private func canStartLine(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        // Headings, block quotes and HTML blocks start with one character; fences with three.
        if "#><".contains(first) || word.hasPrefix("```") || word.hasPrefix("~~~") { return false }
        // A bullet needs a space after it; thematic breaks and setext underlines are made of these characters only.
        if "-+*".contains(first) && (word.count == 1 || word.dropFirst().first == " ") { return false }
        if word.allSatisfy({ "-*_= ".contains($0) }) { return false }
        if first.isNumber {
            let digits = word.prefix { $0.isNumber }
            if let after = word.dropFirst(digits.count).first, after == "." || after == ")" { return false }
        }
        return true
    }

    /// A paragraph whose every line starts with `|` is a table (not CommonMark, so cmark reads a paragraph): its
    /// lines are kept as they are instead of being re-wrapped.
    private func tableRows(_ content: [MarkdownInline]) -> [String]? {
        let rows = content.split(omittingEmptySubsequences: false) { $0 == .softBreak || $0 == .lineBreak }
        guard rows.count > 1, !content.contains(.lineBreak) else { return nil }
        for row in rows {
            guard case .text(let text)? = row.first, text.hasPrefix("|") else { return nil }
        }
        return rows.map { singleLine(Array($0)) }
    }

    private func singleLine(_ content: [MarkdownInline]) -> String {
        pieces(content, breakable: false).map { piece in
            switch piece {
            case .text(let text): text
            case .space, .hardBreak: " "
            }
        }.joined()
    }

    private func pieces(_ content: [MarkdownInline], breakable: Bool) -> [Piece] {
        content.flatMap { inline -> [Piece] in
            switch inline {
            case .text(let text):
                return textPieces(escape(text), breakable: breakable)
            case .softBreak:
                return breakable ? [.space] : [.text(" ")]
            case .lineBreak:
                return breakable ? [.hardBreak] : [.text(" ")]
            case .code(let code):
                return [.text(codeSpan(code))]
            case .html(let html):
                return [.text(html)]
            case .emphasis(let children, let delimiter):
                let mark = String(delimiter)
                return [.text(mark)] + pieces(children, breakable: breakable) + [.text(mark)]
            case .strong(let children, let delimiter):
                let mark = String(repeating: delimiter, count: 2)
                return [.text(mark)] + pieces(children, breakable: breakable) + [.text(mark)]
            case .link(let destination, let title, let children):
                return [.text("[" + singleLine(children) + "]" + target(destination, title))]
            case .image(let source, let title, let alt):
                return [.text("![" + singleLine(alt) + "]" + target(source, title))]
            }
        }
    }

    /// Text split at single spaces between words, the only places a line may break without changing the text.
    private func textPieces(_ text: String, breakable: Bool) -> [Piece] {
        guard breakable else { return [.text(text)] }
        var result: [Piece] = []
        var run = ""
        let characters = Array(text)
        for (position, character) in characters.enumerated() {
            // A space at either end of a text node may break too: its neighbour is markup (a code span, emphasis).
            let single =
                character == " " && (position == 0 || characters[position - 1] != " ")
                && (position + 1 == characters.count || characters[position + 1] != " ")
            if single {
                result.append(.text(run))
                result.append(.space)
                run = ""
            } else {
                run.append(character)
            }
        }
        if !run.isEmpty { result.append(.text(run)) }
        return result
    }

    private func escape(_ text: String) -> String {
        guard escaping == .full else { return text }
        var result = ""
        for character in text {
            if character.isASCII, character.isPunctuation || character.isSymbol { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private func codeSpan(_ code: String) -> String {
        let ticks = String(repeating: "`", count: longestRun(of: "`", in: code) + 1)
        let pad =
            code.hasPrefix("`") || code.hasSuffix("`")
            || (code.hasPrefix(" ") && code.hasSuffix(" ") && code.contains { $0 != " " })
        return ticks + (pad ? " " + code + " " : code) + ticks
    }

    private func target(_ destination: String, _ title: String) -> String {
        let needsBrackets =
            destination.isEmpty
            || destination.contains { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" }
        var result =
            "("
            + (needsBrackets ? "<" + destination.replacingAll("<", "\\<").replacingAll(">", "\\>") + ">" : destination)
        if !title.isEmpty { result += " \"" + title.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\"" }
        return result + ")"
    }

    private func lines(of literal: String) -> [String] {
        var parts = literal.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    private func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var run = 0
        for current in text {
            run = current == character ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, _ replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
