import Foundation
import Testing

@testable import NotebookKit

@Suite("--docs prose in %%writefile files")
struct DocsProseTests {
    private func plan(_ cells: [Cell], docs: Bool) -> ExportPlan {
        let planner = WritefilePlanner(
            options: .init(addsHeader: docs), proseProvider: docs ? DocsProse(width: 60).provider : nil)
        var files = VirtualFileSystem(readingDisk: false)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nb2swift-docs").path
        return planner.plan(
            Notebook(cells: cells),
            source: NotebookSource(displayPath: "n.ipynb", outputRoot: root, pathFromRoot: "n.ipynb"),
            files: &files)[0]
    }

    private let cells = [
        Cell(kind: .markdown, index: 0, source: "# The package\n\nIt builds *one* library. */ /* // %% [markdown]"),
        Cell(
            kind: .code, index: 1,
            source: "%%writefile Package.swift\n// swift-tools-version:6.0\nimport PackageDescription"),
        Cell(kind: .markdown, index: 2, source: "## Model\n\nline\rwith CR"),
        Cell(kind: .code, index: 3, source: "%%writefile Sources/M/M.swift\npublic let m = 1"),
        Cell(kind: .markdown, index: 4, source: "Data notes"),
        Cell(kind: .code, index: 5, source: "%%writefile data.json\n{}"),
    ]

    @Test("without --docs the files are the cells' bytes")
    func off() {
        let files = plan(cells, docs: false).files
        #expect(
            files.map(\.bytes) == [
                Array("// swift-tools-version:6.0\nimport PackageDescription\n".utf8), Array("public let m = 1\n".utf8),
                Array("{}\n".utf8),
            ])
    }

    @Test("with --docs the markdown before each cell tops its file, after the tools-version line")
    func on() throws {
        let files = plan(cells, docs: true).files
        let package = String(decoding: files[0].bytes, as: UTF8.self)
        let lines = package.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "// swift-tools-version:6.0")
        #expect(package.contains("// MARK: - The package\n//\n// It builds *one* library. */ /* // %% [markdown]\n"))
        #expect(package.hasSuffix("\nimport PackageDescription\n"))
        let module = String(decoding: files[1].bytes, as: UTF8.self)
        #expect(module.contains("// MARK: - Model\n"))
        #expect(!module.contains("The package"))
        #expect(!module.unicodeScalars.contains("\r"))
        #expect(module.hasSuffix("public let m = 1\n"))
        #expect(files[2].bytes == Array("{}\n".utf8))
        if ScriptTestSupport.swiftc != nil {
            #expect(try ScriptTestSupport.parseErrors([("Package.swift", package), ("M.swift", module)]) == [])
        }
    }
}
