import Foundation
import Testing

@testable import NotebookKit

@Suite("Reading notebooks")
struct NotebookReaderTests {
    private func read(_ json: String, strict: Bool = false) throws -> Notebook {
        try NotebookReader(strict: strict).read(bytes: Array(json.utf8), displayName: "t.ipynb")
    }

    @Test("nbformat 4: sources as strings or lists, ids optional, metadata kept in order, outputs skipped")
    func version4() throws {
        let notebook = try read(
            """
            {"nbformat": 4, "nbformat_minor": 4, "metadata": {"z": 1, "a": [true, null, 2.50]},
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# T\\n", "text \\u00e9\\ud83d\\ude00"],
               "attachments": {"img.png": {"image/png": "AAAA"}}},
              {"cell_type": "code", "metadata": {"tags": ["x", "y"]}, "execution_count": 3,
               "outputs": [{"output_type": "stream", "text": ["a \\" ] } \\\\", "b"]}], "source": "print(1)"},
              {"cell_type": "raw", "id": "r", "metadata": {}, "source": []}
             ]}
            """)
        #expect(notebook.nbformat == 4)
        #expect(notebook.nbformatMinor == 4)
        #expect(notebook.cells.map(\.kind) == [.markdown, .code, .raw])
        #expect(notebook.cells[0].source == "# T\ntext é😀")
        #expect(notebook.cells[0].attachmentNames == ["img.png"])
        #expect(notebook.cells[1].source == "print(1)")
        #expect(notebook.cells[1].tags == ["x", "y"])
        #expect(notebook.cells[1].id == nil)
        #expect(notebook.cells[2].id == "r")
        #expect(notebook.cells[2].source == "")
        #expect(notebook.cells.map(\.fileLine) == [3, 5, 7])
        guard case .object(let metadata) = notebook.metadata else {
            Issue.record("metadata is not an object")
            return
        }
        #expect(metadata.members.map(\.key) == ["z", "a"])
        #expect(metadata["a"] == .array([.bool(true), .null, .number("2.50")]))
    }

    @Test("nbformat 3: worksheets, input, and heading cells upgraded to markdown")
    func version3() throws {
        let notebook = try read(
            """
            {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"},
             "worksheets": [
              {"cells": [{"cell_type": "heading", "level": 2, "source": ["Two\\n", "lines"], "metadata": {}},
                         {"cell_type": "code", "input": ["%%writefile a.swift\\n", "x"], "language": "python",
                          "outputs": [], "metadata": {}}]},
              {"cells": [{"cell_type": "raw", "source": "r", "metadata": {}}]}
             ]}
            """)
        #expect(notebook.nbformat == 3)
        #expect(notebook.cells.map(\.kind) == [.markdown, .code, .raw])
        #expect(notebook.cells.map(\.index) == [0, 1, 2])
        #expect(notebook.cells[0].source == "## Two lines")
        #expect(notebook.cells[1].source == "%%writefile a.swift\nx")
    }

    @Test("a notebook file is read from disk by path; a missing file or a folder is a clear error")
    func fromDisk() throws {
        let folder = try CoreTestSupport.temporaryFolder()
        try CoreTestSupport.write(CoreTestSupport.notebookJSON(["x = 1"]), to: folder + "/a.ipynb")
        #expect(try NotebookReader().read(contentsOf: folder + "/a.ipynb").cells.count == 1)
        let missing = #expect(throws: Diagnostic.self) { try NotebookReader().read(contentsOf: folder + "/b.ipynb") }
        #expect(missing?.description == folder + "/b.ipynb: no such file")
        let isFolder = #expect(throws: Diagnostic.self) { try NotebookReader().read(contentsOf: folder) }
        #expect(isFolder?.message.contains("folder") == true)
    }

    /// A notebook that repeats a key: its text, the key as reported, the lines of the second and first occurrences,
    /// and the cell it is in.
    struct RepeatedKey: Sendable, CustomTestStringConvertible {
        var json: String
        var key: String
        var line: Int
        var firstLine: Int
        var cell: Int?
        var testDescription: String { key }
    }

    static let repeatedKeys: [RepeatedKey] = {
        let numbered = (0..<20).map { number in "\"k\(number)\": \(number)" }.joined(separator: ", ")
        return [
            RepeatedKey(
                json: "{\"nbformat\": 4,\n\"nbformat\": 4, \"cells\": []}", key: "\"nbformat\"", line: 2, firstLine: 1),
            RepeatedKey(
                json: "{\"nbformat\": 4, \"metadata\": {\"a\": 1,\n\"\\u0061\": 2}, \"cells\": []}", key: "\"a\"",
                line: 2,
                firstLine: 1),
            RepeatedKey(
                json: "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"x\",\n\"outputs\": "
                    + "[{\"data\": {\"text/plain\": \"1\",\n\"text/plain\": \"2\"}}]}]}",
                key: "\"text/plain\"", line: 3, firstLine: 2, cell: 0),
            RepeatedKey(
                json: "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"id\": \"x\", \"source\": \"a\",\n"
                    + "\"source\": \"b\"}]}", key: "\"source\"", line: 2, firstLine: 1, cell: 0),
            RepeatedKey(
                json: "{\"nbformat\": 4, \"metadata\": {\(numbered),\n\"k17\": 0}, \"cells\": []}", key: "\"k17\"",
                line: 2, firstLine: 1),
        ]
    }()

    @Test(
        "a key repeated in any object is refused with the key and both lines, located in its cell",
        arguments: repeatedKeys)
    func duplicateKeys(_ repeated: RepeatedKey) throws {
        let error = #expect(throws: Diagnostic.self) { try read(repeated.json) }
        #expect(error?.line == repeated.line)
        #expect(error?.cellIndex == repeated.cell)
        #expect(
            error?.message.hasPrefix(
                "the key \(repeated.key) appears twice in one object (first at line \(repeated.firstLine))") == true,
            "\(error?.message ?? "")")
        #expect(error?.description.split(separator: "\n").count == 1)
    }

    @Test("the same key in sibling and nested objects, and long objects without repeats, are read")
    func repeatedKeysInDifferentObjects() throws {
        let many = (0..<40).map { number in "\"k\(number)\": \(number)" }.joined(separator: ", ")
        let notebook = try read(
            """
            {"nbformat": 4, "metadata": {"a": {"a": {"a": 1}}, \(many)},
             "cells": [{"cell_type": "code", "source": "1", "metadata": {"a": 1},
                        "outputs": [{"data": {"a": 1, "b": {"a": 2}}}, {"data": {"a": 1}}, [{"a": 1}, {"a": 2}]]},
                       {"cell_type": "code", "source": "2", "metadata": {"a": 1}, "outputs": []}]}
            """)
        #expect(notebook.cells.map(\.source) == ["1", "2"])
    }
}
