import Foundation
import Testing

@testable import NotebookKit

/// `export` and `update` in the nbdev style (the default): directives, ids, markers, the conflict rule and the
/// located marker errors.
@Suite("nbdev-style export and update")
struct MarkersNbdevTests {
    /// A course notebook made nbdev-style with the library's own editor: ids given, `// export` → `//| export`, and
    /// `//| default_exp Course` on the first exported cell. Returns the notebook's path.
    static func nbdevCopy(of name: String, course: String, into work: String) throws -> String {
        let path = work + "/nbs/" + name
        let original = try #require(CoreTestSupport.read("\(course)/notebooks/\(name)"))
        var editor = NotebookSourceEditor(bytes: original, file: path)
        try editor.addMissingIDs(cells: try NotebookReader().read(bytes: original, displayName: path).cells)
        let notebook = try NotebookReader().read(bytes: editor.bytes, displayName: path)
        var sources: [Int: String] = [:]
        for cell in notebook.cells {
            guard let body = FastaiExportMarker.exportedBody(of: cell) else { continue }
            sources[cell.index] = (sources.isEmpty ? "//| default_exp Course\n" : "") + "//| export\n" + body
        }
        try editor.replaceSources(sources)
        try CoreTestSupport.write(editor.bytes, to: path)
        return path
    }

    static func write(_ notebookJSON: String, in work: String, name: String = "core.ipynb") throws -> String {
        let path = work + "/nbs/" + name
        try CoreTestSupport.write(notebookJSON, to: path)
        return path
    }

    @Test(
        "edit a line in every course module → update → only that cell changed → re-export equals the edited file",
        .enabled(if: MarkersTestSupport.courseFolder != nil, "\(MarkersTestSupport.absentMessage)"))
    func roundTripOnCourse() throws {
        let course = try #require(MarkersTestSupport.courseFolder)
        let names = try FileManager.default.contentsOfDirectory(atPath: course + "/notebooks").filter {
            $0.hasSuffix(".ipynb")
        }.sorted()
        var roundTrips = 0
        for name in names {
            let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
            defer { try? FileManager.default.removeItem(atPath: work) }
            let path = try Self.nbdevCopy(of: name, course: course, into: work)
            let root = work + "/pkg"
            let plan = try MarkersTestSupport.export(.nbdev, notebook: path, root: root)
            #expect(plan.rejectedCells.isEmpty, "\(name): \(plan.rejectedCells)")
            guard let module = plan.files.first(where: { $0.path.hasSuffix(".swift") }) else { continue }
            let stem = String(name.dropLast(".ipynb".count))
            #expect(module.path == "Sources/Course/\(stem).swift")
            let text = String(decoding: module.bytes, as: UTF8.self)
            for cell in module.cells {
                #expect(text.contains("\n// %% ../nbs/\(name) cell=\(try #require(cell.id))\n"), "\(name)")
            }
            #expect(!text.contains("//| export"), "\(name): directives are not exported")
            try MarkersEditCheck.editUpdateAndReexport(
                style: .nbdev, notebook: path, root: root, file: module, label: name)
            roundTrips += 1
        }
        #expect(roundTrips == 22)  // the course notebooks with `// export` cells
    }

