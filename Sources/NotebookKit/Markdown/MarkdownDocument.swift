/// A parsed markdown document: the blocks of one markdown cell.
struct MarkdownDocument: Sendable, Equatable {
    /// The top-level blocks, in order.
    var blocks: [MarkdownBlock]
    /// `false` when the text nested blocks or inlines deeper than the converter follows (over 128 levels) and the
    /// deepest content was left out of `blocks`; such a document is not rendered, only kept line for line.
    var isComplete: Bool

    /// Creates a document from its blocks.
    init(blocks: [MarkdownBlock], isComplete: Bool = true) {
        self.blocks = blocks
        self.isComplete = isComplete
    }

    /// Parses markdown text with libcmark (CommonMark 0.30, no extensions).
    init(parsing text: String) {
        self = CommonMarkConverter.parse(text)
    }
}

extension MarkdownDocument {
    /// Whether two documents are the same tree once soft line breaks are read as spaces, adjacent text is merged and
    /// code blocks are compared by info string and bytes only (not by how they were fenced).
    /// Incomplete documents are never equivalent.
    func isEquivalent(to other: MarkdownDocument) -> Bool {
        isComplete && other.isComplete && normalized(blocks) == normalized(other.blocks)
    }

    private func normalized(_ blocks: [MarkdownBlock]) -> [MarkdownBlock] {
        blocks.map { block in
            switch block {
            case .paragraph(let content):
                return .paragraph(normalized(content))
            case .heading(let level, let content):
                return .heading(level: level, content: normalized(content))
            case .blockQuote(let children):
                return .blockQuote(normalized(children))
            case .list(var list):
                list.items = list.items.map(normalized)
                return .list(list)
            case .codeBlock(var code):
                code.fence = nil
                return .codeBlock(code)
            case .htmlBlock, .thematicBreak:
                return block
            }
        }
    }

    private func normalized(_ content: [MarkdownInline]) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        for inline in content {
            let simple: MarkdownInline
            switch inline {
            case .softBreak: simple = .text(" ")
            case .emphasis(let children, _): simple = .emphasis(normalized(children), delimiter: "*")
            case .strong(let children, _): simple = .strong(normalized(children), delimiter: "*")
            case .link(let destination, let title, let children):
                simple = .link(destination: destination, title: title, content: normalized(children))
            case .image(let source, let title, let alt):
                simple = .image(source: source, title: title, alt: normalized(alt))
            default: simple = inline
            }
            if case .text(let next) = simple, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + next)
            } else {
                result.append(simple)
            }
        }
        return result
    }
}
