import Foundation
import Testing

@testable import NotebookKit

@Suite("DocC markdown renderer")
struct DocCMarkdownRendererTests {
    private func render(_ markdown: String, renderer: DocCMarkdownRenderer = DocCMarkdownRenderer()) -> String {
        renderer.lines(of: MarkdownDocument(parsing: markdown).blocks).joined(separator: "\n")
    }

    /// Every markdown cell of the notebooks under `folder`.
    private static func markdownCells(under folder: String) throws -> [(String, String)] {
        var cells: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".ipynb")
        {
            let notebook = try NotebookReader().read(contentsOf: folder + "/" + name)
            cells += notebook.cells.filter { $0.kind == .markdown }.map { ("\(name) cell \($0.index)", $0.source) }
        }
        return cells
    }

    @Test("every markdown cell of the lesson and of the fast.ai corpus parses back to the same tree")
    func roundTrip() throws {
        var cells = try Self.markdownCells(under: CoreTestSupport.packageRoot.path + "/notebooks")
        if let course = MarkersTestSupport.courseFolder {
            cells += try Self.markdownCells(under: course + "/notebooks")
        }
        #expect(cells.count > 40)
        for (name, source) in cells {
            let document = MarkdownDocument(parsing: source)
            let text = render(source)
            #expect(MarkdownDocument(parsing: text).isEquivalent(to: document), "\(name):\n\(text)")
        }
    }

    @Test("text that DocC would read as markup is escaped: strikethrough, directives, block starts, entities")
    func escaping() {
        #expect(render("a ~strike~ b") == "a \\~strike\\~ b")
        #expect(render("\\@Directive(x) at the start") == "\\@Directive(x) at the start")
        #expect(render("1986\\. A fine year") == "1986\\. A fine year")
        #expect(render("\\# not a heading") == "\\# not a heading")
        #expect(render("a \\| b and \\&amp; and a & b") == "a \\| b and \\&amp; and a & b")
        #expect(render("snake\\_case \\*not emphasis\\*") == "snake\\_case \\*not emphasis\\*")
    }

    @Test("a code span is never delimited by exactly two backticks, DocC's link to a symbol")
    func codeSpans() {
        #expect(render("``Symbol`` and `code`") == "`Symbol` and `code`")
        #expect(render("```a`b``` x") == "```a`b``` x")
        #expect(DocCMarkdownRenderer.codeSpan("``x") == "``` ``x ```")
    }

    @Test("links go through the hook; an autolink stays one; images become images, links or their alt text")
    func linksAndImages() {
        let renderer = DocCMarkdownRenderer(
            linkDestination: { $0.hasSuffix(".ipynb") ? "doc:" + $0.dropLast(6) : $0 },
            image: { $0.hasPrefix("attachment:") ? .image("res") : $0.hasPrefix("http") ? .link($0) : .altText })
        #expect(
            render("[next](02_next.ipynb) <https://example.com>", renderer: renderer)
                == "[next](doc:02_next) <https://example.com>")
        #expect(render("![a *plot*](attachment:p.png)", renderer: renderer) == "![a *plot*](res)")
        #expect(render("![web](https://x.org/i.png)", renderer: renderer) == "[web](https://x.org/i.png)")
        #expect(render("![local](img/i.png)", renderer: renderer) == "local")
        #expect(render("[t](<a b.ipynb> \"T\")") == "[t](<a b.ipynb> \"T\")")
    }

    @Test("tables keep their rows, lists their markers and nesting, code blocks their bytes and a longer fence")
    func blocks() {
        let table = "| a | `b` |\n| --- | --- |\n| 1 | x*y |"
        #expect(render(table) == "| a | `b` |\n| --- | --- |\n| 1 | x\\*y |")
        #expect(render("- one\n  1. two\n  2. three\n- four") == "- one\n  1. two\n  2. three\n- four")
        #expect(render("````\n```swift\nlet a = 1\n```\n````") == "````\n```swift\nlet a = 1\n```\n````")
        #expect(render("> quoted\n>\n> more") == "> quoted\n>\n> more")
        #expect(render("line one  \nline two\nthree") == "line one\\\nline two\nthree")
    }
}
