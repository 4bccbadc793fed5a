import Foundation
import Testing

@testable import NotebookKit

/// Diagnostics an editor can jump to: a rejected cell is reported at the line and column of the offending source line
/// inside the notebook's JSON, with that line shown under the error.
@Suite("Diagnostics located at the cell line inside the notebook file")
struct DiagnosticLocationTests {
    /// A notebook as Jupyter saves it whose second code cell's `%%writefile -q f.txt` line IPython rejects.
    static let notebook = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "id": "m1",
           "metadata": {},
           "source": [
            "# Title"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c2",
           "metadata": {},
           "outputs": [],
           "source": [
            "%%writefile ok.txt\\n",
            "fine"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c3",
           "metadata": {},
           "outputs": [],
           "source": [
            "\\n",
            "%%time\\n",
            "    %%writefile -q f.txt\\n",
            "hello"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c4",
           "metadata": {},
           "outputs": [],
           "source": "\\n%%writefile\\nbody"
          }
         ],
         "metadata": {},
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """

    /// The 1-based line and column of the first occurrence of `needle` in `text`.
    static func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
        let range = try #require(text.range(of: needle))
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.utf8.count - (before.lastIndex(of: "\n").map { before[...$0].utf8.count } ?? 0) + 1
        return (line, column)
    }

    @Test("the rejected magic line's own line and column, not the cell's brace, then the line itself under a gutter")
    func rejectedCells() throws {
        let folder = try CoreTestSupport.temporaryFolder("diagnostics")
        try CoreTestSupport.write(Self.notebook, to: folder + "/nb.ipynb")
        let report = Conversion(ConversionOptions(displayBase: folder)).run([folder + "/nb.ipynb"])
        #expect(report.status == .failed)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 2)
        let stacked = try Self.position(of: "    %%writefile -q", in: Self.notebook)
        #expect(errors.first?.line == stacked.line && errors.first?.column == stacked.column)
        #expect(errors.first?.excerpt == "    %%writefile -q f.txt")
        // In a source saved as one string, the column is that of the line's text after its `\n`.
        let inString = try Self.position(of: "%%writefile\\nbody", in: Self.notebook)
        #expect(errors.last?.line == inString.line && errors.last?.column == inString.column)
        #expect(errors.last?.excerpt == "%%writefile")
        // Not the cell's opening brace, three lines above its id.
        let brace = try Self.position(of: "\"id\": \"c3\"", in: Self.notebook).line - 3
        #expect(stacked.line == brace + 9)
    }

    @Test(
        "the command prints one error line per problem, then the cell line as compilers show source context",
        .enabled(if: CoreTestSupport.executable != nil, "the nb2swift executable was not built next to the tests"))
    func commandLine() throws {
        let folder = try CoreTestSupport.temporaryFolder("diagnostics")
        try CoreTestSupport.write(Self.notebook, to: folder + "/nb.ipynb")
        let run = try CoreTestSupport.run(try #require(CoreTestSupport.executable), ["nb.ipynb"], in: folder)
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0.contains(": error: ") }.count == 2)
        #expect(
            lines.prefix(6) == [
                "nb.ipynb:31:6: error: cell 2 (id \"c3\"): UsageError: unrecognized arguments: -q",
                "    |     %%writefile -q f.txt",
                "    |     ^",
                "nb.ipynb:41:17: error: cell 3 (id \"c4\"): UsageError: the following arguments are required: "
                    + "filename",
                "    | %%writefile",
                "    | ^",
            ])
        // The context lines are told apart from the error lines: none has the `file:line:col:` form.
        #expect(lines.filter { $0.hasPrefix("    | ") }.count == 4)
    }

    @Test("a rejected nbdev export cell is reported at its directive's line, not the cell's brace")
    func rejectedExportCells() throws {
        let notebook = """
            {
             "cells": [
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "e1",
               "metadata": {},
               "outputs": [],
               "source": [
                "//| hide\\n",
                "//| export\\n",
                "let x = 1"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "e2",
               "metadata": {},
               "outputs": [],
               "source": [
                "//| export Bad?Name\\n",
                "let y = 2"
               ]
              }
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """
        let folder = try CoreTestSupport.temporaryFolder("diagnostics")
        try CoreTestSupport.write(notebook, to: folder + "/nb.ipynb")
        let options = ConversionOptions(mode: .export(.nbdev), outputFolder: folder + "/out", displayBase: folder)
        let report = Conversion(options).run([folder + "/nb.ipynb"])
        #expect(report.status == .failed)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 2, "\(errors)")
        let export = try Self.position(of: "\"//| export\\n", in: notebook)
        #expect(errors.first?.line == export.line && errors.first?.column == export.column + 1, "\(errors)")
        #expect(errors.first?.excerpt == "//| export")
        #expect(errors.first?.message.hasPrefix("line 2: ") == true)
        let named = try Self.position(of: "\"//| export Bad", in: notebook)
        #expect(errors.last?.line == named.line, "\(errors)")
        #expect(errors.last?.excerpt == "//| export Bad?Name")
    }
}
