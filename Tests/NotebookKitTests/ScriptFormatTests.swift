import Foundation
import Testing

@testable import NotebookKit

@Suite("script format")
struct ScriptFormatTests {
    private func roundTrip(_ notebook: Notebook, pretty: Bool = false) throws -> Notebook {
        let script = ScriptWriter(pretty: pretty).script(for: notebook, notebookName: "t.ipynb")
        return try ScriptReader().notebook(fromScript: script, path: "t.swift")
    }

    @Test("magic and shell lines are commented out and restored; look-alike comments are escaped and restored")
    func codeLines() {
        let lines = [
            "%install '.package(path: \"x\")' X", "%include \"a.swift\"", "%%time", "!ls -la", "%system ls",
            "// %% not a marker", "//%commented magic", "//\\ %% once escaped", "//\\\\!twice", "// !bang",
            "// an ordinary comment", "let x = 1 % 2", "  !flag", "", "//",
        ]
        for line in lines {
            let encoded = ScriptCodeLines.encode(line[...])
            #expect(ScriptCodeLines.decode(encoded[...]) == line, "\(line)")
            #expect(!ScriptCellMarker.isMarker(encoded[...]), "\(line) -> \(encoded)")
        }
        #expect(ScriptCodeLines.encode("%include \"a.swift\"") == "//%include \"a.swift\"")
        #expect(ScriptCodeLines.encode("// %% x") == "//\\ %% x")
        #expect(ScriptCodeLines.encode("let x = 1") == "let x = 1")
    }

    @Test("comment lines keep any text, escaping what could end the comment or look like a marker")
    func commentLines() {
        let lines = [
            "", " ", "plain", "%% x", "%%", "a\rb", "nul\u{0}", "sep\u{2028}\u{2029}\u{85}", "back\\slash\r", "\\u{41}",
        ]
        for line in lines {
            let encoded = ScriptCommentLines.encode(line)
            #expect(encoded.hasPrefix("//"))
            #expect(!encoded.unicodeScalars.contains { $0 == "\r" || $0 == "\0" || $0 == "\u{2028}" })
            #expect(!ScriptCellMarker.isMarker(encoded[...]), "\(line.debugDescription)")
            #expect(ScriptCommentLines.decode(encoded[...]) == line, "\(line.debugDescription) -> \(encoded)")
        }
        #expect(ScriptCommentLines.encode("%% x") == "//\\ %% x")
        #expect(ScriptCommentLines.encode("a\rb") == "//\\ a\\rb")
    }

    @Test("ids, tags, other metadata, raw cells and notebook metadata survive")
    func identity() throws {
        // Keys in the sorted order of a notebook file (scripts sort them, as the notebook writer does).
        let metadata: JSONValue = .object([
            "kernelspec": .object(["display_name": .string("Swift"), "name": .string("swift")])
        ])
        let original = Notebook(
            metadata: metadata,
            cells: [
                Cell(kind: .raw, index: 0, id: "r1", source: "raw text\n%% raw"),
                Cell(
                    kind: .code, index: 1, id: "c-1", source: "let a = 1\n",
                    metadata: .object([
                        "tags": .array([.string("export"), .string("a \"b\"")]), "collapsed": .bool(true),
                    ])),
                Cell(
                    kind: .markdown, index: 2, id: "m_1", source: "# T\n\nü ✓",
                    metadata: .object(["x": .number("1.50")])),
                Cell(kind: .code, index: 3, source: ""),
                Cell(kind: .code, index: 4, source: "\n"),
                Cell(kind: .markdown, index: 5, source: ""),
                Cell(kind: .code, index: 6, source: "let w = 1\r\nlet v = 2\r\n"),
            ])
        let back = try roundTrip(original)
        #expect(back.metadata == metadata)
        #expect(back.cells.map(\.kind) == original.cells.map(\.kind))
        #expect(back.cells.map(\.id) == original.cells.map(\.id))
        #expect(back.cells.map(\.source) == original.cells.map(\.source))
        #expect(back.cells.map(\.tags) == original.cells.map(\.tags))
        guard case .object(let members) = back.cells[1].metadata else {
            Issue.record("metadata lost")
            return
        }
        #expect(members["collapsed"] == .bool(true))
        #expect(back.cells[2].metadata == .object(["x": .number("1.50")]))
    }

