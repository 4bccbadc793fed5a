/// A block of a markdown document, as libcmark parsed it: an immutable Swift value.
indirect enum MarkdownBlock: Sendable, Equatable {
    /// A paragraph of inline content.
    case paragraph([MarkdownInline])
    /// An ATX or setext heading of level 1 to 6.
    case heading(level: Int, content: [MarkdownInline])
    /// A block quote (`> ...`) holding blocks.
    case blockQuote([MarkdownBlock])
    /// A bullet or ordered list.
    case list(MarkdownList)
    /// A fenced (` ``` `, `~~~`) or indented code block; `literal` keeps its bytes.
    case codeBlock(MarkdownCodeBlock)
    /// A raw HTML block, kept as written (HTML comments included).
    case htmlBlock(String)
    /// A thematic break (`---`, `***`, `___`).
    case thematicBreak
}

/// A list and its items.
struct MarkdownList: Sendable, Equatable {
    /// Whether a list is bulleted or numbered.
    enum Kind: Sendable, Equatable {
        /// A bullet list, with the bullet character the author used (`-`, `+` or `*`).
        case bullet(Character)
        /// An ordered list starting at `start`, with `.` or `)` after the number.
        case ordered(start: Int, delimiter: Character)
    }

    /// Bullet or ordered, with its marker.
    var kind: Kind
    /// A tight list has no blank lines between its items.
    var isTight: Bool
    /// Each item's blocks.
    var items: [[MarkdownBlock]]

}

/// A code block: its info string, its exact bytes and how it was fenced.
struct MarkdownCodeBlock: Sendable, Equatable {
    /// The fence the author used (character and length), or `nil` for an indented code block.
    struct Fence: Sendable, Equatable {
        /// A backtick or `~`.
        var character: Character
        /// How many fence characters opened the block (3 or more).
        var length: Int

    }

    /// The info string after the opening fence (`swift`, `python`, ...), empty when absent.
    var info: String
    /// The code, byte for byte, each line ending with a newline.
    var literal: String
    /// The opening fence, or `nil` for an indented code block.
    var fence: Fence?

}
