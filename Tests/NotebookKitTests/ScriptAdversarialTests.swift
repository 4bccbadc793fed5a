import Testing

@testable import NotebookKit

/// Markdown that tries to end the comment early or turn into code: each case must give a script that parses as
/// Swift, keeps the cell boundaries, and reads back to the same markdown (exactly, or as the same tree with --pretty).
@Suite("adversarial markdown in scripts")
struct ScriptAdversarialTests {
    static let cases: [(name: String, markdown: String)] = [
        ("block comment end", "Closing */ a comment, opening /* another\n\n*/\n"),
        ("unterminated fence", "Before\n\n```swift\nlet x = 1 */\n}\n"),
        ("marker-like prose", "// %%\n// %% [markdown]\n%% not a cell\n%%time\n"),
        ("marker-like code in a fence", "```\n// %%\n%% x\n```\n"),
        ("HTML comments", "<!-- hidden\n// %%\n*/ -->\n\ntext <!-- inline --> more\n"),
        ("very long word", String(repeating: "supercalifragilistic", count: 30) + " end\n"),
        ("RTL and emoji", "עברית مرحبا 👩‍👩‍👧‍👦 🇫🇷 e\u{301} ‮reversed‬\n"),
        ("table", "| a | b |\n|---|---|\n| `*/` | // %% |\n"),
        ("carriage returns", "line one\r\nline two\rline three\n"),
        ("NUL", "before\u{0}after\n"),
        ("line and paragraph separators", "one\u{2028}two\u{2029}three\u{85}four\n"),
        ("MARK look-alike", "MARK: - not a heading\n\n# real\n"),
        ("backslashes", "a \\\\ b\\\n// \\ c \\*x\\*\n"),
        ("magic look-alike", "%install '.package(path: \"x\")' X\n!ls\n"),
        ("escaped comment look-alike", "//\\ %% x\n//% y\n"),
        (
            "nesting deeper than the converter follows",
            String(repeating: "> ", count: 3000) + "deep\n\n" + String(repeating: "*", count: 3000) + "x"
                + String(repeating: "*", count: 3000) + "\n"
        ),
        ("inline HTML over lines", "text <span\ntitle=\"*/\">a</span> <!-- x\n// %% y --> end\n"),
    ]

    private func notebook() -> Notebook {
        var cells = Self.cases.enumerated().map { position, item in
            Cell(kind: .markdown, index: position, id: "case-\(position)", source: item.markdown)
        }
        cells.append(Cell(kind: .code, index: cells.count, id: "code", source: "let answer = 42"))
        return Notebook(cells: cells)
    }

    @Test("lossless scripts parse as Swift and give every markdown source back byte for byte")
    func lossless() throws {
        let original = notebook()
        let script = ScriptWriter().script(for: original, notebookName: "adversarial.ipynb")
        let back = try ScriptReader().notebook(fromScript: script, path: "adversarial.swift")
        #expect(back.cells.map(\.source) == original.cells.map(\.source))
        #expect(back.cells.map(\.id) == original.cells.map(\.id))
        try expectOnlyCommentsAroundCode(script)
        try expectParses(script, name: "adversarial_lossless.swift")
    }

    @Test("pretty scripts parse as Swift and every markdown cell reads back to the same tree", arguments: [100, 30])
    func pretty(width: Int) throws {
        let original = notebook()
        let script = ScriptWriter(pretty: true, width: width).script(for: original, notebookName: "adversarial.ipynb")
        let back = try ScriptReader().notebook(fromScript: script, path: "adversarial.swift")
        #expect(back.cells.count == original.cells.count)
        for (before, after) in zip(original.cells, back.cells) {
            let sameTree = MarkdownDocument(parsing: before.source).isEquivalent(
                to: MarkdownDocument(parsing: after.source))
            #expect(after.source == before.source || sameTree, "cell \(before.id ?? "")")
        }
        try expectOnlyCommentsAroundCode(script)
        try expectParses(script, name: "adversarial_pretty_\(width).swift")
    }

