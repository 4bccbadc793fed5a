import Testing

@testable import NotebookKit

/// What one cell does under one rule set: the body written, IPython's error, or no magic at all.
private enum Outcome: Equatable, CustomStringConvertible {
    case writes(String)
    case fails(String)
    case runsAsPython

    init(_ effect: CellEffect) {
        switch effect {
        case .writefile(_, let body, _): self = .writes(body)
        case .rejected(let error): self = .fails(error.description)
        case .none: self = .runsAsPython
        }
    }

    var description: String {
        switch self {
        case .writes(let body): "writes \(body.debugDescription)"
        case .fails(let error): "fails: \(error)"
        case .runsAsPython: "runs as Python"
        }
    }
}

/// The examples of the IPythonFidelity article's table, with what the real releases did (recorded with
/// 7.34.0, 8.12.3, 9.0.2, 9.4.0, 9.9.0, 9.10.1 and 9.18.1 from PyPI).
private struct Example: Sendable, CustomStringConvertible {
    var cell: String
    /// The outcome from each rule set on, oldest first: a rule set not listed has the outcome of the one before.
    var outcomes: [(IPythonVersion, Outcome)]
    var description: String { cell.debugDescription }
}

private let statementAfterTime = "UsageError: Can't use statement directly after '%%time'!"

private let examples: [Example] = [
    // 8.0: vi-mode prompts.
    Example(
        cell: "[ins] In [1]: %%writefile a.txt\n      ...: x",
        outcomes: [(.v7Point34, .runsAsPython), (.v8, .writes("x\n"))]),
    // 9.0.2: textwrap.dedent.
    Example(
        cell: "%%writefile a.txt\nx\n   \ny",
        outcomes: [(.v7Point34, .writes("x\n   \ny\n")), (.v9Point0, .writes("x\n\ny\n"))]),
    // 9.4: %%time --no-raise-error.
    Example(
        cell: "%%time --no-raise-error\n%%writefile a.txt\nx",
        outcomes: [(.v7Point34, .fails(statementAfterTime)), (.v9Point4, .writes("x\n"))]),
    // 9.6: lenient %%time line.
    Example(
        cell: "%%time '\n%%writefile a.txt\nx",
        outcomes: [
            (.v7Point34, .fails(statementAfterTime)), (.v9Point4, .fails("ValueError: No closing quotation")),
            (.v9Point6, .fails(statementAfterTime)),
        ]),
    // 9.10: doctest prompts on any line, `...` only with a `>>>`.
    Example(
        cell: "%%writefile a.txt\n  \n>>> p()\nq",
        outcomes: [
            (.v7Point34, .writes("  \n>>> p()\nq\n")), (.v9Point0, .writes("\n>>> p()\nq\n")),
            (.v9Point10, .writes("\np()\nq\n")),
        ]),
    Example(
        cell: "%%writefile a.txt\n... a", outcomes: [(.v7Point34, .writes("a\n")), (.v9Point10, .writes("... a\n"))]),
    // 9.16: `[ \t]?` after the prompt, and strings after code are not protected.
    Example(
        cell: "%%writefile a.txt\n>>>\nx",
        outcomes: [(.v7Point34, .writes("\nx\n")), (.v9Point10, .writes("x\n")), (.v9Point16, .writes("\nx\n"))]),
    Example(
        cell: "%%writefile a.py\ns = \"\"\"\n>>> inside\n\"\"\"\n>>> outside",
        outcomes: [
            (.v7Point34, .writes("s = \"\"\"\n>>> inside\n\"\"\"\n>>> outside\n")),
            (.v9Point10, .writes("s = \"\"\"\n>>> inside\n\"\"\"\noutside\n")),
            (.v9Point16, .writes("s = \"\"\"\ninside\n\"\"\"\noutside\n")),
        ]),
]

