import Foundation
import Testing

@testable import NotebookKit

/// `nb2swift export` and `nb2swift update` end to end, through the built executable.
@Suite(
    "nb2swift export and update",
    .enabled(
        if: MarkersTestSupport.executableHasMarkerSubcommands,
        "the nb2swift executable was not built next to the tests, or has no export/update subcommands yet"))
struct MarkersCommandLineTests {
    private func nb2swift(_ arguments: [String], in directory: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try CoreTestSupport.run(try #require(CoreTestSupport.executable), arguments, in: directory)
    }

    /// A folder holding a small nbdev notebook at `nbs/core.ipynb`.
    private func sample() throws -> String {
        let work = try CoreTestSupport.temporaryFolder("markers-cli")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON([
                "//| default_exp Core\n//| export\npublic let a = 1", "print(a)", "//| export\npublic let b = 2",
            ]), to: work + "/nbs/core.ipynb")
        return work
    }

    @Test("export writes, --check passes, then reports a stale file with a diff; --list prints the plan")
    func exportCheckAndList() throws {
        let work = try sample()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let written = try nb2swift(["export", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("Writing Sources/Core/core.swift"))
        #expect(try nb2swift(["export", "--check", "nbs", "-o", "."], in: work).status == 0)
        let listed = try nb2swift(["export", "--list", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(listed.stdout.contains("Sources/Core/core.swift\t"))
        #expect(listed.stdout.contains("nbs/core.ipynb: c0, c2"))
        try CoreTestSupport.write("changed\n", to: work + "/Sources/Core/core.swift")
        let stale = try nb2swift(["export", "--check", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("stale: Sources/Core/core.swift"))
        #expect(
            CoreTestSupport.read(work + "/Sources/Core/core.swift") == Array("changed\n".utf8), "--check writes nothing"
        )
    }

    @Test("update --check lists the edited cell; update brings it back; the re-export check then passes")
    func updateRoundTrip() throws {
        let work = try sample()
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(try nb2swift(["export", "nbs/core.ipynb", "-o", "."], in: work).status == 0)
        let module = work + "/Sources/Core/core.swift"
        let edited = String(decoding: try #require(CoreTestSupport.read(module)), as: UTF8.self)
            .replacingOccurrences(of: "public let b = 2", with: "public let b = 20")
        try CoreTestSupport.write(edited, to: module)
        let overwriting = try nb2swift(["export", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(overwriting.status == 2)
        #expect(overwriting.stderr.contains("Sources/Core/core.swift:7:1: error: the block of cell c2"))
        #expect(CoreTestSupport.read(module) == Array(edited.utf8), "the edit is not overwritten")
        let pending = try nb2swift(["update", "--check", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(pending.status == 1)
        #expect(pending.stdout.contains("would update: nbs/core.ipynb: cell 2 (id \"c2\")"))
        let applied = try nb2swift(["update", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(applied.status == 0, "\(applied.stderr)")
        let notebook = try NotebookReader().read(contentsOf: work + "/nbs/core.ipynb")
        #expect(notebook.cells[2].source == "//| export\npublic let b = 20")
        #expect(try nb2swift(["export", "--check", "nbs/core.ipynb", "-o", "."], in: work).status == 0)
        #expect(CoreTestSupport.read(module) == Array(edited.utf8))
    }

    @Test("a conflict exits 2 naming the cell and the file line, and writes nothing")
    func conflict() throws {
        let work = try sample()
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(try nb2swift(["export", "nbs/core.ipynb", "-o", "."], in: work).status == 0)
        let module = work + "/Sources/Core/core.swift"
        let text = String(decoding: try #require(CoreTestSupport.read(module)), as: UTF8.self)
        try CoreTestSupport.write(text.replacingOccurrences(of: "b = 2", with: "b = 3"), to: module)
        var editor = NotebookSourceEditor(bytes: try #require(CoreTestSupport.read(work + "/nbs/core.ipynb")), file: "")
        try editor.replaceSources([2: "//| export\npublic let b = 4"])
        try CoreTestSupport.write(editor.bytes, to: work + "/nbs/core.ipynb")
        let refused = try nb2swift(["update", "nbs/core.ipynb", "-o", "."], in: work)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("Sources/Core/core.swift:7:1: error: conflict: nbs/core.ipynb: cell 2 (id \"c2\")"))
        #expect(refused.stderr.contains("nothing was written"))
        #expect(CoreTestSupport.read(work + "/nbs/core.ipynb") == editor.bytes)
    }

    @Test("usage errors: update --style fastai, --add-ids with --check, --into with two notebooks")
    func usageErrors() throws {
        let work = try sample()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let fastai = try nb2swift(["update", "--style", "fastai", "nbs/core.ipynb"], in: work)
        #expect(fastai.status != 0)
        #expect(fastai.stderr.contains("--style fastai writes no markers"))
        let addIDs = try nb2swift(["export", "--add-ids", "--check", "nbs/core.ipynb"], in: work)
        #expect(addIDs.status != 0)
        #expect(addIDs.stderr.contains("--add-ids edits the notebooks"))
        let into = try nb2swift(["export", "--into", "x.swift", "nbs/core.ipynb", "nbs/core.ipynb"], in: work)
        #expect(into.stderr.contains("--into takes exactly one notebook"))
        #expect(CoreTestSupport.files(under: work) == ["nbs/core.ipynb"], "nothing written")
    }

    @Test("script --source-locations starts each code cell with #sourceLocation; the script reads back the same")
    func scriptSourceLocations() throws {
        let work = try sample()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let result = try nb2swift(["script", "--source-locations", "nbs/core.ipynb", "-o", "out"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        let script = String(decoding: try #require(CoreTestSupport.read(work + "/out/core.swift")), as: UTF8.self)
        #expect(script.contains("\n#sourceLocation(file: \"core.ipynb#cell2\", line: 1)\n//| export\npublic let b = 2"))
        let back = try ScriptReader().notebook(fromScript: script, path: "core.swift")
        let original = try NotebookReader().read(contentsOf: work + "/nbs/core.ipynb")
        #expect(back.cells.map(\.source) == original.cells.map(\.source))
    }
}
