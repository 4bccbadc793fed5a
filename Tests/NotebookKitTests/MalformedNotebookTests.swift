import Foundation
import Testing

@testable import NotebookKit

/// One malformed notebook of `Malformed/` and the error it must produce.
struct MalformedCase: Sendable, CustomStringConvertible {
    var file: String
    var strict = false
    var message: String
    var line: Int?
    var cell: Int?
    var id: String?

    var description: String { file }
}

private let cases: [MalformedCase] = [
    .init(file: "bom.ipynb", message: "byte order mark", line: 1),
    .init(file: "truncated.ipynb", message: "truncated", line: 17, cell: 1, id: "c1"),
    .init(file: "nbformat-5.ipynb", message: "nbformat 5 is not supported"),
    .init(
        file: "source-number.ipynb", message: "must be a string or a list of strings, found a number", line: 17,
        cell: 1, id: "num-source"),
    .init(
        file: "source-list-number.ipynb", message: "list must hold only strings, found a number", line: 11, cell: 0,
        id: "list-num"),
    .init(file: "missing-cells.ipynb", message: "no `cells` list"),
    .init(file: "invalid-utf8.ipynb", message: "invalid UTF-8", line: 9, cell: 0, id: "bad-utf8"),
    .init(file: "empty.ipynb", message: "empty", line: 1),
    .init(file: "top-level-list.ipynb", message: "holds a list", line: 1),
    .init(file: "missing-nbformat.ipynb", message: "no `nbformat`"),
    .init(file: "nbformat-string.ipynb", message: "`nbformat` must be an integer, found a string", line: 4),
    .init(file: "cells-object.ipynb", message: "`cells` must be a list, found an object", line: 2),
    .init(file: "cell-not-object.ipynb", message: "a cell must be an object, found a string", line: 3, cell: 0),
    .init(file: "missing-cell-type.ipynb", message: "no `cell_type`", line: 3, cell: 0, id: "no-type"),
    .init(
        file: "unknown-cell-type.ipynb", message: "unknown cell_type \"heading\"", line: 4, cell: 0, id: "v4-heading"),
    .init(file: "trailing-comma.ipynb", message: "expected a member name in quotes, found `}`", line: 4),
    .init(file: "single-quotes.ipynb", message: "expected a member name in quotes, found `'`", line: 1),
    .init(file: "trailing-text.ipynb", message: "unexpected text after the notebook's closing", line: 25),
    .init(file: "raw-control-character.ipynb", message: "raw control character", line: 9, cell: 0, id: "ctl"),
    .init(file: "bad-escape.ipynb", message: "invalid escape `\\q`", line: 9, cell: 0, id: "esc"),
    .init(file: "lone-surrogate.ipynb", message: "lone UTF-16 surrogate", line: 9, cell: 0, id: "sur"),
    .init(file: "id-number.ipynb", message: "the cell `id` must be a string, found a number", line: 6, cell: 0),
    .init(
        file: "cell-metadata-list.ipynb", message: "the cell `metadata` must be an object", line: 7, cell: 0,
        id: "meta-list"),
    .init(file: "notebook-metadata-string.ipynb", message: "notebook `metadata` must be an object", line: 3),
    .init(file: "truncated-in-outputs.ipynb", message: "truncated", cell: 0, id: "big-out"),
    .init(file: "missing-source.ipynb", message: "no `source`", line: 3, cell: 0, id: "no-source"),
    .init(file: "v3-no-worksheets.ipynb", message: "no `worksheets` list"),
    .init(file: "leading-zero.ipynb", message: "leading zero", line: 1),
    .init(file: "deep-metadata.ipynb", message: "nested more than 512 levels", line: 1),
    .init(file: "minor-float.ipynb", message: "`nbformat_minor` must be an integer, found 5.0", line: 1),
    .init(file: "attachments-list.ipynb", message: "`attachments` must be an object", cell: 0, id: "att"),
    .init(file: "missing-colon.ipynb", message: "expected `:` after a member name", line: 1),
    .init(file: "unterminated-string.ipynb", message: "truncated", line: 1),
    .init(file: "invalid-literal.ipynb", message: "invalid literal", line: 1),
    .init(file: "v3-heading-level.ipynb", message: "heading `level` must be an integer from 1 to 6", line: 1, cell: 0),
    .init(file: "strict-missing-id.ipynb", strict: true, message: "needs an `id` on every cell", line: 3, cell: 0),
    .init(file: "strict-duplicate-id.ipynb", strict: true, message: "duplicate cell id \"same\"", cell: 1, id: "same"),
    .init(file: "strict-bad-id.ipynb", strict: true, message: "must be 1 to 64 letters", cell: 0, id: "has space"),
    .init(
        file: "strict-unknown-key.ipynb", strict: true, message: "unknown key `foo` in a code cell", cell: 0,
        id: "extra"),
    .init(file: "strict-missing-outputs.ipynb", strict: true, message: "has no `outputs`", cell: 0, id: "no-outputs"),
]

@Suite("Malformed notebooks: one clear, located error each")
struct MalformedNotebookTests {
    @Test("the suite holds at least 30 notebooks, each listed here")
    func everyFileIsAsserted() throws {
        let folder = CoreTestSupport.testsFolder.appendingPathComponent("Malformed").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".ipynb") }
        #expect(files.count >= 30)
        #expect(Set(files) == Set(cases.map(\.file)))
    }

    @Test("each malformed notebook fails with its error", arguments: cases)
    func malformed(_ expected: MalformedCase) throws {
        let path = CoreTestSupport.testsFolder.appendingPathComponent("Malformed/\(expected.file)").path
        let error = #expect(throws: Diagnostic.self) {
            try NotebookReader(strict: expected.strict).read(contentsOf: path, displayName: expected.file)
        }
        guard let error else { return }
        #expect(error.file == expected.file)
        #expect(error.message.contains(expected.message), "\(error)")
        if let line = expected.line { #expect(error.line == line, "\(error)") }
        #expect(error.cellIndex == expected.cell, "\(error)")
        if let id = expected.id { #expect(error.cellID == id, "\(error)") }
        #expect(error.description.hasPrefix(expected.file))
    }

    @Test("strict-only problems are accepted by the lenient reader, as nbformat accepts them")
    func lenientAcceptsStrictOnlyProblems() throws {
        for file in cases.filter(\.strict).map(\.file) {
            let path = CoreTestSupport.testsFolder.appendingPathComponent("Malformed/\(file)").path
            #expect(throws: Never.self) { try NotebookReader().read(contentsOf: path) }
        }
    }
}
