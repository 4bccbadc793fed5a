import Testing

@testable import NotebookKit

@Suite("libcmark converter")
struct MarkdownConverterTests {
    @Test("headings, paragraphs and inline markup become Swift values")
    func inlines() {
        let document = MarkdownDocument(
            parsing: "# Title\n\nsome _emph_ and **strong** `code`\n[link](http://x \"t\") ![alt](a.png)\n")
        #expect(document.blocks.count == 2)
        #expect(document.blocks[0] == .heading(level: 1, content: [.text("Title")]))
        guard case .paragraph(let content) = document.blocks[1] else {
            Issue.record("expected a paragraph, got \(document.blocks[1])")
            return
        }
        #expect(
            content == [
                .text("some "), .emphasis([.text("emph")], delimiter: "_"), .text(" and "),
                .strong([.text("strong")], delimiter: "*"), .text(" "), .code("code"), .softBreak,
                .link(destination: "http://x", title: "t", content: [.text("link")]), .text(" "),
                .image(source: "a.png", title: "", alt: [.text("alt")]),
            ])
    }

    @Test("lists keep their bullet, numbering, delimiter, tightness and nesting")
    func lists() {
        let document = MarkdownDocument(parsing: "+ a\n+ b\n  * c\n\n3) x\n\n4) y\n")
        #expect(
            document.blocks[0]
                == .list(
                    MarkdownList(
                        kind: .bullet("+"), isTight: true,
                        items: [
                            [.paragraph([.text("a")])],
                            [
                                .paragraph([.text("b")]),
                                .list(
                                    MarkdownList(kind: .bullet("*"), isTight: true, items: [[.paragraph([.text("c")])]])
                                ),
                            ],
                        ])))
        #expect(
            document.blocks[1]
                == .list(
                    MarkdownList(
                        kind: .ordered(start: 3, delimiter: ")"), isTight: false,
                        items: [[.paragraph([.text("x")])], [.paragraph([.text("y")])]])))
    }

    @Test("code blocks keep their bytes, info string and fence")
    func codeBlocks() {
        let document = MarkdownDocument(parsing: "~~~~swift extra\nlet a = \"*/\"\n\n  x\n~~~~\n\n    indented\n")
        #expect(
            document.blocks == [
                .codeBlock(
                    MarkdownCodeBlock(
                        info: "swift extra", literal: "let a = \"*/\"\n\n  x\n", fence: .init(character: "~", length: 4)
                    )),
                .codeBlock(MarkdownCodeBlock(info: "", literal: "indented\n", fence: nil)),
            ])
    }

    @Test("an unterminated fence runs to the end of the cell")
    func unterminatedFence() {
        let document = MarkdownDocument(parsing: "text\n```python\nprint(1)\n// %% not a marker\n")
        #expect(
            document.blocks.last
                == .codeBlock(
                    MarkdownCodeBlock(
                        info: "python", literal: "print(1)\n// %% not a marker\n",
                        fence: .init(character: "`", length: 3))))
    }

    @Test("tables are not core CommonMark: their text stays in a paragraph")
    func tables() {
        let document = MarkdownDocument(parsing: "| a | b |\n|---|---|\n| 1 | 2 |\n")
        guard case .paragraph(let content)? = document.blocks.first else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(content.map(\.plainText).joined() == "| a | b | |---|---| | 1 | 2 |")
    }

    @Test("HTML blocks and comments are kept as written")
    func html() {
        let document = MarkdownDocument(parsing: "<!-- a */ comment -->\n\n<div>\n*x*\n</div>\n")
        #expect(document.blocks == [.htmlBlock("<!-- a */ comment -->\n"), .htmlBlock("<div>\n*x*\n</div>\n")])
    }

    @Test("nesting beyond 128 levels is cut off and flagged, never a stack overflow")
    func deepNesting() {
        #expect(MarkdownDocument(parsing: String(repeating: ">", count: 100) + " x").isComplete)
        let deep = MarkdownDocument(parsing: String(repeating: ">", count: 50_000) + " x")
        #expect(!deep.isComplete)
        #expect(!deep.isEquivalent(to: deep))
        #expect(
            !MarkdownDocument(
                parsing: String(repeating: "_", count: 20_000) + "a" + String(repeating: "_", count: 20_000)
            ).isComplete)
    }

    @Test("equivalence ignores soft breaks and fences but not text")
    func equivalence() {
        let original = MarkdownDocument(parsing: "a\nb\n\n```\nx\n```\n")
        #expect(original.isEquivalent(to: MarkdownDocument(parsing: "a b\n\n    x\n")))
        #expect(!original.isEquivalent(to: MarkdownDocument(parsing: "a c\n\n    x\n")))
        #expect(!original.isEquivalent(to: MarkdownDocument(parsing: "a b\n\n    y\n")))
    }
}
