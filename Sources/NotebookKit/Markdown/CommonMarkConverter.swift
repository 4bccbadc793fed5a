import CCmark

/// The one place that touches libcmark: parses markdown and turns cmark's node tree into Swift values at once.
///
/// No cmark pointer leaves this file. Output is never produced with `cmark_render_commonmark` (it rewrites text);
/// renderers work on the ``MarkdownDocument`` tree instead.
enum CommonMarkConverter {
    /// Parses `text` as CommonMark and returns its tree.
    static func parse(_ text: String) -> MarkdownDocument {
        let bytes = Array(text.utf8)
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE
        guard let parser = cmark_parser_new(options) else { return MarkdownDocument(blocks: []) }
        defer { cmark_parser_free(parser) }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parser_feed(parser, $0, buffer.count)
                }
            }
        }
        guard let root = cmark_parser_finish(parser) else { return MarkdownDocument(blocks: []) }
        defer { cmark_node_free(root) }
        let walker = Walker(source: SourceLines(bytes))
        let blocks = walker.blocks(under: root, depth: 0)
        return MarkdownDocument(blocks: blocks, isComplete: !walker.isTruncated)
    }

    /// How deep blocks and inlines may nest before the rest is cut off (real documents stay far below; deeper
    /// nesting would only exhaust the stack of the recursive walk).
    static let nestingLimit = 128

    /// Converts one cmark subtree after another into Swift values.
    private final class Walker {
        let source: SourceLines
        /// Whether some content was nested deeper than ``nestingLimit`` and left out.
        private(set) var isTruncated = false

        init(source: SourceLines) { self.source = source }

        func children(of node: OpaquePointer) -> [OpaquePointer] {
            var result: [OpaquePointer] = []
            var child = cmark_node_first_child(node)
            while let current = child {
                result.append(current)
                child = cmark_node_next(current)
            }
            return result
        }

        func blocks(under node: OpaquePointer, depth: Int) -> [MarkdownBlock] {
            guard depth <= CommonMarkConverter.nestingLimit else {
                isTruncated = true
                return []
            }
            return children(of: node).compactMap { block($0, depth: depth + 1) }
        }

        func block(_ node: OpaquePointer, depth: Int) -> MarkdownBlock? {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH:
                return .paragraph(inlines(under: node, depth: depth))
            case CMARK_NODE_HEADING:
                return .heading(
                    level: Int(cmark_node_get_heading_level(node)), content: inlines(under: node, depth: depth))
            case CMARK_NODE_BLOCK_QUOTE:
                return .blockQuote(blocks(under: node, depth: depth))
            case CMARK_NODE_LIST:
                return .list(list(node, depth: depth))
            case CMARK_NODE_CODE_BLOCK:
                return .codeBlock(codeBlock(node))
            case CMARK_NODE_HTML_BLOCK:
                return .htmlBlock(literal(node))
            case CMARK_NODE_THEMATIC_BREAK:
                return .thematicBreak
            default:
                // Items are read by `list`; custom blocks never come out of the parser.
                return nil
            }
        }

        func list(_ node: OpaquePointer, depth: Int) -> MarkdownList {
            let kind: MarkdownList.Kind
            if cmark_node_get_list_type(node) == CMARK_ORDERED_LIST {
                let delimiter: Character = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? ")" : "."
                kind = .ordered(start: Int(cmark_node_get_list_start(node)), delimiter: delimiter)
            } else {
                let marker = source.byte(
                    line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
                kind = .bullet(
                    marker.map { Character(Unicode.Scalar($0)) }.flatMap { "-+*".contains($0) ? $0 : nil } ?? "-")
            }
            let items = children(of: node).map { blocks(under: $0, depth: depth + 1) }
            return MarkdownList(kind: kind, isTight: cmark_node_get_list_tight(node) != 0, items: items)
        }

        func codeBlock(_ node: OpaquePointer) -> MarkdownCodeBlock {
            let info = string(cmark_node_get_fence_info(node))
            let line = cmark_node_get_start_line(node)
            let column = cmark_node_get_start_column(node)
            var fence: MarkdownCodeBlock.Fence?
            if let first = source.byte(line: line, column: column),
                first == UInt8(ascii: "`") || first == UInt8(ascii: "~")
            {
                let run = source.run(of: first, line: line, column: column)
                if run >= 3 { fence = .init(character: Character(Unicode.Scalar(first)), length: run) }
            }
            if !info.isEmpty && fence == nil { fence = .init(character: "`", length: 3) }
            return MarkdownCodeBlock(info: info, literal: literal(node), fence: fence)
        }

        func inlines(under node: OpaquePointer, depth: Int) -> [MarkdownInline] {
            guard depth <= CommonMarkConverter.nestingLimit else {
                isTruncated = true
                return []
            }
            return children(of: node).compactMap { inline($0, depth: depth + 1) }
        }

        func inline(_ node: OpaquePointer, depth: Int) -> MarkdownInline? {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: .text(literal(node))
            case CMARK_NODE_SOFTBREAK: .softBreak
            case CMARK_NODE_LINEBREAK: .lineBreak
            case CMARK_NODE_CODE: .code(literal(node))
            case CMARK_NODE_HTML_INLINE: .html(literal(node))
            case CMARK_NODE_EMPH: .emphasis(inlines(under: node, depth: depth), delimiter: delimiter(node))
            case CMARK_NODE_STRONG: .strong(inlines(under: node, depth: depth), delimiter: delimiter(node))
            case CMARK_NODE_LINK:
                .link(
                    destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
                    content: inlines(under: node, depth: depth))
            case CMARK_NODE_IMAGE:
                .image(
                    source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
                    alt: inlines(under: node, depth: depth))
            default: nil
            }
        }

        /// The emphasis character at the node's start in the source (`_` or `*`).
        func delimiter(_ node: OpaquePointer) -> Character {
            let byte = source.byte(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
            return byte == UInt8(ascii: "_") ? "_" : "*"
        }

        func literal(_ node: OpaquePointer) -> String { string(cmark_node_get_literal(node)) }

        func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
    }
}

/// The markdown source split into lines the way cmark counts them (`\n`, `\r\n` or `\r` end a line).
private struct SourceLines {
    private let bytes: [UInt8]
    private var starts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\r") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                starts.append(index + 1)
            } else if bytes[index] == UInt8(ascii: "\n") {
                starts.append(index + 1)
            }
            index += 1
        }
    }

    /// The byte at a 1-based line and 1-based byte column, if inside the text.
    func byte(line: Int32, column: Int32) -> UInt8? {
        guard line >= 1, column >= 1, Int(line) <= starts.count else { return nil }
        let offset = starts[Int(line) - 1] + Int(column) - 1
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// How many times `byte` repeats from that position on.
    func run(of byte: UInt8, line: Int32, column: Int32) -> Int {
        var count = 0
        while self.byte(line: line, column: column + Int32(count)) == byte { count += 1 }
        return count
    }
}
