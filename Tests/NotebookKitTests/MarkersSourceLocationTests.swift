import Foundation
import Testing

@testable import NotebookKit

/// `--source-locations`: compiler diagnostics of a notebook's script name the notebook, the cell and its line.
@Suite("source locations in scripts")
struct MarkersSourceLocationTests {
    static let notebook = Notebook(
        cells: [
            Cell(kind: .code, index: 0, id: "first", source: "let a = 1"),
            Cell(kind: .markdown, index: 1, id: "words", source: "# A heading\n\nSome prose."),
            Cell(kind: .code, index: 2, id: "typo", source: "let b = 2\nlet c = 3\nlet s: String = a + b"),
            Cell(
                kind: .code, index: 3, id: "magic", source: "%install '.package(path: \"x\")' X\nlet d: Int = \"four\""),
        ])

    @Test("each code cell starts with #sourceLocation(file: \"<notebook>#cellN\", line: 1)")
    func directives() {
        let script = ScriptWriter(sourceLocations: true).script(for: Self.notebook, notebookName: "lesson.ipynb")
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines.filter { ScriptSourceLocation.isDirective($0) } == [
                "#sourceLocation(file: \"lesson.ipynb#cell0\", line: 1)",
                "#sourceLocation(file: \"lesson.ipynb#cell2\", line: 1)",
                "#sourceLocation(file: \"lesson.ipynb#cell3\", line: 1)",
            ])
        #expect(!ScriptSourceLocation.isDirective("#sourceLocation(file: \"mine.swift\", line: 1)"))
        #expect(
            ScriptSourceLocation.directive(notebook: "a\"b.ipynb", cellIndex: 4)
                == "#sourceLocation(file: \"a\\\"b.ipynb#cell4\", line: 1)")
    }

    @Test("the script still reads back to the same cells")
    func roundTrip() throws {
        let script = ScriptWriter(sourceLocations: true).script(for: Self.notebook, notebookName: "lesson.ipynb")
        let back = try ScriptReader().notebook(fromScript: script, path: "lesson.swift")
        #expect(back.cells.map(\.source) == Self.notebook.cells.map(\.source))
        #expect(back.cells.map(\.id) == Self.notebook.cells.map(\.id))
    }

    @Test(
        "swiftc -typecheck names the notebook, the cell and the line within the cell",
        .enabled(if: ScriptTestSupport.swiftc != nil, "no swiftc found (set SWIFTC)"))
    func compilerDiagnostics() throws {
        let swiftc = try #require(ScriptTestSupport.swiftc)
        let folder = try CoreTestSupport.temporaryFolder("markers-sourceloc")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for located in [true, false] {
            let script = ScriptWriter(sourceLocations: located).script(for: Self.notebook, notebookName: "lesson.ipynb")
            try CoreTestSupport.write(script, to: folder + "/lesson.swift")
            let result = try CoreTestSupport.run(
                URL(fileURLWithPath: swiftc), ["-typecheck", "lesson.swift"], in: folder)
            #expect(result.status != 0)
            let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
            if located {
                #expect(errors.contains { $0.hasPrefix("lesson.ipynb#cell2:3:") }, "\(result.stderr)")
                #expect(errors.contains { $0.hasPrefix("lesson.ipynb#cell3:2:") }, "\(result.stderr)")
                #expect(!errors.contains { $0.contains("lesson.swift") }, "\(result.stderr)")
            } else {
                #expect(errors.contains { $0.contains("lesson.swift:") }, "\(result.stderr)")
            }
        }
    }
}
