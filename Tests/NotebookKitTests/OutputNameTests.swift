import Foundation
import Testing

@testable import NotebookKit

@Suite("Output names, temporaries, the writer's events and the transcript")
struct OutputNameTests {
    @Test("a temporary name always fits in 255 bytes, keeps a short name whole and parses back to its stem")
    func temporaryNamesFit() {
        for length in [1, 100, 219, 220, 250, 255] {
            for unit in ["n", "é", "日本", "🦜"] {
                var name = ""
                while name.utf8.count + unit.utf8.count <= length { name += unit }
                let temporary = OutputName.temporaryName(for: name, processID: 4_194_304)
                #expect(temporary.utf8.count <= 255, "\(name.utf8.count) bytes of \(unit)")
                #expect(OutputName.isTemporaryName(temporary))
                #expect(OutputName.parseTemporaryName(temporary)?.stem == OutputName.temporaryStem(for: name))
                #expect(OutputName.parseTemporaryName(temporary)?.processID == 4_194_304)
                if name.utf8.count <= 219 { #expect(OutputName.temporaryStem(for: name) == name) }
            }
        }
        // Two long names that share a prefix get different stems.
        let common = String(repeating: "p", count: 240)
        #expect(OutputName.temporaryStem(for: common + "a.txt") != OutputName.temporaryStem(for: common + "b.txt"))
    }

    @Test("names IPython cannot open are its errors; paths the file system refuses are explained")
    func nameProblems() {
        #expect(OutputName.ipythonError(for: "a\u{0}b") == "ValueError: embedded null byte")
        #expect(
            OutputName.ipythonError(for: String(repeating: "x", count: 256))?.hasPrefix("OSError: [Errno 36]") == true)
        #expect(OutputName.ipythonError(for: "d/" + String(repeating: "x", count: 255)) == nil)
        #expect(OutputName.problem(withAbsolutePath: "/a/" + String(repeating: "x", count: 255)) == nil)
        #expect(OutputName.problem(withAbsolutePath: "/a/" + String(repeating: "x", count: 256)) != nil)
        let deep = "/" + Array(repeating: String(repeating: "d", count: 200), count: 21).joined(separator: "/")
        #expect(OutputName.problem(withAbsolutePath: deep)?.contains("4095") == true)
    }