    @Test(
        "code cells that are not Swift on their own are commented out whole and restored",
        arguments: [
            "func f() {\n    let x = 1", "# a Python comment\nlet x = 1",
            "@differentiable(wrt: x, vjp: g)\nfunc f(x: Float) -> Float { x }",
            "if true {\n    %include \"x.swift\"\n}", "let s = \"unterminated\nlet t = 2", "/* open comment\nlet a = 1",
            "let s = \"\"\"\nmulti\n", "}\n// %% stray",
        ])
    func notSwiftAlone(source: String) throws {
        let notebook = Notebook(cells: [
            Cell(kind: .code, index: 0, source: source), Cell(kind: .code, index: 1, source: "let z = 0"),
        ])
        let script = ScriptWriter().script(for: notebook, notebookName: "t.ipynb")
        #expect(script.contains("// %% commented\n"))
        #expect(
            try ScriptReader().notebook(fromScript: script, path: "t.swift").cells.map(\.source)
                == notebook.cells.map(\.source))
        #expect(script.contains("\nlet z = 0\n"))
        if ScriptTestSupport.swiftc != nil {
            #expect(try ScriptTestSupport.parseErrors([("notswift.swift", script)]) == [])
        }
    }

    @Test(
        "Swift with brackets inside strings, interpolations, raw strings and nested comments stays code",
        arguments: [
            "let a = \"{[(\"", "let b = \"\\(d[\"k\"]!) )\"", "let c = #\"}\"#", "let m = \"\"\"\n  }\n  \"\"\"",
            "/* outer /* inner */ } */\nlet e = 1", "// } comment\nlet f = [1, (2)]",
            "#if os(Linux)\nlet g = 1\n#endif",
        ])
    func balancedSwift(source: String) throws {
        let script = ScriptWriter().script(
            for: Notebook(cells: [Cell(kind: .code, index: 0, source: source)]), notebookName: "t")
        #expect(!script.contains("commented"))
        #expect(script.contains("\n" + source + "\n"))
    }

    @Test("a script converted to CR LF line endings reads back to the same notebook")
    func crlfScript() throws {
        let notebook = Notebook(cells: [
            Cell(kind: .markdown, index: 0, id: "m", source: "# T\n\ntext"),
            Cell(kind: .code, index: 1, id: "c", source: "let a = 1\r\nlet b = 2\n"),
        ])
        let script = ScriptWriter().script(for: notebook, notebookName: "t.ipynb")
        var converted = ""
        for scalar in script.unicodeScalars {
            if scalar == "\n" { converted += "\r\n" } else { converted.unicodeScalars.append(scalar) }
        }
        let back = try ScriptReader().notebook(fromScript: converted, path: "t.swift")
        #expect(back.cells.map(\.source) == notebook.cells.map(\.source))
        #expect(back.cells.map(\.id) == ["m", "c"])
    }

    @Test("a script without markers is one code cell; code before the first marker is a first cell")
    func handWritten() throws {
        let plain = try ScriptReader().notebook(fromScript: "let a = 1\n//%install x\n", path: "a.swift")
        #expect(plain.cells.map(\.source) == ["let a = 1\n//%install x"])
        let mixed = try ScriptReader().notebook(
            fromScript: "import Foundation\n\n// %% [markdown]\n// Hi\n", path: "b.swift")
        #expect(mixed.cells.map(\.kind) == [.code, .markdown])
        #expect(mixed.cells.map(\.source) == ["import Foundation", "Hi"])
    }

    @Test(
        "bad scripts fail with the file and line",
        arguments: [
            ("// %% [python]\nx\n", 1, "unknown cell type"), ("// %%\nx\n// %% id=\"open\n", 3, "unclosed JSON value"),
            ("// %% [markdown]\n// ok\nnot a comment\n", 3, "comment lines"),
            ("// %% colour=\"red\"\n", 1, "unknown attribute"),
        ] as [(String, Int, String)])
    func errors(script: String, line: Int, message: String) {
        #expect {
            _ = try ScriptReader().notebook(fromScript: script, path: "bad.swift")
        } throws: { error in
            guard let error = error as? Diagnostic else { return false }
            return error.file == "bad.swift" && error.line == line && error.message.contains(message)
                && error.description.hasPrefix("bad.swift:\(line):1: ")
        }
    }

    @Test("attachments are not carried: the marker and the --docs block say so")
    func attachments() throws {
        let cell = Cell(
            kind: .markdown, index: 0, source: "![plot](attachment:plot.png)", attachmentNames: ["plot.png"])
        let script = ScriptWriter().script(for: Notebook(cells: [cell]), notebookName: "a.ipynb")
        #expect(script.contains("// %% [markdown] attachments=[\"plot.png\"]\n// ![plot](attachment:plot.png)\n"))
        #expect(try ScriptReader().notebook(fromScript: script, path: "a.swift").cells.first?.source == cell.source)
        let docs = DocsProse().comment(for: [cell], path: "A.swift") ?? ""
        #expect(docs.contains("// (attachment \"plot.png\" of the notebook is not carried)\n"))
    }

    @Test("a mixed notebook's %%writefile cells become files and a marker naming the file")
    func mixedNotebook() throws {
        let notebook = Notebook(cells: [
            Cell(kind: .markdown, index: 0, source: "Intro"),
            Cell(kind: .code, index: 1, source: "%%writefile Sources/A/a.swift\npublic let a = {"),
            Cell(kind: .code, index: 2, source: "print(1)"),
        ])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nb2swift-mixed-\(UUID().uuidString)")
            .path
        var files = VirtualFileSystem(readingDisk: false)
        let plan = ScriptPlanner().plan(
            notebook, source: NotebookSource(displayPath: "m.ipynb", outputRoot: root, pathFromRoot: "m.ipynb"),
            files: &files)[0]
        #expect(plan.files.map(\.path) == ["Sources/A/a.swift", "m.swift"])
        #expect(plan.files.first?.bytes == Array("public let a = {\n".utf8))
        let script = String(decoding: plan.files.last?.bytes ?? [], as: UTF8.self)
        #expect(script.contains("// %% writefile=\"Sources/A/a.swift\" commented\n"))
        #expect(
            try ScriptReader().notebook(fromScript: script, path: "m.swift").cells.map(\.source)
                == notebook.cells.map(\.source))
        let automatic = ScriptPlanner(mode: .whenNoWritefileCells).plan(
            notebook, source: NotebookSource(displayPath: "m.ipynb", outputRoot: root, pathFromRoot: "m.ipynb"),
            files: &files)[0]
        #expect(automatic.files.map(\.path) == ["Sources/A/a.swift"])
    }
}