@Suite("--ipython: the known releases and what each rule set does")
struct IPythonVersionTests {
    @Test(
        "a version names its rule set: MAJOR is the newest minor, MAJOR.MINOR the newest patch",
        arguments: [
            ("7", IPythonVersion.v7Point34), ("7.34", .v7Point34), ("7.34.0", .v7Point34), ("8", .v8), ("8.0", .v8),
            ("8.12.3", .v8), ("8.39", .v8), ("9.0.0", .v8), ("9.0.1", .v8), ("9.0", .v9Point0), ("9.0.2", .v9Point0),
            ("9.3", .v9Point0), ("9.4", .v9Point4), ("9.5.0", .v9Point4), ("9.6", .v9Point6), ("9.9", .v9Point6),
            ("9.10", .v9Point10), ("9.10.1", .v9Point10), ("9.15", .v9Point10), ("9.16", .v9Point16),
            ("9.18", .v9Point16), ("9.18.1", .v9Point16), ("9", .v9Point16),
        ])
    func parsing(text: String, version: IPythonVersion) throws {
        #expect(try IPythonVersion(parsing: text) == version)
        #expect(IPythonVersion(argument: text) == version)
    }

    @Test(
        "an unknown version is an error that names it and lists the known ones",
        arguments: ["9.11", "9.19", "10", "8.19", "7.33", "6", "", "9.", ".9", "+9", "09", "9.18.1.0", "nine", "９"])
    func unknown(text: String) {
        #expect(throws: IPythonVersion.unknown(text)) { try IPythonVersion(parsing: text) }
        #expect(IPythonVersion(argument: text) == nil)
        let message = IPythonVersion.unknown(text).description
        #expect(message.hasPrefix("unknown IPython version '\(text)'; known: 8 (8.0 … 8.39; the default), 7.34, "))
        #expect(message.contains("9.0 … 9.10, 9.13 … 9.18"))
    }

    @Test("every rule set answers to its own name, and 9 is the newest")
    func names() throws {
        for version in IPythonVersion.allCases {
            #expect(try IPythonVersion(parsing: version.rawValue) == version)
        }
        #expect(try IPythonVersion(parsing: "9") == IPythonVersion.newest)
        #expect(IPythonVersion.newest == IPythonVersion.allCases.last)
    }

    @Test("the article's examples: each rule set does what its releases did", arguments: examples)
    fileprivate func example(_ example: Example) {
        var expected = example.outcomes[0].1
        for version in IPythonVersion.allCases {
            if let change = example.outcomes.first(where: { $0.0 == version }) { expected = change.1 }
            let outcome = Outcome(CellInterpreter(version: version).effect(ofCode: example.cell))
            #expect(outcome == expected, "--ipython \(version)")
        }
    }