    @Test("each case alone", arguments: 0..<cases.count)
    func eachCase(position: Int) throws {
        let cell = Cell(kind: .markdown, index: 0, source: Self.cases[position].markdown)
        for pretty in [false, true] {
            let script = ScriptWriter(pretty: pretty).script(for: Notebook(cells: [cell]), notebookName: "case.ipynb")
            let back = try ScriptReader().notebook(fromScript: script, path: "case.swift")
            #expect(back.cells.count == 1)
            if !pretty { #expect(back.cells.first?.source == cell.source) }
            try expectOnlyCommentsAroundCode(script)
        }
    }

    /// Every line is a comment or blank, except the one code cell's `let answer = 42`; no line holds a CR.
    private func expectOnlyCommentsAroundCode(_ script: String) throws {
        for line in script.linesAtLineFeeds {
            #expect(line.isEmpty || line.hasPrefix("//") || line == "let answer = 42", "\(line.debugDescription)")
            #expect(!line.contains("\r"))
        }
    }

    private func expectParses(_ script: String, name: String) throws {
        guard ScriptTestSupport.swiftc != nil else {
            withKnownIssue("swiftc not found (set SWIFTC): the parse check did not run") { Issue.record("no swiftc") }
            return
        }
        #expect(try ScriptTestSupport.parseErrors([(name, script)]) == [])
    }
}

/// A token soup of markdown and Swift syntax, with a fixed seed: every script reads back (markdown exactly, or as
/// the same tree with --pretty; code and raw cells exactly) and every non-code line is a comment.
@Suite("token soup")
struct ScriptTokenSoupTests {
    static let tokens = [
        "*", "_", "`", "```", "~~~", "\n", "\n\n", " ", "  ", "\t", "# ", "## ", "- ", "1. ", "2) ", "> ", "[a](b)",
        "![x](y \"t\")", "<div>", "<!--", "-->", "*/", "/*", "// %%", "%%", "%", "!", "\\", "\r", "\r\n", "\u{0}",
        "\u{2028}", "MARK: - ", "word", "é", "👩‍👩‍👧", "עברית", "|", "---", "===", "    ", "&amp;", "**", "  \n", "\\\n",
        "\n  - ", "\n> - ", "{", "}", "\"", "(", ")",
    ]

    @Test("1,000 random notebooks round-trip in both modes")
    func soup() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func soup() -> String { (0..<(1 + next(40))).map { _ in Self.tokens[next(Self.tokens.count)] }.joined() }
        for _ in 0..<1000 {
            let markdown = soup()
            let code = soup()
            let notebook = Notebook(cells: [
                Cell(kind: .markdown, index: 0, source: markdown), Cell(kind: .code, index: 1, source: code),
                Cell(kind: .raw, index: 2, source: markdown),
            ])
            for pretty in [false, true] {
                let script = ScriptWriter(pretty: pretty, width: 20 + next(60)).script(for: notebook, notebookName: "s")
                let back = try ScriptReader().notebook(fromScript: script, path: "s.swift")
                #expect(back.cells.count == 3)
                guard back.cells.count == 3 else { return }
                #expect(back.cells[1].source == code && back.cells[2].source == markdown, "\(code.debugDescription)")
                if pretty {
                    #expect(
                        MarkdownDocument(parsing: back.cells[0].source).isEquivalent(
                            to: MarkdownDocument(parsing: markdown)),
                        "\(markdown.debugDescription)")
                } else {
                    #expect(back.cells[0].source == markdown, "\(markdown.debugDescription)")
                }
            }
        }
    }
}

@Suite("swiftc -parse check")
struct SwiftParseCheckTests {
    @Test("the parse check rejects a script that is not Swift, so passing it means something")
    func rejectsBrokenSwift() throws {
        guard ScriptTestSupport.swiftc != nil else {
            withKnownIssue("swiftc not found (set SWIFTC): the parse check did not run") { Issue.record("no swiftc") }
            return
        }
        #expect(try ScriptTestSupport.parseErrors([("broken.swift", "// fine\n*/ let = \n")]).count == 1)
    }
}
