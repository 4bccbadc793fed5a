import Testing

@testable import NotebookKit

@Suite("pretty comment renderer")
struct MarkdownPrettyRendererTests {
    private func render(_ markdown: String, width: Int = 100) -> [String] {
        PrettyCommentRenderer(width: width).render(MarkdownDocument(parsing: markdown))
    }

    @Test("headings of level 1 and 2 become MARK lines, deeper ones stay ATX")
    func headings() {
        #expect(
            render("# One\n\nSetext two\n---\n\n#### Four *x*\n") == [
                "MARK: - One", "", "MARK: - Setext two", "", "#### Four *x*",
            ])
        #expect(
            PrettyCommentRenderer.markdown(fromPretty: ["MARK: - One", "", "MARK: - Two"], headingLevels: [1, 2])
                == "# One\n\n## Two")
    }

    @Test("paragraphs wrap at the width, counting the comment prefix, never inside code spans or links")
    func wrapping() {
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let markdown = words + " `a code span with spaces` and [a link with words](https://example.com/x) end"
        let lines = render(markdown, width: 40)
        #expect(lines.count > 5)
        for line in lines where !line.contains("`") && !line.contains("[") {
            #expect(line.count + 3 <= 40, "\(line)")
        }
        #expect(lines.contains { $0.contains("`a code span with spaces`") })
        #expect(lines.contains { $0.contains("[a link with words](https://example.com/x)") })
        #expect(lines.joined(separator: " ") == markdown)
    }

    @Test("a line may break at the space next to a code span, not inside it")
    func breakBesideCode() {
        #expect(render("aaaa bbbb `cc dd` eeee", width: 15) == ["aaaa bbbb", "`cc dd` eeee"])
    }

    @Test("a table (a paragraph of | lines) keeps its rows instead of being re-wrapped")
    func tables() {
        let table = "| module | what it holds |\n| --- | --- |\n| `DataSetup` | folders of images → `DataLoader`s |"
        #expect(render(table, width: 30) == table.split(separator: "\n").map(String.init))
        #expect(render("| not\na table", width: 100) == ["| not a table"])
    }

    @Test("a word longer than the width stays whole on its line")
    func longWords() {
        let long = String(repeating: "x", count: 300)
        #expect(render("a \(long) b", width: 50) == ["a", long, "b"])
    }

    @Test("a wrapped line never starts with a character that would open a block")
    func noBlockStarts() {
        let lines = render("aaaa bbbb - cccc # dddd > eeee 1. ffff + gggg", width: 12)
        for line in lines { #expect(!"-#>+".contains(line.first ?? " ") && !line.hasPrefix("1."), "\(line)") }
    }

    @Test("lists keep markers, numbering and nesting; block quotes and code keep their structure")
    func structure() {
        let markdown = "* one\n* two\n  1) inner\n  2) more\n\n> quoted\n> text\n\n```swift\nlet x = 1\n```\n\n---\n"
        #expect(
            render(markdown) == [
                "* one", "* two", "  1) inner", "  2) more", "", "> quoted text", "", "```swift", "let x = 1", "```",
                "",
                "---",
            ])
    }

    @Test("a code fence grows past any backtick run inside the code")
    func fenceLength() {
        let document = MarkdownDocument(blocks: [
            .codeBlock(MarkdownCodeBlock(info: "", literal: "a ```` b\n", fence: .init(character: "`", length: 3)))
        ])
        let lines = PrettyCommentRenderer().render(document)
        #expect(lines == ["`````", "a ```` b", "`````"])
        #expect(MarkdownDocument(parsing: lines.joined(separator: "\n")).isEquivalent(to: document))
    }

    @Test("images keep their alt text and URL")
    func images() {
        #expect(
            render("See ![the plot](https://x.org/p.png \"Plot\")") == ["See ![the plot](https://x.org/p.png \"Plot\")"]
        )
    }
}
