import Foundation
import Testing

@testable import NotebookKit

/// Runs over many inputs: the inputs are prepared and the files written on every core, and what a run plans, reports
/// and writes must still be what converting the notebooks one after the other gives.
@Suite("Bulk runs: parallel preparing and writing, same results as one by one")
struct BulkConversionTests {
    /// A folder of `count` notebooks whose outputs collide in every way a run can see: the same file overwritten or
    /// appended to by several notebooks, a `%%writefile` naming another notebook's script, a rejected cell, plain
    /// Swift notebooks. Returns the notebooks' paths in name order.
    private static func collidingNotebooks(count: Int, in folder: String) throws -> [String] {
        var paths: [String] = []
        for index in 0..<count {
            let name = String(format: "nb%03d", index)
            let sources: [String]
            switch index % 6 {
            case 0: sources = ["let a\(index) = \(index)\nprint(a\(index))", "%time x = 1", "// %% not a marker"]
            case 1: sources = ["%%writefile shared.txt\noverwritten by \(index)", "let b = 2"]
            case 2: sources = ["%%writefile -a log.txt\nentry \(index)", "%%writefile -a log.txt\nagain \(index)"]
            case 3:
                sources = ["%%writefile own/\(name).swift\nlet own = \(index)", "  %%writefile own/x\(index).txt\nx"]
            case 4: sources = ["%%writefile\nno file name", "%%writefile ok\(index).txt\nfine"]
            default: sources = [String(format: "%%%%writefile nb%03d.swift\nclaims a script", index - 5), "let z = 0"]
            }
            let path = folder + "/" + name + ".ipynb"
            try CoreTestSupport.write(CoreTestSupport.notebookJSON(sources), to: path)
            paths.append(path)
        }
        return paths
    }

    /// What planning `inputs` one after the other against one virtual file system gives, without the preparing step
    /// (each planner's own `plan(_:source:files:)`), colliding claims removed as a run removes them.
    private static func plansOneByOne(_ inputs: [ConversionInput], options: ConversionOptions) throws -> [ExportPlan] {
        let conversion = Conversion(options)
        let planner = options.makePlanner()
        let reader = options.makeReader(for: planner)
        var files = VirtualFileSystem()
        var plans: [ExportPlan] = []
        for input in inputs {
            guard let (notebook, _, _) = try reader.read(input) else { continue }
            plans += planner.plan(notebook, source: conversion.source(for: input), files: &files)
        }
        _ = Conversion.removingCollisions(&plans, displayBase: options.displayBase)
        return plans
    }

