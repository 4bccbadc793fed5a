/// Inline content of a paragraph or heading: an immutable Swift value.
indirect enum MarkdownInline: Sendable, Equatable {
    /// Literal text (entities and backslash escapes already resolved).
    case text(String)
    /// A line break inside a paragraph that renders as a space.
    case softBreak
    /// A hard line break (two trailing spaces or a trailing backslash).
    case lineBreak
    /// A code span; the string is its content.
    case code(String)
    /// Raw inline HTML, kept as written.
    case html(String)
    /// Emphasis, with the delimiter the author used (`*` or `_`).
    case emphasis([MarkdownInline], delimiter: Character)
    /// Strong emphasis, with the delimiter the author used (`*` or `_`).
    case strong([MarkdownInline], delimiter: Character)
    /// A link to `destination`, with an optional title.
    case link(destination: String, title: String, content: [MarkdownInline])
    /// An image at `source`; its content is the alt text.
    case image(source: String, title: String, alt: [MarkdownInline])
}

extension MarkdownInline {
    /// The text a reader sees: code and text literals, alt text of images, no markup.
    var plainText: String {
        switch self {
        case .text(let text), .code(let text), .html(let text): text
        case .softBreak, .lineBreak: " "
        case .emphasis(let content, _), .strong(let content, _), .link(_, _, let content), .image(_, _, let content):
            content.map(\.plainText).joined()
        }
    }
}
