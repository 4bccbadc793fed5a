import Foundation
import Testing

@testable import NotebookKit

/// Plans `sources` (code cells) as a notebook running in `root`.
private func plan(
    _ sources: [String], root: String, options: WritefilePlanner.Options = .init(),
    prose: WritefilePlanner.ProseProvider? = nil, markdown: [Int: String] = [:]
) throws -> ExportPlan {
    let json = CoreTestSupport.notebookJSON(sources, markdown: markdown)
    let notebook = try NotebookReader().read(bytes: Array(json.utf8), displayName: "nb.ipynb")
    var files = VirtualFileSystem()
    let source = NotebookSource(displayPath: "nb.ipynb", outputRoot: root, pathFromRoot: "../nb.ipynb")
    return WritefilePlanner(options: options, proseProvider: prose).plan(notebook, source: source, files: &files)[0]
}

@Suite("Root containment, atomic writes, --check")
struct OutputSafetyTests {
    /// Paths are normalised as the kernel reads them: by bytes. "." and ".." are those bytes alone, and a "/"
    /// ends a component even before a combining mark (which would join it into one Character).
    @Test func normalizationWorksOnBytes() {
        #expect(OutputRoot.normalize("/a/./b/../c//d/") == "/a/c/d")
        #expect(OutputRoot.normalize("/..") == "/")
        #expect(OutputRoot.normalize("/") == "/")
        #expect(OutputRoot.normalize("/a/.\u{301}/b") == "/a/.\u{301}/b")
        #expect(OutputRoot.normalize("/a/..\u{301}/b") == "/a/..\u{301}/b")
        #expect(OutputRoot.normalize("/a//\u{301}b/../c") == "/a/c")
        #expect(OutputRoot.normalize("/ä/ö/../ü") == "/ä/ü")
    }