    @Test(
        "many colliding notebooks: the plans are those of one notebook after another, the report and the files the same on every run",
        arguments: [
            ConversionOptions.Mode.scripts, .files(scriptsWhenNoFiles: true), .files(scriptsWhenNoFiles: false),
        ])
    func collidingBulkRun(target: ConversionOptions.Mode) throws {
        let folder = try CoreTestSupport.temporaryFolder("bulk")
        let paths = try Self.collidingNotebooks(count: 72, in: folder + "/notebooks")
        let out = folder + "/out"
        var options = ConversionOptions(mode: target, outputFolder: out, allowsErrors: true, displayBase: folder)
        options.addsHeader = target == .scripts
        let inputs = try ConversionInput.discover([folder + "/notebooks"], suffix: ".ipynb")
        #expect(inputs.map(\.path) == paths)
        let expectedPlans = try Self.plansOneByOne(inputs, options: options)
        #expect(expectedPlans.count == 72)

        var reports: [[ConversionReport.Entry]] = []
        var outputs: [[String: [UInt8]]] = []
        for _ in 0..<3 {
            try? FileManager.default.removeItem(atPath: out)
            let report = Conversion(options).run([folder + "/notebooks"])
            #expect(report.status == .partial)
            #expect(report.plans == expectedPlans)
            reports.append(report.entries)
            var files: [String: [UInt8]] = [:]
            for file in CoreTestSupport.files(under: out) { files[file] = CoreTestSupport.read(out + "/" + file) }
            outputs.append(files)
        }
        #expect(reports[1] == reports[0])
        #expect(reports[2] == reports[0])
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])

        // Every planned file is on disk with its planned bytes, and nothing else is.
        var planned: [String: [UInt8]] = [:]
        for plan in expectedPlans {
            for file in plan.files { planned[file.path] = file.bytes }
        }
        #expect(outputs[0] == planned)
        #expect(!planned.isEmpty)
        // The collisions are reported in input order, naming both notebooks.
        let lines = reports[0].compactMap { entry -> String? in
            if case .diagnostic(let diagnostic) = entry { diagnostic.message } else { nil }
        }
        let errors = lines.filter { $0.contains("is claimed by both") }
        func claim(_ file: String, _ first: String, _ second: String) -> String {
            let notebooks = folder + "/notebooks/"
            return "out/\(file) is claimed by both \(notebooks)nb\(first).ipynb and "
                + "\(notebooks)nb\(second).ipynb (convert them into different -o folders, or rename one)"
        }
        #expect(errors.contains(claim("shared.txt", "001", "007")))
        #expect(errors.contains(claim("log.txt", "002", "008")))
        #expect(errors.contains(claim("nb000.swift", "000", "005")) == (target != .files(scriptsWhenNoFiles: false)))
        // In input order of the later claimant, as one notebook after another finds them.
        let laterClaimants = errors.map { error in
            error.ranges(of: "/notebooks/nb").last.map { String(error[$0.upperBound...].prefix(3)) } ?? ""
        }
        #expect(laterClaimants == laterClaimants.sorted())
        #expect(errors.count >= 20)
        // A rejected cell is reported with its notebook, index and id.
        #expect(
            reports[0].contains { entry in
                guard case .diagnostic(let diagnostic) = entry else { return false }
                return diagnostic.file == folder + "/notebooks/nb004.ipynb" && diagnostic.cellIndex == 0
                    && diagnostic.cellID == "c0"
            })
    }

    @Test("a bulk --check after a bulk write finds nothing, and writes nothing")
    func bulkCheck() throws {
        let folder = try CoreTestSupport.temporaryFolder("bulk")
        _ = try Self.collidingNotebooks(count: 36, in: folder + "/notebooks")
        let out = folder + "/out"
        var options = ConversionOptions(mode: .scripts, outputFolder: out, allowsErrors: true, displayBase: folder)
        _ = Conversion(options).run([folder + "/notebooks"])
        let before = CoreTestSupport.files(under: out)
        options.action = .check
        let check = Conversion(options).run([folder + "/notebooks"])
        #expect(check.findings.isEmpty)
        #expect(CoreTestSupport.files(under: out) == before)
    }

    /// A plan of `count` files `f<i>.txt` spread over `folders`, holding `bytes(i)`.
    private static func plan(
        root: String, count: Int, folders: [String], bytes: (Int) -> [UInt8]
    ) -> ExportPlan {
        ExportPlan(
            outputRoot: root,
            files: (0..<count).map { index in
                PlannedFile(
                    path: folders[index % folders.count] + "/f\(index).txt", bytes: bytes(index), cells: [],
                    notebook: "nb.ipynb")
            })
    }

    @Test("writing hundreds of files on every core: each whole, existing permissions kept, right files left alone")
    func parallelWrites() throws {
        let root = try CoreTestSupport.temporaryFolder("bulk-write")
        let folders = ["a", "b/c", "d/e/f"]
        // Some files exist already: every fourth with other bytes and mode 0600, every fourth + 1 already right.
        for index in 0..<300 where index % 4 < 2 {
            let path = root + "/" + folders[index % 3] + "/f\(index).txt"
            try CoreTestSupport.write(index % 4 == 0 ? Array("old".utf8) : Array("new \(index)\n".utf8), to: path)
            if index % 4 == 0 { chmod(path, 0o600) }
        }
        let plan = Self.plan(root: root, count: 300, folders: folders) { Array("new \($0)\n".utf8) }
        var events: [PlanWriter.Event] = []
        let report = try PlanWriter().apply([plan]) { events.append($0) }
        #expect(report.files.map(\.file.path) == plan.files.map(\.path))
        #expect(events.count == 300)
        #expect(events == report.files.map { .wrote(path: $0.path, outcome: $0.outcome) })
        let mask = umask(0o022)
        umask(mask)
        for (index, entry) in report.files.enumerated() {
            #expect(entry.outcome == (index % 4 == 1 ? .unchanged : .written), "f\(index)")
            #expect(CoreTestSupport.read(entry.path) == Array("new \(index)\n".utf8))
            var info = stat()
            #expect(stat(entry.path, &info) == 0)
            #expect(info.st_mode & 0o777 == (index % 4 == 0 ? 0o600 : 0o644 & ~mask), "f\(index)")
        }
        #expect(CoreTestSupport.files(under: root).count == 300)
        #expect(
            !CoreTestSupport.files(under: root).contains {
                OutputName.isTemporaryName(($0 as NSString).lastPathComponent)
            })
    }

    @Test("a file named twice: the later bytes stay, as when writing one after the other")
    func sameFileTwice() throws {
        let root = try CoreTestSupport.temporaryFolder("bulk-write")
        // Each file twice in a row, the first time with far more bytes (slower to write): written concurrently, the
        // first write could land last.
        let files = (0..<200).flatMap { index in
            [
                PlannedFile(
                    path: "x/f\(index).txt", bytes: [UInt8](repeating: 65, count: 1 << 16), cells: [],
                    notebook: "a.ipynb"),
                PlannedFile(
                    path: "x/f\(index).txt", bytes: Array("second \(index)\n".utf8), cells: [], notebook: "b.ipynb"),
            ]
        }
        let report = try PlanWriter().apply([ExportPlan(outputRoot: root, files: files)])
        #expect(report.files.count == 400)
        for index in 0..<200 {
            #expect(CoreTestSupport.read(root + "/x/f\(index).txt") == Array("second \(index)\n".utf8))
        }
    }

    @Test("writing on every core still refuses a symbolic link to a folder outside the root, before any write")
    func parallelWritesRefuseLinks() throws {
        let root = try CoreTestSupport.temporaryFolder("bulk-write")
        let outside = try CoreTestSupport.temporaryFolder("outside")
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: outside)
        try FileManager.default.createDirectory(atPath: root + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/in", withDestinationPath: root + "/real")
        // Most files go to plain folders; the last ones through the link that leaves the root.
        let plan = Self.plan(root: root, count: 200, folders: ["ok", "in", "ok/deeper", "out"]) { _ in [1, 2, 3] }
        #expect(throws: Diagnostic.self) { try PlanWriter().apply(plan) }
        #expect(CoreTestSupport.files(under: outside).isEmpty)
        #expect(CoreTestSupport.files(under: root + "/real").isEmpty, "nothing is written before every file is checked")
        #expect(!FileManager.default.fileExists(atPath: root + "/ok"))
        // Without the outside link, the link inside the root is followed inside it.
        let inside = Self.plan(root: root, count: 150, folders: ["ok", "in", "ok/deeper"]) { _ in [1, 2, 3] }
        try PlanWriter().apply(inside)
        #expect(CoreTestSupport.files(under: root + "/real").count == 50)
        #expect(CoreTestSupport.files(under: outside).isEmpty)
    }

    @Test("a folder of more folders than the writer holds open at once is written in batches, in order")
    func manyFolders() throws {
        let root = try CoreTestSupport.temporaryFolder("bulk-write")
        let folders = (0..<(PlanWriter.maximumOpenFolders * 2 + 7)).map { "d\($0)" }
        let plan = Self.plan(root: root, count: folders.count * 2, folders: folders) { Array("\($0)".utf8) }
        var events: [String] = []
        try PlanWriter().apply([plan]) { if case .wrote(let path, _) = $0 { events.append(path) } }
        #expect(events == plan.files.map { root + "/" + $0.path })
        for (index, file) in plan.files.enumerated() {
            #expect(CoreTestSupport.read(root + "/" + file.path) == Array("\(index)".utf8))
        }
    }

    @Test("the shortcut for cells without `%%` gives what the full interpretation gives, for every IPython version")
    func cellsWithoutDoublePercent() {
        let pieces = [
            "%%writefile x.txt\n", "%writefile y\n", "%%time\n", ">>> ", "... ", "In [1]: ", "   ...: ", "  ", "\t",
            "\n", "\r\n", "% %", "%", "print(1)\n", "%%capture\n", "%%writefile? \n", "[ins] In [2]: ", "%%file z\n",
            "é", "#",
        ]
        var generator = SplitMix(seed: 15)
        var sources: [String] = []
        for _ in 0..<3000 {
            let count = Int(generator.next() % 6) + 1
            sources.append((0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        var magicCells = 0
        for version in IPythonVersion.allCases {
            let interpreter = CellInterpreter(version: version)
            for source in sources {
                let full = interpreter.effect(ofCode: source, printsMessage: true, depth: 0)
                #expect(interpreter.effect(ofCode: source) == full, "\(version): \(source.debugDescription)")
                if full != .none { magicCells += 1 }
            }
        }
        #expect(magicCells > 1000, "the sample must hold many cell magics")
    }

    @Test(
        "cell sources with a quote, backslash escape, control character or non-ASCII byte at every offset read exactly")
    func stringScanning() throws {
        // Escaped in JSON: a quote, a backslash, a line feed, a tab, a \u escape; raw: non-ASCII text.
        let specials = ["\\\"", "\\\\", "\\n", "\\t", "\\u00e9", "é", "🙂", "\\ud83d\\ude42"]
        let decoded = ["\"", "\\", "\n", "\t", "é", "é", "🙂", "🙂"]
        for (special, expected) in zip(specials, decoded) {
            for offset in 0..<20 {
                let prefix = String(repeating: "a", count: offset)
                let suffix = String(repeating: "b", count: 19 - offset)
                let json = """
                    {"cells": [{"cell_type": "code", "id": "c", "metadata": {}, "outputs": [], "execution_count": null,
                    "source": ["\(prefix)\(special)\(suffix)", "\(suffix)\(special)"]}],
                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                    """
                let notebook = try NotebookReader().read(bytes: Array(json.utf8), displayName: "s.ipynb")
                #expect(
                    notebook.cells.first?.source == prefix + expected + suffix + suffix + expected,
                    "\(special) at \(offset)")
            }
        }
        // A raw control character or invalid UTF-8 at any offset is an error on the right line.
        for offset in 0..<20 {
            for bad: [UInt8] in [[0x01], [0xFF], [0xC3]] {
                var bytes = Array("{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [],\n".utf8)
                bytes += Array("\"execution_count\": null, \"source\": [\"ok\", \"".utf8)
                bytes += Array(repeating: UInt8(ascii: "a"), count: offset) + bad + Array("x\"]}],\n".utf8)
                bytes += Array("\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}".utf8)
                #expect(throws: Diagnostic.self) { try NotebookReader().read(bytes: bytes, displayName: "s.ipynb") }
                do { _ = try NotebookReader().read(bytes: bytes, displayName: "s.ipynb") } catch {
                    #expect(error.line == 2, "\(bad) at \(offset): \(error)")
                }
            }
        }
    }

    @Test("line feeds counted eight bytes at a time: the same count as byte by byte, at every offset and length")
    func lineFeedCounting() {
        var generator = SplitMix(seed: 11)
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0B, 0x09, 0x8A, 0x0A ^ 0x80, 0xFF, 0x00, 0x61, 0x7F]
        for _ in 0..<500 {
            // Up to 700 bytes, some with line feeds far apart (so that both ways of counting take turns).
            let sparse = generator.next() % 2 == 0
            let bytes = (0..<Int(generator.next() % 700)).map { _ in
                sparse && generator.next() % 50 != 0 ? 0x61 : alphabet[Int(generator.next() % 10)]
            }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...min(buffer.count, 9) {
                    let slice = UnsafeBufferPointer(rebasing: buffer[start...])
                    #expect(JSONScanner.lineFeeds(in: slice) == slice.filter { $0 == 0x0A }.count)
                }
            }
        }
    }

    @Test("lines at line feeds: the same cut as splitting the bytes, carriage returns and non-ASCII text kept")
    func linesAtLineFeeds() {
        let pieces = ["a", "\n", "\r\n", "\r", "é", "🙂", "", "\n\n", "e\u{301}", " "]
        var generator = SplitMix(seed: 7)
        for _ in 0..<2000 {
            let count = Int(generator.next() % 8)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let expected = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { Array($0) }
            #expect(text.linesAtLineFeeds.map { Array($0.utf8) } == expected, "\(text.debugDescription)")
            #expect(text.linesAtLineFeeds.joined(separator: "\n") == text)
        }
    }
}

/// A small seeded generator, so that the sampled cases are the same on every run.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
