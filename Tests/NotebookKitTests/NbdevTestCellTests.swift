import Foundation
import Testing

@testable import NotebookKit

/// The nbdev style's two framings: `//| test` cells as Swift Testing functions, and the markdown cell before an
/// exported cell as the doc comment of its first declaration; `export` writes them, `--check` compares them and
/// `update` takes them off again.
@Suite("nbdev: test cells and doc comments from the notebook")
struct NbdevTestCellTests {
    /// `core.ipynb`: `default_exp Core`, a documented function (markdown cell 1), a test cell with an import, and a
    /// test cell nbdev would not run (`eval: false`).
    private static func sample(in work: String) throws -> String {
        try MarkersNbdevTests.write(
            CoreTestSupport.notebookJSON(
                [
                    "//| default_exp Core",
                    "//| export\npublic func square(_ x: Int) -> Int {\n    x * x\n}",
                    "//| test\nimport Foundation\n\n#expect(square(3) == 9)",
                    "//| test\n//| eval: false\n#expect(square(2) == 5)",
                ],
                markdown: [1: "## Squares\n\nThe square of `x`: see [the notes](02_notes.ipynb#Why).\n\n- *fast*"]),
            in: work)
    }

    private static let testFile = "Tests/CoreTests/coreTests.swift"
    private static let module = "Sources/Core/core.swift"