    @Test("a stale temporary of a long (shortened) name is removed; a live process's temporary is kept")
    func staleTemporariesOfLongNames() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let name = String(repeating: "l", count: 246) + ".txt"
        let stem = OutputName.temporaryStem(for: name)
        let dead = "." + stem + OutputName.temporaryMarker + "2147483000-abc"
        let live = "." + stem + OutputName.temporaryMarker + "1-abc"
        let unrelated = ".other.txt" + OutputName.temporaryMarker + "2147483000-abc"
        for temporary in [dead, live, unrelated] { try CoreTestSupport.write("partial", to: root + "/" + temporary) }
        let plan = ExportPlan(
            outputRoot: root, files: [PlannedFile(path: name, bytes: Array("L\n".utf8), cells: [], notebook: "nb")])
        try PlanWriter().apply(plan)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: root))
        #expect(names == [name, live, unrelated])
    }

    @Test("the writer reports each write in plan order, then each orphan removed")
    func writerEvents() throws {
        let root = try CoreTestSupport.temporaryFolder()
        try CoreTestSupport.write(GeneratedHeader.line(notebook: "nb.ipynb") + "\nold\n", to: root + "/old.swift")
        try CoreTestSupport.write("b\n", to: root + "/b.swift")
        let plan = ExportPlan(
            outputRoot: root,
            files: [
                PlannedFile(path: "x/a.swift", bytes: Array("a\n".utf8), cells: [], notebook: "nb.ipynb"),
                PlannedFile(path: "b.swift", bytes: Array("b\n".utf8), cells: [], notebook: "nb.ipynb"),
            ], headerOwners: ["nb.ipynb"])
        var events: [PlanWriter.Event] = []
        try PlanWriter().apply([plan]) { events.append($0) }
        #expect(
            events == [
                .wrote(path: root + "/x/a.swift", outcome: .written),
                .wrote(path: root + "/b.swift", outcome: .unchanged),
                .removed(path: root + "/old.swift", notebook: "nb.ipynb"),
            ])
        // Without removingOrphans, or for a plan with a rejected cell, orphans stay.
        try CoreTestSupport.write(GeneratedHeader.line(notebook: "nb.ipynb") + "\nold\n", to: root + "/old.swift")
        try PlanWriter().apply([plan], removingOrphans: false)
        var rejected = plan
        rejected.rejectedCells = [Diagnostic("no", cell: CellReference(notebook: "nb.ipynb", index: 0))]
        try PlanWriter().apply([rejected])
        #expect(FileManager.default.fileExists(atPath: root + "/old.swift"))
    }

    @Test("a link inside the root that leads out through .. is refused when writing, even when planned earlier")
    func linkChainsAreResolvedInsideTheRoot() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let outside = try CoreTestSupport.temporaryFolder("outside")
        try FileManager.default.createDirectory(atPath: root + "/real/deeper", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/in", withDestinationPath: "real/deeper")
        try FileManager.default.createSymbolicLink(atPath: root + "/real/up", withDestinationPath: "../../..")
        let inside = ExportPlan(
            outputRoot: root, files: [PlannedFile(path: "in/../x.txt", bytes: [1], cells: [], notebook: "nb")])
        try PlanWriter().apply(inside)
        #expect(FileManager.default.fileExists(atPath: root + "/x.txt"))
        let escaping = ExportPlan(
            outputRoot: root, files: [PlannedFile(path: "real/up/y.txt", bytes: [1], cells: [], notebook: "nb")])
        let error = #expect(throws: Diagnostic.self) { try PlanWriter().apply(escaping) }
        #expect(error?.description.contains("leads outside the output root") == true)
        #expect(CoreTestSupport.files(under: outside).isEmpty)
    }

    @Test("the transcript shows a message once its file is written, and never one of a rejected cell")
    func transcriptWaitsForWrites() {
        let cell = { (index: Int) in CellReference(notebook: "nb.ipynb", index: index, id: "c\(index)") }
        let plan = ExportPlan(
            outputRoot: "/r",
            files: [
                PlannedFile(path: "a.txt", bytes: [], cells: [], notebook: "nb.ipynb"),
                PlannedFile(path: "b.txt", bytes: [], cells: [], notebook: "nb.ipynb"),
            ],
            messages: [
                PlanMessage(cell: cell(0), text: "Writing a.txt", path: "a.txt"),
                PlanMessage(cell: cell(1), text: "Writing bad", path: nil),
                PlanMessage(cell: cell(2), text: "Writing b.txt", path: "b.txt"),
                PlanMessage(cell: cell(3), text: "Appending to a.txt", path: "a.txt"),
            ],
            rejectedCells: [Diagnostic("ValueError: embedded null byte", cell: cell(1))])
        var transcript = PlanTranscript([plan])
        #expect(transcript.start() == [])
        #expect(
            transcript.lines(after: .wrote(path: "/r/a.txt", outcome: .written))
                == [.message("Writing a.txt"), .diagnostic(plan.rejectedCells[0])])
        // b.txt is never written (the run failed): its message is never shown; a.txt's later message is true.
        #expect(transcript.finish() == [.message("Appending to a.txt")])
        var complete = PlanTranscript([plan])
        _ = complete.lines(after: .wrote(path: "/r/a.txt", outcome: .written))
        #expect(
            complete.lines(after: .wrote(path: "/r/b.txt", outcome: .unchanged))
                == [.message("Writing b.txt"), .message("Appending to a.txt")])
    }

    @Test("--check reports a FIFO where a file goes without waiting on it")
    func checkerDoesNotReadFifos() throws {
        let root = try CoreTestSupport.temporaryFolder()
        #expect(mkfifo(root + "/pipe.swift", 0o644) == 0)
        let plan = ExportPlan(
            outputRoot: root, files: [PlannedFile(path: "pipe.swift", bytes: [1], cells: [], notebook: "nb")])
        #expect(
            PlanChecker().check([plan]) == [.notRegularFile(path: root + "/pipe.swift", kind: "a FIFO (named pipe)")])
    }

    @Test("the reader refuses a notebook over its size limit; byte counts parse with binary units")
    func readerSizeLimit() throws {
        let root = try CoreTestSupport.temporaryFolder()
        try CoreTestSupport.write(CoreTestSupport.notebookJSON(["x = 1"]), to: root + "/nb.ipynb")
        let error = #expect(throws: Diagnostic.self) {
            try NotebookReader(sizeLimit: 16).read(contentsOf: root + "/nb.ipynb")
        }
        #expect(error?.description.contains("more than the input size limit of 16 bytes") == true)
        #expect(try NotebookReader(sizeLimit: 1 << 20).read(contentsOf: root + "/nb.ipynb").cells.count == 1)
        #expect(ConversionOptions.byteCount(parsing: "300") == 300)
        #expect(ConversionOptions.byteCount(parsing: "4K") == 4096)
        #expect(ConversionOptions.byteCount(parsing: "512MiB") == 512 << 20)
        #expect(ConversionOptions.byteCount(parsing: "2G") == 2 << 30)
        for bad in ["", "0", "-1", "1.5M", "K", "1KB", "99999999999999999999", "9999999999999999G"] {
            #expect(ConversionOptions.byteCount(parsing: bad) == nil, "\(bad)")
        }
    }
}
