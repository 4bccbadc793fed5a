import Foundation
import Testing

@testable import NotebookKit

/// Writing a notebook back keeps the bytes of everything that did not change, in the layout of the tool that saved it.
@Suite("Minimal diffs: a notebook written back changes only what changed")
struct MinimalDiffTests {
    /// The saved-notebook fixtures (`Tests/Fixtures/SavedNotebooks`, written by its `make_notebooks.py`).
    static let fixtures = CoreTestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/SavedNotebooks").path

    /// A copy of a fixture in a fresh folder: its path.
    static func copy(_ name: String) throws -> String {
        let folder = try CoreTestSupport.temporaryFolder("minimal-diff")
        let path = folder + "/" + name
        try CoreTestSupport.write(try #require(CoreTestSupport.read(fixtures + "/" + name)), to: path)
        return path
    }

    static func run(_ mode: ConversionOptions.Mode, _ path: String) -> ConversionReport {
        let folder = OutputRoot.parentPath(of: path)
        return Conversion(ConversionOptions(mode: mode, displayBase: folder)).run([path])
    }

    /// The inode and modification time of a file: what changes when it is rewritten, even with the same bytes.
    static func identity(_ path: String) throws -> (inode: UInt64, modified: Date) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (
            (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
            try #require(attributes[.modificationDate] as? Date)
        )
    }

    /// Sets a file's modification time a minute back, so that a rewrite within the same second would show.
    static func age(_ path: String) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
    }

    @Test(
        "a Colab- and a Jupyter-saved notebook survive script → ipynb byte for byte, the file not even rewritten",
        arguments: ["colab.ipynb", "jupyter.ipynb"])
    func unchangedRoundTrip(name: String) throws {
        let notebook = try Self.copy(name)
        let original = try #require(CoreTestSupport.read(notebook))
        #expect(Self.run(.scripts, notebook).status == .success)
        try Self.age(notebook)
        let before = try Self.identity(notebook)
        let script = String(notebook.dropLast(".ipynb".count)) + ".swift"
        #expect(Self.run(.notebooks, script).status == .success)
        #expect(CoreTestSupport.read(notebook) == original)
        let after = try Self.identity(notebook)
        #expect(after.inode == before.inode && after.modified == before.modified)
    }

    /// The line ranges (first line, count) `git diff -U0` reports as changed in the old and new file.
    static func changedLines(_ old: [UInt8], _ new: [UInt8]) throws -> [(
        old: ClosedRange<Int>?, new: ClosedRange<Int>?
    )] {
        let folder = try CoreTestSupport.temporaryFolder("git-diff")
        try CoreTestSupport.write(old, to: folder + "/a")
        try CoreTestSupport.write(new, to: folder + "/b")
        let git = URL(fileURLWithPath: "/usr/bin/git")
        let result = try CoreTestSupport.run(git, ["diff", "--no-index", "-U0", "a", "b"], in: folder)
        var hunks: [(old: ClosedRange<Int>?, new: ClosedRange<Int>?)] = []
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("@@ ") {
            let parts = line.split(separator: " ")
            func range(_ field: Substring) -> ClosedRange<Int>? {
                let numbers = field.dropFirst().split(separator: ",").compactMap { Int($0) }
                let count = numbers.count > 1 ? numbers[1] : 1
                return count == 0 ? nil : numbers[0]...(numbers[0] + count - 1)
            }
            hunks.append((range(parts[1]), range(parts[2])))
        }
        return hunks
    }

    /// The 1-based line range of cell `index`'s object in a notebook's text.
    static func cellLines(_ bytes: [UInt8], index: Int) throws -> ClosedRange<Int> {
        let layout = try NotebookJSONLayout(scanning: bytes, file: "nb")
        let start = layout.cells[index].start
        let end = index + 1 < layout.cells.count ? layout.cells[index + 1].start : bytes.count
        func line(_ offset: Int) -> Int { bytes[..<offset].filter { $0 == 0x0A }.count + 1 }
        return line(start)...line(end)
    }