    private func text(_ path: String) throws -> String {
        String(decoding: try #require(CoreTestSupport.read(path)), as: UTF8.self)
    }

    @Test("a test cell is a @Test function named for its cell, its code under #sourceLocation back to the notebook")
    func exportsTests() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.sample(in: work)
        let plan = try MarkersTestSupport.plan(.nbdev, notebook: path, root: work + "/pkg")
        #expect(plan.rejectedCells.isEmpty, "\(plan.rejectedCells)")
        #expect(
            plan.files.map(\.path) == [
                Self.module, Self.testFile, ExportState.path(style: .nbdev, notebook: "../nbs/core.ipynb"),
            ])
        let tests = String(decoding: try #require(plan.file(at: Self.testFile)).bytes, as: UTF8.self)
        #expect(
            tests == NbdevLayout.header(notebook: "../nbs/core.ipynb") + "import Testing\n\n@testable import Core\n"
                + """

                // %% ../nbs/core.ipynb cell=c2
                import Foundation
                @Test("core.ipynb: cell 3 (id \\"c2\\")")
                private func test_core_c2() async throws {
                #sourceLocation(file: "../nbs/core.ipynb#cell3", line: 3)

                #expect(square(3) == 9)
                #sourceLocation()
                }

                // %% ../nbs/core.ipynb cell=c3
                @Test("core.ipynb: cell 4 (id \\"c3\\")", .disabled("the notebook cell says `//| eval: false`"))
                private func test_core_c3() async throws {
                #sourceLocation(file: "../nbs/core.ipynb#cell4", line: 3)
                #expect(square(2) == 5)
                #sourceLocation()
                }

                """)
    }

    @Test("the markdown cell before an exported cell documents its declaration, without its heading, links as doc:")
    func docComments() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.sample(in: work)
        let plan = try MarkersTestSupport.plan(.nbdev, notebook: path, root: work + "/pkg")
        let module = String(decoding: try #require(plan.file(at: Self.module)).bytes, as: UTF8.self)
        #expect(
            module.hasSuffix(
                """
                // %% ../nbs/core.ipynb cell=c1
                /// The square of `x`: see [the notes](doc:02_notes#Why).
                ///
                /// - *fast*
                public func square(_ x: Int) -> Int {
                    x * x
                }

                """), "\(module)")
    }

    @Test("the first declaration is found only where it is certain; a cell that documents itself keeps its comment")
    func declarationLines() {
        #expect(NbdevDocComment.declarationLine(in: "public struct S {}") == 0)
        #expect(
            NbdevDocComment.declarationLine(in: "\n// note\n@MainActor\n@available(*, deprecated)\nfinal class C {}")
                == 2)
        #expect(NbdevDocComment.declarationLine(in: "@inlinable public static func f() {}") == 0)
        #expect(NbdevDocComment.declarationLine(in: "private(set) var x = 1") == 0)
        #expect(NbdevDocComment.declarationLine(in: "init?(x: Int) {}") == 0)
        #expect(NbdevDocComment.declarationLine(in: "import Foundation\npublic let a = 1") == nil)
        #expect(NbdevDocComment.declarationLine(in: "extension S {}") == nil)
        #expect(NbdevDocComment.declarationLine(in: "/// Mine.\npublic let a = 1") == nil)
        #expect(NbdevDocComment.declarationLine(in: "/* block */\nlet a = 1") == nil)
        #expect(NbdevDocComment.declarationLine(in: "letter = 1") == nil)
        #expect(NbdevDocComment.declarationLine(in: "print(1)") == nil)
        #expect(NbdevDocComment.declarationLine(in: "#if os(Linux)\nlet a = 1\n#endif") == nil)
        #expect(NbdevDocComment.framing(forCode: "let a = 1", markdown: "# Only a heading") == nil)
        #expect(
            NbdevDocComment.framing(forCode: "    func f() {}", markdown: "Does *f*.")
                == .docComment(["    /// Does *f*."], beforeLine: 0))
    }

    @Test("a cell both exported and a test, or a test with no module, is rejected with its cell; names stay unique")
    func rejectionsAndNames() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let both = try MarkersNbdevTests.write(
            CoreTestSupport.notebookJSON(["//| default_exp Core\n//| export\n//| test\nlet a = 1"]), in: work)
        let rejected = try MarkersTestSupport.plan(.nbdev, notebook: both, root: work)
        #expect(rejected.rejectedCells.map(\.cellIndex) == [0])
        #expect(rejected.rejectedCells.first?.message.contains("a cell is one or the other") == true)
        let noModule = try MarkersNbdevTests.write(
            CoreTestSupport.notebookJSON(["//| test\n#expect(true)"]), in: work, name: "x.ipynb")
        let unplaced = try MarkersTestSupport.plan(.nbdev, notebook: noModule, root: work)
        #expect(unplaced.rejectedCells.first?.message.contains("`//| test` but no module to test") == true)
        let clashing = try MarkersNbdevTests.write(
            CoreTestSupport.notebookJSON([
                "//| default_exp Core", "//| test\n#expect(true)", "//| test\n#expect(1 > 0)",
            ])
            .replacingOccurrences(of: "\"id\":\"c1\"", with: "\"id\":\"a-b\"")
            .replacingOccurrences(of: "\"id\":\"c2\"", with: "\"id\":\"a_b\""), in: work, name: "y.ipynb")
        let plan = try MarkersTestSupport.plan(.nbdev, notebook: clashing, root: work)
        let tests = String(decoding: try #require(plan.file(at: "Tests/CoreTests/yTests.swift")).bytes, as: UTF8.self)
        #expect(tests.contains("func test_y_a_b() async throws {") && tests.contains("func test_y_a_b_cell2() async"))
    }

    @Test("the module plugin's one-file export (--into) leaves test cells out")
    func singleFileLeavesTestsOut() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.sample(in: work)
        let notebook = try NotebookReader().read(contentsOf: path)
        var files = VirtualFileSystem(readingDisk: false)
        let plan = NbdevPlanner(singleFile: "core.swift").plan(
            notebook, source: MarkersTestSupport.source(notebook: path, root: work + "/out"), files: &files)[0]
        #expect(plan.rejectedCells.isEmpty)
        #expect(plan.files.map(\.path) == ["core.swift"])
        #expect(try #require(plan.file(at: "core.swift")).cells.map(\.index) == [2])
    }

    @Test("update brings a test's code and a documented cell's code back, without the framing export wrote")
    func updateCarriesEditsBack() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.sample(in: work)
        let root = work + "/pkg"
        try MarkersTestSupport.export(.nbdev, notebook: path, root: root)
        let tests = try text(root + "/" + Self.testFile)
        try CoreTestSupport.write(
            tests.replacingOccurrences(
                of: "#expect(square(3) == 9)", with: "#expect(square(3) == 9)\n#expect(square(0) == 0)"),
            to: root + "/" + Self.testFile)
        let module = try text(root + "/" + Self.module)
        try CoreTestSupport.write(
            module.replacingOccurrences(of: "    x * x", with: "    x &* x"), to: root + "/" + Self.module)
        let update = Conversion(ConversionOptions(mode: .update(.nbdev), outputFolder: root)).run([path])
        #expect(update.status == .success, "\(update.diagnostics)")
        let cells = try NotebookReader().read(contentsOf: path).cells
        #expect(cells[2].source == "//| export\npublic func square(_ x: Int) -> Int {\n    x &* x\n}")
        #expect(cells[3].source == "//| test\nimport Foundation\n\n#expect(square(3) == 9)\n#expect(square(0) == 0)")
        // A re-export writes what the files now say: nothing is stale.
        let check = Conversion(ConversionOptions(mode: .export(.nbdev), action: .check, outputFolder: root)).run([path])
        #expect(check.status == .success, "\(check.findings)")
    }

    @Test("update refuses an edited doc comment or test function line, naming the cell; nothing is written")
    func updateRefusesFramingEdits() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.sample(in: work)
        let root = work + "/pkg"
        try MarkersTestSupport.export(.nbdev, notebook: path, root: root)
        let before = try #require(CoreTestSupport.read(path))
        let module = try text(root + "/" + Self.module)
        try CoreTestSupport.write(
            module.replacingOccurrences(of: "/// - *fast*", with: "/// - *quick*"), to: root + "/" + Self.module)
        let tests = try text(root + "/" + Self.testFile)
        try CoreTestSupport.write(
            tests.replacingOccurrences(of: "func test_core_c2()", with: "func renamed()"),
            to: root + "/" + Self.testFile)
        let refusal = try #require(throws: UpdateProblems.self) {
            try MarkersTestSupport.update(.nbdev, notebook: path, root: root)
        }
        let messages = refusal.errors.map(\.description)
        #expect(messages.count == 2, "\(messages)")
        #expect(
            messages.contains { $0.hasPrefix("Sources/Core/core.swift:") && $0.contains("edit it in the notebook") })
        #expect(
            messages.contains {
                $0.hasPrefix("Tests/CoreTests/coreTests.swift:") && $0.contains("cell 3 (id \"c2\")")
                    && $0.contains("`@Test`, `func`, `#sourceLocation`")
            })
        #expect(CoreTestSupport.read(path) == before)
    }

    @Test("prose edited in the notebook makes the module stale for --check: the symbol's docs follow the notebook")
    func checkFollowsProse() throws {
        let work = try CoreTestSupport.temporaryFolder("nbdev-tests")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.sample(in: work)
        let root = work + "/pkg"
        func check() -> ConversionReport {
            Conversion(ConversionOptions(mode: .export(.nbdev), action: .check, outputFolder: root)).run([path])
        }
        try MarkersTestSupport.export(.nbdev, notebook: path, root: root)
        #expect(check().status == .success)
        var editor = NotebookSourceEditor(bytes: try #require(CoreTestSupport.read(path)), file: path)
        try editor.replaceSources([1: "The square of `x`, which is never negative."])
        try CoreTestSupport.write(editor.bytes, to: path)
        let stale = check()
        #expect(stale.status == .checkFailed)
        #expect(stale.findings.map(\.description).contains { $0.hasPrefix("stale: ") && $0.contains("core.swift") })
        var tests = NotebookSourceEditor(bytes: try #require(CoreTestSupport.read(path)), file: path)
        try MarkersTestSupport.export(.nbdev, notebook: path, root: root)
        try tests.replaceSources([4: "//| test\n#expect(square(3) == 10)"])
        try CoreTestSupport.write(tests.bytes, to: path)
        #expect(
            check().findings.map(\.description).contains { $0.hasPrefix("stale: ") && $0.contains("coreTests.swift") })
    }
}