    @Test("doctest prompts: the triple-quote mask of 9.10 and of 9.16")
    func tripleQuoteMask() {
        let lines = ["x = 1\n", ">>> s = \"\"\"\n", "... >>> kept\n", "... \"\"\"\n", "'''\n", ">>> a\n", "'''\n"]
        #expect(
            DoctestPromptStripper(variant: .firstDoctest).tripleQuoteMask(lines)
                == [false, true, true, true, true, true, true])
        // 9.16: protected only when the text before the quotes is a string prefix...
        #expect(
            DoctestPromptStripper(variant: .quoteAware).tripleQuoteMask(lines)
                == [false, false, false, false, true, true, true])
        // ... and the line is not a prompted line after an earlier `>>>` line.
        let prompted = [">>> a\n", ">>> \"\"\"\n", ">>> b\n", "\"\"\"\n"]
        #expect(DoctestPromptStripper(variant: .firstDoctest).tripleQuoteMask(prompted) == [false, true, true, true])
        #expect(DoctestPromptStripper(variant: .quoteAware).tripleQuoteMask(prompted) == [false, false, false, false])
        let firstPrompt = [">>> rB\"\"\"\n", "b\n", "\"\"\"\n", ">>> c\n"]
        #expect(DoctestPromptStripper(variant: .quoteAware).tripleQuoteMask(firstPrompt) == [true, true, true, false])
        #expect(
            DoctestPromptStripper(variant: .quoteAware).tripleQuoteMask(["\\\"\"\"\n", ">>> a\n"]) == [false, false])
    }

    @Test("doctest prompts: stripped stretches are dedented, protected strings are kept")
    func doctestStripping() {
        let cell = "\"\"\"\n\"\"\"\n>>>   a\n>>>   b\n   \n>>>   c\n"
        let lines = PythonText.splitLinesKeepingEnds(cell)
        #expect(
            DoctestPromptStripper(variant: .quoteAware).strip(lines).joined() == "\"\"\"\n\"\"\"\na\nb\n\nc\n")
        #expect(DoctestPromptStripper(variant: .quoteAware).strip(["a\n", "... b\n"]) == ["a\n", "... b\n"])
        #expect(DoctestPromptStripper(variant: .firstDoctest).strip([">>> a\r\n", ">>>\r\n"]) == ["a\r\n", "\n"])
        #expect(DoctestPromptStripper(variant: .quoteAware).strip([">>> a\r\n", ">>>\r\n"]) == ["a\r\n", "\r\n"])
        let wide = ["\u{00A0}>>> a\n", "\u{3000}...\u{00A0}b\n"]
        #expect(DoctestPromptStripper(variant: .firstDoctest).strip(wide) == ["a\n", "b\n"])
        #expect(DoctestPromptStripper(variant: .quoteAware).strip(wide) == ["a\n", "\u{00A0}b\n"])
    }

    @Test("%%time's line: 9.4 takes --no-raise-error and its prefixes; 9.6 reads it leniently")
    func timeLine() {
        let statement = Diagnostic.ipythonUsage("Can't use statement directly after '%%time'!")
        #expect(TimeMagicLine.error(for: "", rules: .mustBeEmpty) == nil)
        #expect(TimeMagicLine.error(for: "--no-raise-error", rules: .mustBeEmpty) == statement)
        for rules in [TimeMagicLine.Rules.strictArguments, .knownArguments] {
            #expect(TimeMagicLine.error(for: "", rules: rules) == nil)
            #expect(TimeMagicLine.error(for: "--no-raise-error", rules: rules) == nil)
            #expect(TimeMagicLine.error(for: " --no  --no-r", rules: rules) == nil)
            #expect(TimeMagicLine.error(for: "--no-raise-error x", rules: rules) == statement)
            #expect(TimeMagicLine.error(for: "--", rules: rules) == statement)
            #expect(TimeMagicLine.error(for: "-n", rules: rules) == statement)
        }
        #expect(
            TimeMagicLine.error(for: "'", rules: .strictArguments)
                == Diagnostic("ValueError: No closing quotation"))
        #expect(TimeMagicLine.error(for: "'", rules: .knownArguments) == statement)
        #expect(TimeMagicLine.error(for: "--no-raise-error=1", rules: .strictArguments) == statement)
        #expect(
            TimeMagicLine.error(for: "--no-raise-error=1", rules: .knownArguments)
                == .ipythonUsage("argument --no-raise-error: ignored explicit argument '1'"))
    }
}

@Suite(
    "The nb2swift command's --ipython",
    .enabled(if: CoreTestSupport.executable != nil, "the nb2swift executable was not built next to the tests"))
struct IPythonOptionTests {
    @Test("an unknown --ipython is a usage error (exit 2) that lists the known versions; nothing is written")
    func unknownVersion() throws {
        let folder = try CoreTestSupport.temporaryFolder("cli-ipython")
        try CoreTestSupport.write(CoreTestSupport.notebookJSON(["%%writefile a.txt\nx"]), to: folder + "/nb.ipynb")
        let run = try CoreTestSupport.run(
            try #require(CoreTestSupport.executable), ["--ipython", "9.19", "nb.ipynb"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown IPython version '9.19'; known: 8 (8.0 … 8.39; the default)"))
        #expect(CoreTestSupport.files(under: folder) == ["nb.ipynb"])
    }

    @Test("--ipython 9.18 strips a doctest prompt on a later line; 9.0 and the default keep it")
    func laterPrompt() throws {
        let folder = try CoreTestSupport.temporaryFolder("cli-ipython")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%file \"c.txt\"\n  \n>>> p()"]), to: folder + "/nb.ipynb")
        for (version, body) in [("9.18", "\np()\n"), ("9.0", "\n>>> p()\n"), (nil, "  \n>>> p()\n")] {
            let arguments = (version.map { ["--ipython", $0] } ?? []) + ["--quiet", "nb.ipynb"]
            let run = try CoreTestSupport.run(try #require(CoreTestSupport.executable), arguments, in: folder)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(CoreTestSupport.read(folder + "/c.txt") == Array(body.utf8), "\(arguments)")
        }
    }
}