    @Test("paths that leave the output root are refused, located, unless allowed")
    func escapingPaths() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let refused = try plan(
            ["%%writefile ../up.swift\nx", "%%writefile /tmp/abs.swift\nx", "%%writefile a/../../b.swift\nx"],
            root: root)
        #expect(refused.files.isEmpty)
        #expect(refused.rejectedCells.map(\.cellIndex) == [0, 1, 2])
        #expect(refused.rejectedCells.map(\.cellID) == ["c0", "c1", "c2"])
        #expect(refused.rejectedCells.allSatisfy { $0.message.contains("output root") })
        let allowed = try plan(["%%writefile ../up.swift\nx"], root: root, options: .init(allowsOutsideRoot: true))
        #expect(allowed.rejectedCells.isEmpty)
        #expect(allowed.files.map(\.path) == [OutputRoot.normalize(root + "/../up.swift")])
    }

    @Test("a symbolic link to a folder outside the root is refused; one inside is fine")
    func symlinkedFolders() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let outside = try CoreTestSupport.temporaryFolder("outside")
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: outside)
        try FileManager.default.createDirectory(atPath: root + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/in", withDestinationPath: root + "/real")
        let result = try plan(["%%writefile out/x.swift\nx", "%%writefile in/y.swift\ny"], root: root)
        #expect(result.rejectedCells.count == 1)
        #expect(result.rejectedCells.first?.cellIndex == 0)
        #expect(result.rejectedCells.first?.message.contains("symbolic link") == true)
        try PlanWriter().apply(result)
        #expect(CoreTestSupport.read(root + "/real/y.swift") == Array("y\n".utf8))
        #expect(CoreTestSupport.files(under: outside).isEmpty)
        // The writer checks again: a plan naming the link is refused at write time too.
        let forged = ExportPlan(
            outputRoot: root, files: [PlannedFile(path: "out/z.swift", bytes: [1], cells: [], notebook: "nb")])
        #expect(throws: Diagnostic.self) { try PlanWriter().apply(forged) }
        #expect(CoreTestSupport.files(under: outside).isEmpty)
        // --allow-outside follows the link, as before.
        let allowed = try plan(
            ["%%writefile out/x.swift\nx"], root: root, options: .init(allowsOutsideRoot: true))
        #expect(allowed.rejectedCells.isEmpty)
        try PlanWriter(allowsOutsideRoot: true).apply(allowed)
        #expect(CoreTestSupport.read(outside + "/x.swift") == Array("x\n".utf8))
    }

    @Test("unchanged files are not rewritten (mtime kept); changed files are replaced whole; parents are created")
    func unchangedFilesKeepTheirTime() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let first = try plan(["%%writefile deep/er/a.swift\nA", "%%writefile b.swift\nB"], root: root)
        let outcomes = try PlanWriter().apply(first).map(\.outcome)
        #expect(outcomes == [.written, .written])
        let past = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: root + "/deep/er/a.swift")
        let second = try plan(["%%writefile deep/er/a.swift\nA", "%%writefile b.swift\nB2"], root: root)
        #expect(try PlanWriter().apply(second).map(\.outcome) == [.unchanged, .written])
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/deep/er/a.swift")
        #expect((attributes[.modificationDate] as? Date) == past)
        #expect(CoreTestSupport.read(root + "/b.swift") == Array("B2\n".utf8))
        #expect(CoreTestSupport.files(under: root) == ["b.swift", "deep/er/a.swift"])
    }

    @Test("an append whose file already holds this run's result is not appended twice (regeneration is stable)")
    func appendRegenerationIsStable() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let cells = ["%%writefile -a log.swift\none", "%%writefile -a log.swift\ntwo"]
        try PlanWriter().apply(try plan(cells, root: root))
        #expect(CoreTestSupport.read(root + "/log.swift") == Array("one\ntwo\n".utf8))
        let again = try plan(cells, root: root)
        #expect(again.messages.map(\.text) == ["Appending to log.swift", "Appending to log.swift"])
        #expect(again.files.first?.bytes == Array("one\ntwo\n".utf8))
        // A hand-written file that differs is appended to, as IPython does.
        try CoreTestSupport.write("// mine\n", to: root + "/log.swift")
        #expect(try plan(cells, root: root).files.first?.bytes == Array("// mine\none\ntwo\n".utf8))
    }

    @Test("--header goes after a swift-tools-version line, only in // files, only on the write that starts a file")
    func headerPlacement() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let result = try plan(
            [
                "%%writefile Package.swift\n// swift-tools-version:5.9\nimport PackageDescription",
                "%%writefile notes.txt\ntext", "%%writefile -a a.swift\none", "%%writefile -a a.swift\ntwo",
            ], root: root, options: .init(addsHeader: true))
        let header = "// Generated by nb2swift from ../nb.ipynb; edit the notebook, not this file.\n"
        #expect(
            result.file(at: "Package.swift")?.bytes
                == Array("// swift-tools-version:5.9\n\(header)import PackageDescription\n".utf8))
        #expect(result.file(at: "notes.txt")?.bytes == Array("text\n".utf8))
        #expect(result.file(at: "a.swift")?.bytes == Array("\(header)one\ntwo\n".utf8))
    }

    @Test("the prose hook receives the markdown cells since the previous %%writefile cell")
    func proseHook() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let result = try plan(
            ["%%writefile a.swift\nA", "print(1)", "%%writefile b.swift\nB"], root: root,
            prose: { cells, path in "// " + cells.map(\.source).joined(separator: "+") + " for " + path },
            markdown: [0: "intro", 1: "between", 2: "last"])
        #expect(result.file(at: "a.swift")?.bytes == Array("// intro for a.swift\nA\n".utf8))
        #expect(result.file(at: "b.swift")?.bytes == Array("// between+last for b.swift\nB\n".utf8))
    }

    @Test("--check finds stale (with a unified diff), missing and orphaned files, and writes nothing")
    func check() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let options = WritefilePlanner.Options(addsHeader: true)
        let original = try plan(
            ["%%writefile a.swift\nlet a = 1\nlet b = 2", "%%writefile gone.swift\nx"], root: root, options: options)
        try PlanWriter().apply(original)
        #expect(PlanChecker().check([original]).isEmpty)
        // The notebook changes: a.swift's second line, gone.swift no longer written, new.swift added.
        let changed = try plan(
            ["%%writefile a.swift\nlet a = 1\nlet b = 3", "%%writefile new.swift\nn"], root: root, options: options)
        let before = CoreTestSupport.files(under: root).map { ($0, CoreTestSupport.read(root + "/" + $0)) }
        let findings = PlanChecker().check([changed], displayBase: root)
        #expect(findings.count == 3)
        guard case .stale(let path, let diff) = findings.first(where: { if case .stale = $0 { true } else { false } })
        else {
            Issue.record("no stale finding in \(findings)")
            return
        }
        #expect(path == "a.swift")
        #expect(diff.contains("-let b = 2\n\\ No newline at end of file") == false)
        #expect(diff.contains("\n-let b = 2\n+let b = 3\n"))
        #expect(diff.contains("@@ -1,3 +1,3 @@"))
        #expect(findings.contains(.missing(path: "new.swift")))
        #expect(findings.contains(.orphan(path: "gone.swift", notebook: "../nb.ipynb")))
        #expect(
            CoreTestSupport.files(under: root).map { ($0, CoreTestSupport.read(root + "/" + $0)) }.elementsEqual(
                before, by: { $0 == $1 }))
        // Writing removes the orphan (its header names a notebook of the run), so the check passes afterwards.
        let report = try PlanWriter().apply([changed])
        #expect(report.removedOrphans == [root + "/gone.swift"])
        #expect(!FileManager.default.fileExists(atPath: root + "/gone.swift"))
        #expect(PlanChecker().check([changed]).isEmpty)
    }

    @Test("a unified diff marks a missing final newline")
    func diffWithoutFinalNewline() {
        let diff = UnifiedDiff.diff(
            old: Array("a\nb".utf8), new: Array("a\nc\n".utf8), oldLabel: "old", newLabel: "new")
        #expect(diff == "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n")
    }
}