    @Test(
        "the editor writes sources in Jupyter's layout: re-rendering every course cell gives back its bytes",
        .enabled(if: MarkersTestSupport.courseFolder != nil, "\(MarkersTestSupport.absentMessage)"))
    func jupyterLayout() throws {
        let course = try #require(MarkersTestSupport.courseFolder)
        var cells = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: course + "/notebooks")
        where name.hasSuffix(".ipynb") {
            let bytes = try #require(CoreTestSupport.read("\(course)/notebooks/\(name)"))
            let notebook = try NotebookReader().read(bytes: bytes, displayName: name)
            let layout = try NotebookJSONLayout(scanning: bytes, file: name)
            for (cell, place) in zip(notebook.cells, layout.cells) {
                let range = try #require(place.source)
                let key = try #require(place.keys.first { $0.name == "source" })
                let rendered = NotebookSourceEditor.sourceJSON(
                    cell.source, indent: NotebookJSONLayout.column(of: key.offset, in: bytes), asString: false)
                #expect(Array(rendered.utf8) == Array(bytes[range]), "\(name) cell \(cell.index)")
                cells += 1
            }
        }
        #expect(cells > 1500)
    }

    @Test("directives: default_exp, export to another module, exporti, hide, #| accepted; markers carry the cell id")
    func directives() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.write(
            CoreTestSupport.notebookJSON([
                "//| default_exp Core", "//| export\npublic let a = 1", "#| exporti\nlet b = 2\n",
                "//| hide\nlet hidden = 3", "let notExported = 4", "//| export Tools/Helpers\npublic let c = 3",
            ]), in: work)
        let plan = try MarkersTestSupport.plan(.nbdev, notebook: path, root: work + "/pkg")
        #expect(plan.rejectedCells.isEmpty)
        #expect(
            plan.files.map(\.path) == [
                "Sources/Core/core.swift", "Sources/Tools/Helpers.swift",
                ExportState.path(style: .nbdev, notebook: "../nbs/core.ipynb"),
            ])
        let core = String(decoding: try #require(plan.file(at: "Sources/Core/core.swift")).bytes, as: UTF8.self)
        #expect(
            core == NbdevLayout.header(notebook: "../nbs/core.ipynb")
                + "\n// %% ../nbs/core.ipynb cell=c1\npublic let a = 1\n"
                + "\n// %% ../nbs/core.ipynb cell=c2\nlet b = 2\n\n"
        )
        #expect(try #require(plan.file(at: "Sources/Core/core.swift")).cells.map(\.id) == ["c1", "c2"])
    }

    @Test("exported cells without an id, or without a module, are rejected with their cell")
    func rejections() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let json = CoreTestSupport.notebookJSON(["//| export\nlet a = 1", "//| export Bad..Name\nlet b = 1"])
            .replacingOccurrences(of: "\"id\":\"c0\",", with: "")
        let path = try Self.write(json, in: work)
        let plan = try MarkersTestSupport.plan(.nbdev, notebook: path, root: work)
        #expect(plan.rejectedCells.count == 2)
        #expect(plan.rejectedCells[0].cellIndex == 0)
        #expect(plan.rejectedCells[0].message.contains("no module"))
        #expect(plan.rejectedCells[1].message.contains("\"Bad..Name\" is not a module"))
        let named = try Self.write(
            CoreTestSupport.notebookJSON(["//| default_exp Core\n//| export\nlet a = 1"])
                .replacingOccurrences(of: "\"id\":\"c0\",", with: ""), in: work, name: "x.ipynb")
        let noID = try MarkersTestSupport.plan(.nbdev, notebook: named, root: work)
        #expect(
            noID.rejectedCells.map(\.message) == [
                "the cell has no id, and nbdev-style markers name cells by id: give the notebook ids with "
                    + "`nb2swift export --add-ids`"
            ])
    }

    /// A small nbdev notebook exported into `work/pkg`; returns the notebook path and the module's path.
    static func exportedSample(in work: String) throws -> (notebook: String, module: String) {
        let path = try write(
            CoreTestSupport.notebookJSON([
                "//| default_exp Core\n//| export\npublic let a = 1", "print(a)",
                "//| export\npublic func f() -> Int {\n    a + 1\n}",
            ]), in: work)
        try MarkersTestSupport.export(.nbdev, notebook: path, root: work + "/pkg")
        return (path, work + "/pkg/Sources/Core/core.swift")
    }

    @Test("a cell changed in the notebook and in its file since the export: update refuses, naming both")
    func conflict() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (path, module) = try Self.exportedSample(in: work)
        var text = String(decoding: try #require(CoreTestSupport.read(module)), as: UTF8.self)
        text = text.replacingOccurrences(of: "    a + 1\n", with: "    a + 2\n")
        try CoreTestSupport.write(text, to: module)
        let notebookBefore = try #require(CoreTestSupport.read(path))
        var editor = NotebookSourceEditor(bytes: notebookBefore, file: path)
        try editor.replaceSources([2: "//| export\npublic func f() -> Int {\n    a + 3\n}"])
        try CoreTestSupport.write(editor.bytes, to: path)
        let edited = try #require(CoreTestSupport.read(path))
        let refusal = try #require(throws: UpdateProblems.self) {
            try MarkersTestSupport.update(.nbdev, notebook: path, root: work + "/pkg")
        }
        #expect(refusal.errors.count == 1)
        let message = refusal.errors[0].description
        #expect(message.hasPrefix("Sources/Core/core.swift:7:1: conflict: \(path): cell 2 (id \"c2\")"))
        #expect(message.contains("both changed since the last export"))
        #expect(CoreTestSupport.read(path) == edited, "nothing written")
        #expect(CoreTestSupport.read(module) == Array(text.utf8), "nothing written")
    }

    @Test("a cell changed only in the notebook is not a conflict: update leaves it for the next export")
    func notebookNewer() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (path, _) = try Self.exportedSample(in: work)
        var editor = NotebookSourceEditor(bytes: try #require(CoreTestSupport.read(path)), file: path)
        try editor.replaceSources([0: "//| default_exp Core\n//| export\npublic let a = 10"])
        try CoreTestSupport.write(editor.bytes, to: path)
        let update = try MarkersTestSupport.update(.nbdev, notebook: path, root: work + "/pkg")
        #expect(update.changedCells.isEmpty)
        #expect(update.newerInNotebook.map(\.index) == [0])
        #expect(CoreTestSupport.read(path) == editor.bytes)
    }

    @Test("a file block differing with no export state recorded is a conflict")
    func noState() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (path, module) = try Self.exportedSample(in: work)
        try FileManager.default.removeItem(atPath: work + "/pkg/.nb2swift")
        let text = String(decoding: try #require(CoreTestSupport.read(module)), as: UTF8.self)
        try CoreTestSupport.write(text.replacingOccurrences(of: "a = 1", with: "a = 5"), to: module)
        let refusal = try #require(throws: UpdateProblems.self) {
            try MarkersTestSupport.update(.nbdev, notebook: path, root: work + "/pkg")
        }
        #expect(refusal.description.contains("no export state records which side changed"))
    }

    @Test("a deleted or duplicated marker, or one naming a cell not exported there, is an error at its file and line")
    func markerErrors() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (path, module) = try Self.exportedSample(in: work)
        let original = String(decoding: try #require(CoreTestSupport.read(module)), as: UTF8.self)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[3] == "// %% ../nbs/core.ipynb cell=c0")
        #expect(lines[6] == "// %% ../nbs/core.ipynb cell=c2")

        // Deleted: the marker of c2 is gone; the error points at where it was expected (the end of the file).
        var deleted = lines
        deleted.remove(at: 6)
        try CoreTestSupport.write(deleted.joined(separator: "\n"), to: module)
        var refusal = try #require(throws: UpdateProblems.self) {
            try MarkersTestSupport.update(.nbdev, notebook: path, root: work + "/pkg")
        }
        #expect(refusal.errors.map(\.file) == ["Sources/Core/core.swift"])
        #expect(refusal.errors[0].message.contains("the marker of \(path): cell 2 (id \"c2\")"))
        #expect(refusal.errors[0].message.contains("is missing (deleted?)"))
        #expect(refusal.errors[0].line == deleted.count)

        // Duplicated: c0's marker appears again below.
        var duplicated = lines
        duplicated.insert("// %% ../nbs/core.ipynb cell=c0", at: 9)
        try CoreTestSupport.write(duplicated.joined(separator: "\n"), to: module)
        refusal = try #require(throws: UpdateProblems.self) {
            try MarkersTestSupport.update(.nbdev, notebook: path, root: work + "/pkg")
        }
        #expect(
            refusal.errors.first?.description
                == "Sources/Core/core.swift:10:1: the marker of cell c0 appears twice (first at line 4): remove one copy"
        )

        // Unknown: a marker names cell c1, which is not exported.
        var unknown = lines
        unknown[6] = "// %% ../nbs/core.ipynb cell=c1"
        try CoreTestSupport.write(unknown.joined(separator: "\n"), to: module)
        refusal = try #require(throws: UpdateProblems.self) {
            try MarkersTestSupport.update(.nbdev, notebook: path, root: work + "/pkg")
        }
        #expect(
            refusal.errors.contains {
                $0.line == 7 && $0.message.contains("names cell c1, which \(path) does not export to this file")
            })
    }

    @Test("--add-ids gives every id-less cell a unique id, declares nbformat 4.5 and changes nothing else")
    func addIDs() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let json = """
            {
             "cells": [
              {
               "cell_type": "code",
               "execution_count": 1,
               "metadata": {},
               "outputs": [{"name": "stdout", "output_type": "stream", "text": ["1\\n"]}],
               "source": [
                "//| export\\n",
                "let a = 1"
               ]
              },
              {
               "cell_type": "markdown",
               "id": "kept",
               "metadata": {},
               "source": []
              }
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 2
            }

            """
        var editor = NotebookSourceEditor(bytes: Array(json.utf8), file: "x.ipynb")
        let before = try NotebookReader().read(bytes: Array(json.utf8), displayName: "x.ipynb")
        let given = try editor.addMissingIDs(cells: before.cells)
        #expect(given.keys.sorted() == [0])
        let id = try #require(given[0])
        let expected = json.replacingOccurrences(
            of: "   \"execution_count\": 1,\n", with: "   \"execution_count\": 1,\n   \"id\": \"\(id)\",\n"
        ).replacingOccurrences(of: "\"nbformat_minor\": 2", with: "\"nbformat_minor\": 5")
        #expect(String(decoding: editor.bytes, as: UTF8.self) == expected)
        let after = try NotebookReader(strict: true).read(bytes: editor.bytes, displayName: "x.ipynb")
        #expect(after.cells.map(\.id) == [id, "kept"])
    }

    @Test(
        "--into: every exported cell in one file, no state, compiler errors located in the notebook cell",
        .enabled(if: ScriptTestSupport.swiftc != nil, "no swiftc found (set SWIFTC)"))
    func singleFile() throws {
        let swiftc = try #require(ScriptTestSupport.swiftc)
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = try Self.write(
            CoreTestSupport.notebookJSON([
                "//| export\npublic let a = 1", "print(a)",
                "//| export Elsewhere\n//| hide\nlet b = 2\nlet c: String = b",
            ]), in: work)
        let notebook = try NotebookReader().read(contentsOf: path)
        var files = VirtualFileSystem(readingDisk: false)
        let plan = NbdevPlanner(singleFile: "core.swift").plan(
            notebook, source: MarkersTestSupport.source(notebook: path, root: work + "/out"), files: &files)[0]
        #expect(plan.rejectedCells.isEmpty)
        #expect(plan.files.map(\.path) == ["core.swift"])
        let file = try #require(plan.file(at: "core.swift"))
        #expect(file.cells.map(\.index) == [0, 2])
        try CoreTestSupport.write(file.bytes, to: work + "/core.swift")
        let result = try CoreTestSupport.run(URL(fileURLWithPath: swiftc), ["-typecheck", "core.swift"], in: work)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        // The type error is on the cell's 4th line (after two directive lines and `let b = 2`).
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.hasPrefix("\(path)#cell2:4:") == true, "\(result.stderr)")
    }

    @Test("an export would overwrite a block edited since the last export: it is reported until update brings it back")
    func unsavedEdits() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (path, module) = try Self.exportedSample(in: work)
        func run(_ mode: ConversionOptions.Mode) -> ConversionReport {
            Conversion(ConversionOptions(mode: mode, outputFolder: work + "/pkg", displayBase: work + "/pkg")).run([
                path
            ])
        }
        #expect(run(.export(.nbdev)).status == .success)
        let text = String(decoding: try #require(CoreTestSupport.read(module)), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "a + 1", with: "a + 100")
        try CoreTestSupport.write(edited, to: module)
        let refused = run(.export(.nbdev))
        #expect(refused.status == .failed)
        #expect(
            refused.diagnostics.map(\.description) == [
                "Sources/Core/core.swift:7:1: the block of cell c2 (\(path)) was edited since the export; bring it back "
                    + "with `nb2swift update` first, or pass --force to discard the edit"
            ])
        #expect(CoreTestSupport.read(module) == Array(edited.utf8))
        #expect(run(.update(.nbdev)).status == .success)
        #expect(run(.export(.nbdev)).status == .success)
        #expect(try NotebookReader().read(contentsOf: path).cells[2].source.contains("a + 100"))
    }

    @Test("a file the last export wrote that the notebook no longer exports is an orphan for --check")
    func orphans() throws {
        let work = try CoreTestSupport.temporaryFolder("markers-nbdev")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (path, module) = try Self.exportedSample(in: work)
        func check() -> ConversionReport {
            Conversion(ConversionOptions(mode: .export(.nbdev), action: .check, outputFolder: work + "/pkg"))
                .run([path])
        }
        #expect(check().status == .success)
        var editor = NotebookSourceEditor(bytes: try #require(CoreTestSupport.read(path)), file: path)
        try editor.replaceSources([0: "//| default_exp Renamed\n//| export\npublic let a = 1"])
        try CoreTestSupport.write(editor.bytes, to: path)
        let report = check()
        #expect(report.status == .checkFailed)
        #expect(report.plans[0].files.map(\.path).contains("Sources/Renamed/core.swift"))
        let orphans = report.findings.filter { if case .orphan = $0 { true } else { false } }
        #expect(orphans == [.orphan(path: OutputRoot.displayPath(module, from: OutputRoot(".").path), notebook: path)])
    }
}
