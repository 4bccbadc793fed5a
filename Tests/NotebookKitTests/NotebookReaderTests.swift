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
        let missing = #expect(throws: NotebookError.self) { try NotebookReader().read(contentsOf: folder + "/b.ipynb") }
        #expect(missing?.description == folder + "/b.ipynb: no such file")
        let isFolder = #expect(throws: NotebookError.self) { try NotebookReader().read(contentsOf: folder) }
        #expect(isFolder?.message.contains("folder") == true)
    }
}
