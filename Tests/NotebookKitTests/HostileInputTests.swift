import Foundation
import Testing

@testable import NotebookKit

/// The result of one `nb2swift` run under a deadline.
private struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Whether the deadline passed and the process was killed (a hang).
    var timedOut: Bool

    /// The lines of standard error.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs `nb2swift` with `arguments`, killing it after `timeout` seconds (so that a hang fails the test, not the suite).
private func nb2swift(_ arguments: [String], in directory: String? = nil, timeout: Double = 60) throws -> Run {
    let process = Process()
    guard let executable = CoreTestSupport.executable else { throw CocoaError(.fileNoSuchFile) }
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let logs = try CoreTestSupport.temporaryFolder("hostile-logs")
    _ = FileManager.default.createFile(atPath: logs + "/out", contents: nil)
    _ = FileManager.default.createFile(atPath: logs + "/err", contents: nil)
    let out = try #require(FileHandle(forWritingAtPath: logs + "/out"))
    let err = try #require(FileHandle(forWritingAtPath: logs + "/err"))
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    let timedOut = process.isRunning
    if timedOut { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    try out.close()
    try err.close()
    defer { try? FileManager.default.removeItem(atPath: logs) }
    return Run(
        status: process.terminationStatus,
        stdout: String(decoding: CoreTestSupport.read(logs + "/out") ?? [], as: UTF8.self),
        stderr: String(decoding: CoreTestSupport.read(logs + "/err") ?? [], as: UTF8.self), timedOut: timedOut)
}

/// Plans `sources` (code cells) as a notebook `nb.ipynb` running in `root`.
private func plan(_ sources: [String], root: String, allowingOutside: Bool = false) throws -> ExportPlan {
    let json = CoreTestSupport.notebookJSON(sources)
    let notebook = try NotebookReader().read(bytes: Array(json.utf8), displayName: "nb.ipynb")
    var files = VirtualFileSystem()
    let source = NotebookSource(displayPath: "nb.ipynb", outputRoot: root, pathFromRoot: "nb.ipynb")
    return WritefilePlanner(options: .init(allowsOutsideRoot: allowingOutside)).plan(
        notebook, source: source, files: &files)[0]
}

/// What is at `path`, without following a link.
private func kind(_ path: String) -> mode_t? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return info.st_mode & S_IFMT
}

/// `renameat2(2)` with `RENAME_EXCHANGE`, looked up at run time (the C library declares it for C only).
private func exchange(_ first: String, _ second: String) -> Bool {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
    let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
    let atCurrentDirectory: Int32 = -100  // AT_FDCWD
    let renameExchange: UInt32 = 2  // RENAME_EXCHANGE
    return renameat2(atCurrentDirectory, first, atCurrentDirectory, second, renameExchange) == 0
}

/// A flag shared with the thread that swaps folders.
private final class SwapState: @unchecked Sendable {
    private let lock = NSLock()
    private var _done = false
    private var _swapped = false

    var done: Bool {
        get { lock.withLock { _done } }
        set { lock.withLock { _done = newValue } }
    }
    var swapped: Bool {
        get { lock.withLock { _swapped } }
        set { lock.withLock { _swapped = newValue } }
    }
}

@Suite(
    "Hostile input: no escape, no hang, nothing half-written",
    .enabled(if: CoreTestSupport.executable != nil, "the nb2swift executable was not built next to the tests"))
struct HostileInputTests {
    // MARK: - Item 2: a folder swapped for a symbolic link during the run