    @Test(
        "one cell edited in the script: git diff shows only that cell's lines, in the file's own layout",
        arguments: [
            ("colab.ipynb", 3, "values.map { $0 * factor }", "values.map { $0 * factor * 10 }"),
            ("jupyter.ipynb", 1, "print(words.count)", "print(words.count, \"words\")"),
        ])
    func oneEditedCell(name: String, cell: Int, old: String, new: String) throws {
        let notebook = try Self.copy(name)
        let original = try #require(CoreTestSupport.read(notebook))
        #expect(Self.run(.scripts, notebook).status == .success)
        let script = String(notebook.dropLast(".ipynb".count)) + ".swift"
        let text = String(decoding: try #require(CoreTestSupport.read(script)), as: UTF8.self)
        #expect(text.contains(old))
        try CoreTestSupport.write(text.replacingOccurrences(of: old, with: new), to: script)
        let report = Self.run(.notebooks, script)
        #expect(report.status == .success)
        let edited = try #require(CoreTestSupport.read(notebook))
        let hunks = try Self.changedLines(original, edited)
        #expect(hunks.count == 1)
        let cellRange = try Self.cellLines(original, index: cell)
        for hunk in hunks {
            #expect(hunk.old.map { cellRange.contains($0.lowerBound) && cellRange.contains($0.upperBound) } == true)
            #expect(hunk.old?.count == 1 && hunk.new?.count == 1)
        }
        // The edited cell keeps its outputs (Colab's cells by their metadata id, Jupyter's by id).
        let value = try JSONValue(parsing: edited)
        guard case .object(let top) = value, case .array(let cells)? = top["cells"],
            case .object(let edit) = cells[cell]
        else {
            Issue.record("not a notebook")
            return
        }
        let before = try JSONValue(parsing: original)
        guard case .object(let oldTop) = before, case .array(let oldCells)? = oldTop["cells"],
            case .object(let oldEdit) = oldCells[cell]
        else {
            Issue.record("not a notebook")
            return
        }
        #expect(edit["outputs"] == oldEdit["outputs"])
        #expect(edit["execution_count"] == oldEdit["execution_count"])
    }

    @Test("CR LF line endings and \\u escapes are kept, and an edited line is written in them")
    func lineEndingsAndEscapes() throws {
        let notebook = try Self.copy("jupyter.ipynb")
        let lf = try #require(CoreTestSupport.read(notebook))
        // As a Windows checkout leaves it (CR LF), and as Python writes it with ensure_ascii.
        var crlf: [UInt8] = []
        for byte in lf {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        var text = String(decoding: crlf, as: UTF8.self)
        text = text.replacingOccurrences(of: "Naïve", with: "Na\\u00efve")
        try CoreTestSupport.write(text, to: notebook)
        let original = try #require(CoreTestSupport.read(notebook))
        #expect(Self.run(.scripts, notebook).status == .success)
        let script = String(notebook.dropLast(".ipynb".count)) + ".swift"
        #expect(Self.run(.notebooks, script).status == .success)
        #expect(CoreTestSupport.read(notebook) == original)
        let scriptText = String(decoding: try #require(CoreTestSupport.read(script)), as: UTF8.self)
        try CoreTestSupport.write(
            scriptText.replacingOccurrences(of: "That is all.", with: "That is all — ünd more."), to: script)
        #expect(Self.run(.notebooks, script).status == .success)
        let edited = String(decoding: try #require(CoreTestSupport.read(notebook)), as: UTF8.self)
        #expect(edited.contains("\"That is all \\u2014 \\u00fcnd more.\"\r\n"))
        #expect(edited.replacingOccurrences(of: "That is all \\u2014 \\u00fcnd more.", with: "That is all.") == text)
    }

    @Test("a cell added and one removed in a Colab notebook: only their lines change, the new one in Colab's key order")
    func addedAndRemovedCells() throws {
        let notebook = try Self.copy("colab.ipynb")
        let original = try #require(CoreTestSupport.read(notebook))
        #expect(Self.run(.scripts, notebook).status == .success)
        let script = String(notebook.dropLast(".ipynb".count)) + ".swift"
        var text = String(decoding: try #require(CoreTestSupport.read(script)), as: UTF8.self)
        // Remove the helper's markdown cell, add a code cell after the helper.
        let markdown = try #require(text.range(of: "// %% [markdown] metadata={\"id\":\"Xw2bq8Ljd4Qm\"}"))
        let next = try #require(text.range(of: "// %% metadata={\"id\":\"R5s0bN1kd8Zt\"}"))
        text.removeSubrange(markdown.lowerBound..<next.lowerBound)
        let scale = try #require(text.range(of: "\n}\n"))
        text.insert(contentsOf: "\n\n// %%\nprint(scale([1], by: 3))", at: text.index(scale.lowerBound, offsetBy: 2))
        try CoreTestSupport.write(text, to: script)
        #expect(Self.run(.notebooks, script).status == .success)
        let edited = try #require(CoreTestSupport.read(notebook))
        let editedText = String(decoding: edited, as: UTF8.self)
        #expect(
            editedText.contains(
                """
                    {
                      "cell_type": "code",
                      "execution_count": null,
                      "metadata": {},
                      "outputs": [],
                      "source": [
                        "print(scale([1], by: 3))"
                      ]
                    },
                """))
        // Two hunks: the removed markdown cell, the added code cell; everything else as it was.
        let hunks = try Self.changedLines(original, edited)
        #expect(hunks.count == 2)
        #expect(hunks.first?.new == nil && hunks.last?.old == nil)
        #expect(edited.last == UInt8(ascii: "}"))
    }

    @Test("the rewriter: same content keeps the text; members and items are matched; new ones follow the layout")
    func rewriter() throws {
        let text = "{\n  \"b\": 1,\n  \"a\": [1,   2, 3],\n  \"c\": {\"x\": true}\n}"
        let bytes = Array(text.utf8)
        let old = try JSONValue(parsing: bytes)
        let rewriter = JSONRewriter(bytes: bytes, topLevelKeys: ["b", "a", "c"])
        #expect(rewriter.style.indentUnit == [0x20, 0x20] && !rewriter.style.sortsKeys)
        // Reordered members are the same content.
        let reordered: JSONValue = .object([
            "c": .object(["x": .bool(true)]), "a": .array([.number("1"), .number("2"), .number("3")]),
            "b": .number("1"),
        ])
        #expect(rewriter.rewrite(old, to: reordered) == bytes)
        // One item changed, one member added at the end (the file's keys are not sorted).
        let changed: JSONValue = .object([
            "b": .number("1"), "a": .array([.number("1"), .number("5"), .number("3")]),
            "c": .object(["x": .bool(true)]),
            "d": .array([.string("é")]),
        ])
        let rewritten = String(decoding: try #require(rewriter.rewrite(old, to: changed)), as: UTF8.self)
        #expect(
            rewritten == "{\n  \"b\": 1,\n  \"a\": [1,   5, 3],\n  \"c\": {\"x\": true},\n  \"d\": [\n    \"é\"\n  ]\n}"
        )
        // A sorted file gets a new key in its sorted place.
        let sorted = Array("{\n \"a\": 1,\n \"c\": 3\n}\n".utf8)
        let sortedRewriter = JSONRewriter(bytes: sorted, topLevelKeys: ["a", "c"])
        let withB: JSONValue = .object(["a": .number("1"), "c": .number("3"), "b": .number("2")])
        #expect(
            sortedRewriter.rewrite(try JSONValue(parsing: sorted), to: withB)
                == Array("{\n \"a\": 1,\n \"b\": 2,\n \"c\": 3\n}\n".utf8))
        // Items inserted and removed around equal ones keep the equal ones' text.
        let list = Array("[\n 1,\n 2,\n 3,\n 4\n]".utf8)
        let listRewriter = JSONRewriter(bytes: list, topLevelKeys: [])
        let items: JSONValue = .array([.number("1"), .number("9"), .number("3"), .number("4"), .number("5")])
        #expect(
            listRewriter.rewrite(try JSONValue(parsing: list), to: items)
                == Array("[\n 1,\n 9,\n 3,\n 4,\n 5\n]".utf8))
        let fewer: JSONValue = .array([.number("1"), .number("4")])
        #expect(listRewriter.rewrite(try JSONValue(parsing: list), to: fewer) == Array("[\n 1,\n 4\n]".utf8))
    }
}