@Suite("nbformat writer")
struct NotebookWriterTests {
    @Test("sources are cut like Python's str.splitlines(True)")
    func sourceLines() {
        #expect(NotebookWriter.sourceLines("") == [])
        #expect(NotebookWriter.sourceLines("a\nb") == ["a\n", "b"])
        #expect(NotebookWriter.sourceLines("a\r\nb\rc\n") == ["a\r\n", "b\r", "c\n"])
        #expect(NotebookWriter.sourceLines("x\u{2028}y\u{0C}z") == ["x\u{2028}", "y\u{0C}", "z"])
    }

    @Test("a small notebook is laid out as Jupyter saves it")
    func layout() {
        let notebook = Notebook(
            metadata: .object(["language_info": .object(["name": .string("swift")]), "kernelspec": .object([:])]),
            cells: [
                Cell(kind: .markdown, index: 0, id: "m", source: "# Tï\n\t\"q\"\u{1}"),
                Cell(kind: .code, index: 1, source: "let a = 1\n"),
            ])
        let expected = """
            {
             "cells": [
              {
               "cell_type": "markdown",
               "id": "m",
               "metadata": {},
               "source": [
                "# Tï\\n",
                "\\t\\"q\\"\\u0001"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "cell-1",
               "metadata": {},
               "outputs": [],
               "source": [
                "let a = 1\\n"
               ]
              }
             ],
             "metadata": {
              "kernelspec": {},
              "language_info": {
               "name": "swift"
              }
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """
        #expect(NotebookWriter().json(for: notebook) == expected)
    }

    @Test(
        "the rebuilt corpus notebooks are byte-identical to Python's json.dumps(sort_keys, indent=1)",
        .enabled(if: !ScriptTestSupport.fastaiNotebooks.isEmpty, "the fast.ai corpus is absent (NB2SWIFT_SHARED)"),
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "/usr/bin/python3 is absent"))
    func matchesPython() throws {
        let notebooks = ScriptTestSupport.fastaiNotebooks
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nb2swift-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in notebooks {
            let json = NotebookWriter().json(for: try NotebookReader().read(contentsOf: path))
            try Data(json.utf8).write(to: folder.appendingPathComponent((path as NSString).lastPathComponent))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "-c",
            """
            import json, pathlib, sys
            bad = [p.name for p in sorted(pathlib.Path(sys.argv[1]).glob('*.ipynb'))
                   if json.dumps(json.loads(p.read_text('utf-8')), sort_keys=True, indent=1, ensure_ascii=False) + '\\n'
                   != p.read_text('utf-8')]
            print(len(list(pathlib.Path(sys.argv[1]).glob('*.ipynb'))), bad)
            """,
            folder.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == "\(notebooks.count) []\n")
    }
}