    @Test("swapping out/sub for a link to ../outside mid-run (RENAME_EXCHANGE) writes nothing outside, 3 tries")
    func folderSwapRace() throws {
        let count = 3_000
        var cells: [String] = []
        for index in 0..<count { cells.append("%%writefile sub/f\(String(format: "%05d", index)).txt\nfile \(index)") }
        let json = CoreTestSupport.notebookJSON(cells)
        var swapsDuringRun = 0
        for attempt in 0..<3 {
            let folder = try CoreTestSupport.temporaryFolder("race")
            let out = folder + "/out"
            let outside = folder + "/outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: out + "/link", withDestinationPath: "../outside")
            try CoreTestSupport.write(json, to: folder + "/race.ipynb")
            let state = SwapState()
            let first = out + "/sub/f00000.txt"
            let swapper = Thread {
                while !state.done {
                    if access(first, F_OK) == 0 {
                        state.swapped = exchange(out + "/sub", out + "/link")
                        return
                    }
                }
            }
            swapper.start()
            let run = try nb2swift(["-q", folder + "/race.ipynb", "-o", out])
            let swappedDuringRun = state.swapped
            state.done = true
            while !swapper.isFinished { usleep(1_000) }
            #expect(!run.timedOut)
            #expect(CoreTestSupport.files(under: outside).isEmpty, "attempt \(attempt): files escaped to \(outside)")
            if swappedDuringRun {
                swapsDuringRun += 1
                // The swap was seen: the run stopped with the link named, or it finished writing in the real folder.
                #expect(run.status == 0 || run.stderr.contains("symbolic link"), "\(run.stderr)")
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
        // The race must actually have been run (the first file appears long before the 3,000th).
        #expect(swapsDuringRun > 0, "renameat2(RENAME_EXCHANGE) never swapped the folder while nb2swift ran")
    }

    // MARK: - Item 10: targets that are not regular files

    @Test("%%writefile /dev/null is refused when planned, also with --allow-outside; nothing replaces the device")
    func deviceTargetIsRefused() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let planned = try plan(["%%writefile /dev/null\nx"], root: root, allowingOutside: true)
        #expect(planned.files.isEmpty)
        #expect(planned.rejectedCells.map(\.cellID) == ["c0"])
        #expect(planned.rejectedCells.first?.message.contains("character device") == true)
        #expect(kind("/dev/null") == S_IFCHR)
    }

    @Test("a FIFO where a file goes is refused before anything is written, without hanging")
    func fifoTargetIsRefused() throws {
        let folder = try CoreTestSupport.temporaryFolder("fifo-target")
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        #expect(mkfifo(folder + "/out/pipe.txt", 0o644) == 0)
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile a.txt\nA", "%%writefile pipe.txt\nP"]), to: folder + "/nb.ipynb")
        let run = try nb2swift([folder + "/nb.ipynb", "-o", folder + "/out"], timeout: 20)
        #expect(!run.timedOut)
        #expect(run.status == 2)
        #expect(run.stderr.contains("cell 1 (id \"c1\")") && run.stderr.contains("FIFO"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/a.txt"))
        #expect(kind(folder + "/out/pipe.txt") == S_IFIFO)
    }

    @Test("a symbolic link or a folder where a file goes is refused by the writer before it writes anything")
    func linkTargetIsRefusedByTheWriter() throws {
        let root = try CoreTestSupport.temporaryFolder()
        try CoreTestSupport.write("real\n", to: root + "/real.txt")
        try FileManager.default.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: "real.txt")
        try FileManager.default.createDirectory(atPath: root + "/dir.txt", withIntermediateDirectories: true)
        for target in ["link.txt", "dir.txt"] {
            // A plan made without the planner's checks (or before the disk changed).
            let forged = ExportPlan(
                outputRoot: root,
                files: [
                    PlannedFile(path: "a.txt", bytes: Array("A\n".utf8), cells: [], notebook: "nb"),
                    PlannedFile(path: target, bytes: Array("X\n".utf8), cells: [], notebook: "nb"),
                ])
            #expect(throws: Diagnostic.self) { try PlanWriter(allowsOutsideRoot: true).apply(forged) }
            #expect(!FileManager.default.fileExists(atPath: root + "/a.txt"), "\(target): a.txt written before")
        }
        #expect(kind(root + "/link.txt") == S_IFLNK)
        #expect(CoreTestSupport.read(root + "/real.txt") == Array("real\n".utf8))
        #expect(kind(root + "/dir.txt") == S_IFDIR)
        // The planner refuses the link too, located.
        let planned = try plan(["%%writefile link.txt\nX"], root: root, allowingOutside: true)
        #expect(planned.rejectedCells.first?.message.contains("symbolic link") == true)
    }

    // MARK: - Item 4: a NUL byte in a name

    @Test("a NUL byte in a %%writefile name is IPython's ValueError, located; no file 'o' is written")
    func nulInName() throws {
        let root = try CoreTestSupport.temporaryFolder()
        let planned = try plan(["%%writefile ok.txt\nfine", "%%writefile o\u{0}ut.txt\nx"], root: root)
        #expect(planned.files.map(\.path) == ["ok.txt"])
        #expect(planned.rejectedCells.map(\.cellID) == ["c1"])
        #expect(planned.rejectedCells.first?.message == "ValueError: embedded null byte")
        let json = CoreTestSupport.notebookJSON(["%%writefile ok.txt\nfine", "%%writefile o\u{0}ut.txt\nx"])
        try CoreTestSupport.write(json, to: root + "/nb.ipynb")
        let strict = try nb2swift([root + "/nb.ipynb"])
        #expect(strict.status == 2)
        // Located at the magic line's text inside the notebook's JSON (the whole file is one line here).
        let column = try #require(json.range(of: "%%writefile o\\u0000ut")).lowerBound.utf16Offset(in: json) + 1
        #expect(
            strict.stderr.contains(
                "nb.ipynb:1:\(column): error: cell 1 (id \"c1\"): ValueError: embedded null byte\n"
                    + "    | %%writefile o\u{2400}ut.txt\n    | ^\n"))
        #expect(CoreTestSupport.files(under: root) == ["nb.ipynb"])
        let lenient = try nb2swift(["--allow-errors", root + "/nb.ipynb"])
        #expect(lenient.status == 3)
        #expect(CoreTestSupport.files(under: root) == ["nb.ipynb", "ok.txt"])
    }

    // MARK: - Item 5: notebooks and scripts that are not regular files, or too large

    @Test("a FIFO named x.ipynb and a link to /dev/zero give one-line errors naming the file, without hanging")
    func irregularNotebooks() throws {
        let folder = try CoreTestSupport.temporaryFolder("irregular")
        #expect(mkfifo(folder + "/x.ipynb", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/z.ipynb", withDestinationPath: "/dev/zero")
        #expect(mkfifo(folder + "/s.swift", 0o644) == 0)
        for (arguments, name, what) in [
            ([folder + "/x.ipynb"], "x.ipynb", "FIFO"), ([folder + "/z.ipynb"], "z.ipynb", "character device"),
            (["ipynb", folder + "/s.swift"], "s.swift", "FIFO"),
        ] {
            let run = try nb2swift(arguments, timeout: 20)
            #expect(!run.timedOut, "\(name) hangs")
            #expect(run.status == 2, "\(name): \(run.stderr)")
            let errors = run.errorLines.filter { $0.contains(name) }
            #expect(errors.count == 1 && errors[0].contains(what), "\(name): \(run.stderr)")
            #expect(run.errorLines.count <= 2, "\(name): \(run.stderr)")
        }
    }

    @Test("a notebook above --max-input-size is refused, naming the file and the flag; the flag raises the limit")
    func inputSizeLimit() throws {
        let folder = try CoreTestSupport.temporaryFolder("size")
        let json = CoreTestSupport.notebookJSON(
            ["%%writefile a.txt\n" + String(repeating: "a", count: 5_000)])
        try CoreTestSupport.write(json, to: folder + "/nb.ipynb")
        let small = try nb2swift(["--max-input-size", "4K", folder + "/nb.ipynb"])
        #expect(small.status == 2)
        #expect(small.stderr.contains("nb.ipynb") && small.stderr.contains("--max-input-size"), "\(small.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/a.txt"))
        let raised = try nb2swift(["-q", "--max-input-size", "1MiB", folder + "/nb.ipynb"])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/a.txt"))
        for bad in ["0", "-5", "lots", "12QB", "99999999999999999999"] {
            let run = try nb2swift(["--max-input-size=\(bad)", folder + "/nb.ipynb"])
            #expect(run.status == 2, "\(bad)")
            #expect(run.stderr.contains("positive byte count"), "\(bad): \(run.stderr)")
        }
    }

    // MARK: - Item 6: names checked when planning; temporaries always fit

    @Test("a legal 250-byte name between two cells is written (the temporary's name is shortened)")
    func longLegalName() throws {
        let folder = try CoreTestSupport.temporaryFolder("long")
        let long = String(repeating: "n", count: 246) + ".txt"
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile a.txt\nA", "%%writefile \(long)\nL", "%%writefile c.txt\nC"]),
            to: folder + "/nb.ipynb")
        let run = try nb2swift([folder + "/nb.ipynb"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.errorLines == ["Writing a.txt", "Writing \(long)", "Writing c.txt"])
        #expect(CoreTestSupport.files(under: folder) == [long, "a.txt", "c.txt", "nb.ipynb"].sorted())
        #expect(CoreTestSupport.read(folder + "/" + long) == Array("L\n".utf8))
    }

    @Test("a name component over 255 bytes or a path over 4095 bytes is rejected when planned: nothing is written")
    func tooLongNames() throws {
        let folder = try CoreTestSupport.temporaryFolder("too-long")
        let component = String(repeating: "x", count: 256)
        let deep = Array(repeating: String(repeating: "d", count: 250), count: 17).joined(separator: "/") + "/f.txt"
        for (name, reason) in [(component, "File name too long"), (deep, "4095")] {
            try CoreTestSupport.write(
                CoreTestSupport.notebookJSON(["%%writefile a.txt\nA", "%%writefile \(name)\nL", "%%writefile c.txt\nC"]
                ),
                to: folder + "/nb.ipynb")
            let run = try nb2swift([folder + "/nb.ipynb"])
            #expect(run.status == 2)
            #expect(run.stderr.contains("cell 1 (id \"c1\")") && run.stderr.contains(reason), "\(run.stderr)")
            #expect(!run.stderr.contains("Writing"), "a Writing line for a file never written: \(run.stderr)")
            #expect(CoreTestSupport.files(under: folder) == ["nb.ipynb"])
        }
    }

    // MARK: - Item 7: orphans are removed by a --header run

    @Test("regenerating with --header removes the orphans of its notebook (and says so), so --check passes")
    func orphansAreRemoved() throws {
        let folder = try CoreTestSupport.temporaryFolder("orphans")
        let notebook = folder + "/nb.ipynb"
        let outside = try CoreTestSupport.temporaryFolder("orphans-outside")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(
                ["%%writefile gen/a.swift\nlet a = 1", "%%writefile gen/b.swift\nB", "%%writefile gen/c.swift\nC"]),
            to: notebook)
        #expect(try nb2swift(["-q", "--header", notebook]).status == 0)
        // Files with a header of another notebook, and behind a link to a folder outside, are not this run's.
        try CoreTestSupport.write(GeneratedHeader.line(notebook: "other.ipynb") + "\nO\n", to: folder + "/gen/o.swift")
        try CoreTestSupport.write(GeneratedHeader.line(notebook: "nb.ipynb") + "\nL\n", to: outside + "/l.swift")
        try FileManager.default.createSymbolicLink(atPath: folder + "/gen/linked", withDestinationPath: outside)
        // b.swift's cell is removed.
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile gen/a.swift\nlet a = 1", "%%writefile gen/c.swift\nC"]),
            to: notebook)
        #expect(try nb2swift(["--check", "--header", notebook]).status == 1)
        let run = try nb2swift(["--header", notebook], in: folder)
        #expect(run.status == 0)
        #expect(run.stderr.contains("Removing gen/b.swift\n"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/gen/b.swift"))
        #expect(FileManager.default.fileExists(atPath: folder + "/gen/o.swift"))
        #expect(FileManager.default.fileExists(atPath: outside + "/l.swift"))
        #expect(try nb2swift(["--check", "--header", notebook]).status == 0)
        // -q silences it; a run with a rejected cell keeps its notebook's files (the cell may be the one writing them).
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile gen/a.swift\nlet a = 1", "%%writefile gen/c.swift\nC"]),
            to: notebook)
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile gen/a.swift\nlet a = 1", "%%writefile gen/c.swift unquoted\nC"]),
            to: notebook)
        let rejected = try nb2swift(["--allow-errors", "--header", notebook], in: folder)
        #expect(rejected.status == 3)
        #expect(FileManager.default.fileExists(atPath: folder + "/gen/c.swift"))
        try CoreTestSupport.write(CoreTestSupport.notebookJSON(["%%writefile gen/a.swift\nlet a = 1"]), to: notebook)
        let quiet = try nb2swift(["-q", "--header", notebook], in: folder)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/gen/c.swift"))
    }
}
