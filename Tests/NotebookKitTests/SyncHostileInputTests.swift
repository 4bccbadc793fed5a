import Foundation
import Testing

@testable import NotebookKit

/// A folder to run `nb2swift export` and `update` in, with notebooks under `nbs/`.
private struct SyncWorkspace {
    let root: String

    init(_ label: String = "sync") throws { root = try CoreTestSupport.temporaryFolder(label) }

    /// Writes a notebook of code cells `(id, source)` at `path` (relative), in Jupyter's layout (`indent=1`).
    func notebook(_ path: String, _ cells: [(id: String, source: String)]) throws {
        var text = "{\n \"cells\": ["
        for (position, cell) in cells.enumerated() {
            var id = ""
            var source = ""
            NotebookWriter.writeString(cell.id, into: &id)
            NotebookWriter.writeString(cell.source, into: &source)
            text += (position == 0 ? "" : ",") + "\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n"
            text += "   \"id\": \(id),\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": \(source)\n  }"
        }
        text += "\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
        try CoreTestSupport.write(text, to: root + "/" + path)
    }

    /// Runs `nb2swift` here.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CoreTestSupport.run(try #require(CoreTestSupport.executable), arguments, in: root)
    }

    func read(_ path: String) -> [UInt8]? { CoreTestSupport.read(root + "/" + path) }

    func text(_ path: String) -> String? { read(path).map { String(decoding: $0, as: UTF8.self) } }

    func write(_ text: String, to path: String) throws { try CoreTestSupport.write(text, to: root + "/" + path) }

    /// The files of the state folder under `folder` (relative, `.` by default).
    func stateFiles(in folder: String = ".") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder + "/.nb2swift")) ?? []).sorted()
            .map { folder + "/.nb2swift/" + $0 }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// `nbs/core.ipynb`: `a` and `b` exported nbdev-style to `Sources/Core/core.swift`, with `b = value`.
private func coreCells(b value: String) -> [(id: String, source: String)] {
    [("c0", "//| default_exp Core\n//| export\npublic let a = 1"), ("c1", "//| export\npublic let b = \(value)")]
}

/// Whether this process may mount a small tmpfs (root in a sandbox that allows it).
private let canMountTmpfs: Bool = {
    guard getuid() == 0, let folder = try? CoreTestSupport.temporaryFolder("mount-probe") else { return false }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder]
    guard let mount = try? CoreTestSupport.run(URL(fileURLWithPath: "/bin/mount"), arguments), mount.status == 0
    else { return false }
    _ = try? CoreTestSupport.run(URL(fileURLWithPath: "/bin/umount"), [folder])
    return true
}()

/// Hostile inputs to the two-way sync (`export`, `update`): nothing a user wrote is lost, and where nb2swift cannot
/// verify that a write is safe it refuses, naming the file, what it could not verify and `--force`.
@Suite(
    "Hostile input to export and update: no edit lost, all or nothing",
    .enabled(
        if: MarkersTestSupport.executableHasMarkerSubcommands,
        "the nb2swift executable was not built next to the tests, or has no export/update subcommands yet"))
struct SyncHostileInputTests {
    // MARK: - Item 1: export overwrites only what it can vouch for

    /// Exports `core.ipynb`, edits `b` in the exported file, runs `damage`, changes the notebook's `b`, and exports
    /// again: the export must refuse (naming the file and --force) and keep the edit.
    private func editThenReexport(damage: (SyncWorkspace) throws -> Void, expecting words: [String]) throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
        let module = "Sources/Core/core.swift"
        try work.write(try #require(work.text(module)).replacingOccurrences(of: "b = 2", with: "b = 99"), to: module)
        try damage(work)
        let edited = try #require(work.text(module))
        try work.notebook("nbs/core.ipynb", coreCells(b: "3"))
        let run = try work.run(["export", "nbs/core.ipynb", "-o", "."])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(module) && run.stderr.contains("--force"), "\(run.stderr)")
        for word in words { #expect(run.stderr.contains(word), "\(word): \(run.stderr)") }
        #expect(work.text(module) == edited, "the edit was overwritten")
        // --force overrides, and says what it overwrote by writing it.
        let forced = try work.run(["export", "--force", "nbs/core.ipynb", "-o", "."])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(work.text(module)?.contains("public let b = 3") == true)
    }

    @Test("the state file missing: the edited file is refused, not overwritten; --force overwrites it")
    func missingState() throws {
        try editThenReexport(
            damage: { work in try FileManager.default.removeItem(atPath: work.root + "/.nb2swift") },
            expecting: ["no export state"])
    }

    @Test("the state file truncated: refused")
    func truncatedState() throws {
        try editThenReexport(
            damage: { work in
                for state in work.stateFiles() {
                    let bytes = try #require(work.read(state))
                    try CoreTestSupport.write(Array(bytes.prefix(bytes.count * 2 / 3)), to: work.root + "/" + state)
                }
            }, expecting: [])
    }

    @Test("one bad line in the state file: refused")
    func badStateLine() throws {
        try editThenReexport(
            damage: { work in
                for state in work.stateFiles() {
                    let text = try #require(work.text(state))
                    try work.write(text.replacingOccurrences(of: "Sources/Core", with: "Sources/Kore"), to: state)
                }
            }, expecting: [])
    }

    @Test("the exported file converted to CR LF and edited: refused; converted only: written")
    func crlfFile() throws {
        try editThenReexport(
            damage: { work in
                let module = "Sources/Core/core.swift"
                let text = try #require(work.text(module))
                try work.write(text.replacingOccurrences(of: "\n", with: "\r\n"), to: module)
            }, expecting: ["was edited"])
        // Only the line endings changed: nothing is lost, so the export goes ahead.
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
        let module = "Sources/Core/core.swift"
        try work.write(try #require(work.text(module)).replacingOccurrences(of: "\n", with: "\r\n"), to: module)
        try work.notebook("nbs/core.ipynb", coreCells(b: "3"))
        let run = try work.run(["export", "nbs/core.ipynb", "-o", "."])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(work.text(module)?.contains("public let b = 3\n") == true)
    }

    @Test("a file that exists before the first export is refused unless it is what the export writes")
    func existingFileWithoutHistory() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        let module = "Sources/Core/core.swift"
        try work.write("// my own code\nlet mine = 1\n", to: module)
        let run = try work.run(["export", "nbs/core.ipynb", "-o", "."])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(module): error: the file exists and differs"), "\(run.stderr)")
        #expect(work.text(module) == "// my own code\nlet mine = 1\n")
        #expect(work.stateFiles().isEmpty, "nothing written")
        // The same bytes as the export's: nothing to lose.
        try FileManager.default.removeItem(atPath: work.root + "/Sources")
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
        let exported = try #require(work.read(module))
        try FileManager.default.removeItem(atPath: work.root + "/.nb2swift")
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
        #expect(work.read(module) == exported)
    }

    @Test("two notebooks with one name in different folders keep separate states: an edit of one is not lost")
    func sameStemTwoFolders() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/a/core.ipynb", [("a0", "//| default_exp A\n//| export\npublic let a = 1")])
        try work.notebook("nbs/b/core.ipynb", [("b0", "//| default_exp B\n//| export\npublic let b = 1")])
        #expect(try work.run(["export", "nbs", "-o", "."]).status == 0)
        #expect(work.stateFiles().count == 2, "\(work.stateFiles())")
        let module = "Sources/A/core.swift"
        let edited = try #require(work.text(module)).replacingOccurrences(of: "a = 1", with: "a = 11")
        try work.write(edited, to: module)
        let run = try work.run(["export", "nbs", "-o", "."])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(
            run.stderr.contains("\(module):4:1: error: the block of cell a0 (nbs/a/core.ipynb) was edited"),
            "\(run.stderr)")
        #expect(work.text(module) == edited)
        // update brings it back through a's own state.
        let update = try work.run(["update", "nbs/a/core.ipynb", "-o", "."])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(try work.run(["export", "--check", "nbs", "-o", "."]).status == 0)
        #expect(work.text(module) == edited)
    }

    @Test("a cell id with a tab or a line feed is refused by name; no state is written")
    func controlCharacterIDs() throws {
        for id in ["x\ty", "x\ny"] {
            let work = try SyncWorkspace()
            defer { work.remove() }
            try work.notebook(
                "nbs/core.ipynb",
                [("c0", "//| default_exp Core\n//| export\npublic let a = 1"), (id, "//| export\nlet b = 2")])
            let run = try work.run(["export", "nbs/core.ipynb", "-o", "."])
            #expect(run.status == 2, "\(run.stderr)")
            let errors = run.stderr.split(separator: "\n")
            #expect(errors.count == 2, "one line per problem: \(run.stderr)")
            #expect(errors.first?.contains("cannot name the cell in a marker line") == true, "\(run.stderr)")
            #expect(work.stateFiles().isEmpty && work.read("Sources/Core/core.swift") == nil)
        }
    }

    @Test("a state in the first format vouches for no whole file: refused unless the file is what export writes")
    func legacyState() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
        // What the first format recorded for this export.
        let module = "Sources/Core/core.swift"
        try FileManager.default.removeItem(atPath: work.root + "/.nb2swift")
        try work.write(
            "# nb2swift export state: nbdev nbs/core.ipynb\n# old\n"
                + "\(module)\tc0\t\(StableHash.hex("public let a = 1"))\n\(module)\tc1\t\(StableHash.hex("public let b = 2"))\n",
            to: ".nb2swift/core.nbdev-state")
        try work.notebook("nbs/core.ipynb", coreCells(b: "3"))
        let run = try work.run(["export", "nbs/core.ipynb", "-o", "."])
        #expect(run.status == 2)
        #expect(run.stderr.contains("older nb2swift"), "\(run.stderr)")
        // update reads it: the notebook changed, the file did not, so there is nothing to bring back.
        let update = try work.run(["update", "nbs/core.ipynb", "-o", "."])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stderr.contains("newer in the notebook"), "\(update.stderr)")
        #expect(work.text(module)?.contains("b = 3") == true, "update re-exports and records the new state")
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
    }

    @Test("update refuses a file whose header was edited (the re-export would drop it); trimmed spaces are no edit")
    func headerEdits() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/01_core.ipynb", [("c0", "// export\npublic let a = 1"), ("c1", "// export\nlet b = 2")])
        #expect(try work.run(["export", "--style", "swiftai", "nbs/01_core.ipynb", "-o", "."]).status == 0)
        let exported = try #require(work.text("Core.swift"))
        let edited = exported.replacingOccurrences(of: "let b = 2", with: "let b = 20")
        // A note of one's own above the first marker: update cannot put it in a cell, and says so.
        try work.write("// my note\n" + edited, to: "Core.swift")
        let refused = try work.run(["update", "--style", "swiftai", "nbs/01_core.ipynb", "-o", "."])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("Core.swift:1:1: error: the text above the first marker"), "\(refused.stderr)")
        #expect(work.text("Core.swift") == "// my note\n" + edited)
        // An editor that trims the header's trailing spaces changed nothing that matters.
        let trimmed = edited.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
        #expect(trimmed != edited)
        try work.write(trimmed, to: "Core.swift")
        let update = try work.run(["update", "--style", "swiftai", "nbs/01_core.ipynb", "-o", "."])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(
            try NotebookReader().read(contentsOf: work.root + "/nbs/01_core.ipynb").cells[1].source
                == "// export\nlet b = 20")
        #expect(work.text("Core.swift") == edited, "the re-export restores the header")
    }

    @Test("fastai-style files are protected too: an edited Package.swift is not overwritten")
    func fastaiEdits() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/01_core.ipynb", [("c0", "// export\npublic let a = 1")])
        #expect(try work.run(["export", "--style", "fastai", "nbs/01_core.ipynb", "-o", "."]).status == 0)
        let manifest = "FastaiNotebook_01_core/Package.swift"
        let edited = try #require(work.text(manifest)) + "// my dependency\n"
        try work.write(edited, to: manifest)
        try work.notebook("nbs/01_core.ipynb", [("c0", "// export\npublic let a = 2")])
        let run = try work.run(["export", "--style", "fastai", "nbs/01_core.ipynb", "-o", "."])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(manifest): error: the file was edited since the last export"), "\(run.stderr)")
        #expect(work.text(manifest) == edited)
    }

    // MARK: - Item 2: JSON that repeats a key

    @Test("a notebook that repeats a key is refused in every mode, naming the key and its line; nothing is written")
    func duplicateKeys() throws {
        let work = try SyncWorkspace("dup")
        defer { work.remove() }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        #expect(try work.run(["export", "nbs/core.ipynb", "-o", "."]).status == 0)
        let module = "Sources/Core/core.swift"
        try work.write(try #require(work.text(module)).replacingOccurrences(of: "b = 2", with: "b = 20"), to: module)
        let original = try #require(work.text("nbs/core.ipynb"))
        let sourceLine = "   \"source\": \"//| export\\npublic let b = 2\""
        #expect(original.contains(sourceLine + "\n"))
        let twoSources = original.replacingOccurrences(
            of: sourceLine, with: "   \"source\": \"//| export\\npublic let b = 7\",\n" + sourceLine)
        let twoCellLists = original.replacingOccurrences(
            of: "{\n \"cells\": [", with: "{\n \"cells\": [],\n \"cells\": [")
        var repeatedInOutput = original
        let outputs = try #require(original.range(of: "\"outputs\": [],"))
        repeatedInOutput.replaceSubrange(outputs, with: "\"outputs\": [{\"name\": \"stdout\",\n \"name\": \"x\"}],")
        for (label, text, key, secondMarker) in [
            ("two sources", twoSources, "\"source\"", sourceLine),
            ("two cell lists", twoCellLists, "\"cells\"", " \"cells\": [\n"),
            ("an output", repeatedInOutput, "\"name\"", " \"name\": \"x\""),
        ] {
            #expect(text != original, "\(label): the fixture did not change")
            try work.write(text, to: "nbs/core.ipynb")
            let upToSecond = try #require(text.range(of: secondMarker, options: .backwards))
            let second = text[..<upToSecond.lowerBound].filter { $0 == "\n" }.count + 1
            for arguments in [
                ["update", "nbs/core.ipynb", "-o", "."], ["export", "--force", "nbs/core.ipynb", "-o", "."],
                ["files", "nbs/core.ipynb", "-o", "out"], ["script", "nbs/core.ipynb", "-o", "out"],
            ] {
                let run = try work.run(arguments)
                #expect(run.status == 2, "\(label), \(arguments[0]): \(run.stderr)")
                #expect(
                    run.stderr.contains("nbs/core.ipynb:\(second):")
                        && run.stderr.contains(
                            "the key \(key) appears twice in one object (first at line \(second - 1))"),
                    "\(label), \(arguments[0]): \(run.stderr)")
            }
            #expect(work.text("nbs/core.ipynb") == text, "\(label): the notebook was changed")
            #expect(!FileManager.default.fileExists(atPath: work.root + "/out"), "\(label): files were written")
        }
    }

    // MARK: - Item 3: two notebooks exporting one file

    @Test("two notebooks exporting one file: an error naming both, before anything is written")
    func collisions() throws {
        let nbdev = try SyncWorkspace("collide")
        defer { nbdev.remove() }
        try nbdev.notebook("nbs/one.ipynb", [("c0", "//| export Core/shared\npublic let a = 1")])
        try nbdev.notebook("nbs/two.ipynb", [("d0", "//| export Core/shared\npublic let b = 1")])
        let run = try nbdev.run(["export", "nbs", "-o", "."])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("Sources/Core/shared.swift is claimed by both nbs/one.ipynb and nbs/two.ipynb"),
            "\(run.stderr)")
        #expect(CoreTestSupport.files(under: nbdev.root) == ["nbs/one.ipynb", "nbs/two.ipynb"])

        let swiftai = try SyncWorkspace("collide")
        defer { swiftai.remove() }
        try swiftai.notebook("nbs/01_foo_bar.ipynb", [("c0", "// export\npublic let a = 1")])
        try swiftai.notebook("nbs/02_fooBar.ipynb", [("d0", "// export\npublic let b = 1")])
        let swiftaiRun = try swiftai.run(["export", "--style", "swiftai", "nbs", "-o", "."])
        #expect(swiftaiRun.status == 2)
        #expect(
            swiftaiRun.stderr.contains("FooBar.swift is claimed by both nbs/01_foo_bar.ipynb and nbs/02_fooBar.ipynb"),
            "\(swiftaiRun.stderr)")
        #expect(CoreTestSupport.files(under: swiftai.root) == ["nbs/01_foo_bar.ipynb", "nbs/02_fooBar.ipynb"])
    }

    // MARK: - Item 4: all or nothing

    @Test("a second notebook's bad target leaves the first one's files unwritten")
    func allOrNothingAcrossNotebooks() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/first.ipynb", [("c0", "//| export A\npublic let a = 1")])
        try work.notebook("nbs/second.ipynb", [("d0", "//| export B\npublic let b = 1")])
        try work.write("a file where the folder Sources/B goes\n", to: "Sources/B")
        let run = try work.run(["export", "nbs", "-o", "."])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Sources/B is a regular file, not a folder"), "\(run.stderr)")
        #expect(CoreTestSupport.files(under: work.root) == ["Sources/B", "nbs/first.ipynb", "nbs/second.ipynb"])
    }

    @Test("--add-ids gives ids in memory: a refused export leaves the notebook as it was")
    func addIDsAllOrNothing() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.write(
            CoreTestSupport.notebookJSON(["//| default_exp Core\n//| export\npublic let a = 1"])
                .replacingOccurrences(of: "\"id\":\"c0\",", with: ""), to: "nbs/core.ipynb")
        let before = try #require(work.read("nbs/core.ipynb"))
        try work.write("// a file of my own\n", to: "Sources/Core/core.swift")
        let refused = try work.run(["export", "--add-ids", "nbs/core.ipynb", "-o", "."])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(!refused.stderr.contains("gave ids"), "\(refused.stderr)")
        #expect(work.read("nbs/core.ipynb") == before, "the notebook was given ids although nothing was exported")
        #expect(work.text("Sources/Core/core.swift") == "// a file of my own\n")
        try FileManager.default.removeItem(atPath: work.root + "/Sources")
        let run = try work.run(["export", "--add-ids", "nbs/core.ipynb", "-o", "."])
        #expect(run.status == 0 && run.stderr.contains("nbs/core.ipynb: gave ids to 1 cell(s)"), "\(run.stderr)")
        #expect(try NotebookReader().read(contentsOf: work.root + "/nbs/core.ipynb").cells[0].id != nil)
        #expect(try work.run(["export", "--check", "nbs/core.ipynb", "-o", "."]).status == 0)
    }

    @Test(
        "update with the output folder on a full disk: the notebook and the exported files stay as they were",
        .enabled(if: canMountTmpfs, "cannot mount a tmpfs here (not root, or the sandbox forbids it)"))
    func updateOntoFullDisk() throws {
        let work = try SyncWorkspace("full")
        defer { work.remove() }
        let disk = work.root + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mount = try CoreTestSupport.run(
            URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk])
        try #require(mount.status == 0, "\(mount.stderr)")
        defer { _ = try? CoreTestSupport.run(URL(fileURLWithPath: "/bin/umount"), [disk]) }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        let exported = try work.run(["export", "nbs/core.ipynb", "-o", "disk"])
        try #require(exported.status == 0, "\(exported.stderr)")
        let module = "disk/Sources/Core/core.swift"
        let edited = try #require(work.text(module)).replacingOccurrences(of: "b = 2", with: "b = 20")
        try work.write(edited, to: module)
        // Fill the disk.
        let block = Data(repeating: 0x2E, count: 4096)
        var blocks = 0
        while (try? block.write(to: URL(fileURLWithPath: disk + "/fill\(blocks)"))) != nil { blocks += 1 }
        let notebookBefore = try #require(work.read("nbs/core.ipynb"))
        let states = work.stateFiles(in: "disk")
        let statesBefore = states.map { work.read($0) }
        let run = try work.run(["update", "nbs/core.ipynb", "-o", "disk"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(work.read("nbs/core.ipynb") == notebookBefore, "the notebook was rewritten")
        #expect(work.text(module) == edited)
        #expect(work.stateFiles(in: "disk") == states && states.map { work.read($0) } == statesBefore)
        let leftovers = (CoreTestSupport.files(under: disk) + CoreTestSupport.files(under: work.root + "/nbs")).filter {
            $0.contains(OutputName.temporaryMarker)
        }
        #expect(leftovers.isEmpty, "temporaries left behind: \(leftovers)")
        // With room again, the same update goes through.
        for index in 0..<blocks { try? FileManager.default.removeItem(atPath: disk + "/fill\(index)") }
        let retried = try work.run(["update", "nbs/core.ipynb", "-o", "disk"])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(work.text("nbs/core.ipynb")?.contains("public let b = 20") == true)
        #expect(try work.run(["export", "--check", "nbs/core.ipynb", "-o", "disk"]).status == 0)
    }

    // MARK: - Item 5: smaller cases

    @Test("a marker-like line in a cell, or an id with a space or an empty id: one clear error, never 'edited'")
    func markerLikeLinesAndBadIDs() throws {
        let cases: [(cells: [(id: String, source: String)], reason: String)] = [
            (
                [
                    (
                        "c0",
                        "//| default_exp Core\n//| export\npublic let a = 1\n// %% nbs/other.ipynb cell=zz\nlet q = 2"
                    )
                ],
                "line 4: `// %% nbs/other.ipynb cell=zz` reads as an export marker line"
            ),
            ([("c0", "//| default_exp Core"), ("a b", "//| export\npublic let b = 1")], "the cell id \"a b\""),
            ([("c0", "//| default_exp Core"), ("", "//| export\npublic let c = 1")], "the cell id \"\""),
        ]
        for (cells, reason) in cases {
            let work = try SyncWorkspace()
            defer { work.remove() }
            try work.notebook("nbs/core.ipynb", cells)
            for _ in 0..<2 {
                let run = try work.run(["export", "nbs/core.ipynb", "-o", "."])
                #expect(!run.stderr.contains("was edited"), "\(run.stderr)")
                #expect(run.status == 2 && run.stderr.contains(reason), "\(run.stderr)")
            }
        }
        // swiftai's `//cellN` markers likewise.
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/01_core.ipynb", [("c0", "// export\nlet a = 1\n//cell7\nlet b = 2")])
        let run = try work.run(["export", "--style", "swiftai", "nbs/01_core.ipynb", "-o", "."])
        #expect(
            run.status == 2 && run.stderr.contains("line 3: `//cell7` reads as an export marker line"), "\(run.stderr)")
    }

    @Test("--into a path in .nb2swift/ is refused with a clear error, writing nothing")
    func intoStateFolder() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/core.ipynb", coreCells(b: "2"))
        for into in [".nb2swift/x.swift", "./.nb2swift/x.swift"] {
            let run = try work.run(["export", "--into", into, "nbs/core.ipynb", "-o", "."])
            #expect(run.status == 2, "\(into): \(run.stderr)")
            #expect(run.stderr.contains("--into cannot write into .nb2swift/"), "\(run.stderr)")
        }
        #expect(CoreTestSupport.files(under: work.root) == ["nbs/core.ipynb"])
        let allowed = try work.run(["export", "--into", "gen/x.swift", "nbs/core.ipynb", "-o", "."])
        #expect(allowed.status == 0 && work.read("gen/x.swift") != nil, "\(allowed.stderr)")
    }

    @Test("script then ipynb keeps a cell's own #sourceLocation lines, with and without --source-locations")
    func ownSourceLocationLines() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        let cells: [(id: String, source: String)] = [
            ("c0", "#sourceLocation(file: \"foo.swift\", line: 1)\nlet x = 1\n#sourceLocation()"),
            ("c1", "#sourceLocation(file: \"a.ipynb#cell3\", line: 1)\nlet y = 2"),
            ("c2", "#sourceLocation(file: \"mine.ipynb#cell2\", line: 1)\nlet z = 3"),
        ]
        try work.notebook("mine.ipynb", cells)
        for flags in [[], ["--source-locations"]] {
            #expect(try work.run(["script"] + flags + ["mine.ipynb", "-o", "s"]).status == 0)
            #expect(try work.run(["ipynb", "s/mine.swift", "-o", "back"]).status == 0)
            let back = try NotebookReader().read(contentsOf: work.root + "/back/mine.ipynb")
            #expect(back.cells.map(\.source) == cells.map(\.source), "\(flags)")
        }
    }

    @Test("a line feed or quote in a notebook's name is escaped in the script's #sourceLocation and header")
    func controlCharactersInNotebookName() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        let name = "a\nb\"c.ipynb"
        try work.notebook(name, [("c0", "let x = 1")])
        let run = try work.run(["script", "--source-locations", name, "-o", "s"])
        #expect(run.status == 0, "\(run.stderr)")
        let script = try #require(work.text("s/a\nb\"c.swift"))
        #expect(
            script.contains("\n#sourceLocation(file: \"a\\nb\\\"c.ipynb#cell0\", line: 1)\nlet x = 1\n"), "\(script)")
        for line in script.split(separator: "\n") where !line.hasPrefix("//") && !line.isEmpty {
            #expect(line.hasPrefix("#sourceLocation(") || line == "let x = 1", "a broken line: \(line)")
        }
        if let swiftc = ScriptTestSupport.swiftc {
            try work.write(script, to: "check.swift")
            let parsed = try CoreTestSupport.run(
                URL(fileURLWithPath: swiftc), ["-parse", "check.swift"], in: work.root)
            #expect(parsed.status == 0, "\(parsed.stderr)")
        }
        // --header files likewise, and a regenerating run still finds its own orphans by that header.
        try work.notebook(
            name, [("c0", "%%writefile gen/x.swift\nlet x = 1"), ("c1", "%%writefile gen/y.swift\nlet y = 2")])
        #expect(try work.run(["files", "--header", name, "-o", "f"]).status == 0)
        #expect(work.text("f/gen/x.swift") == GeneratedHeader.line(notebook: "../a\nb\"c.ipynb") + "\nlet x = 1\n")
        #expect(work.text("f/gen/x.swift")?.hasPrefix("// Generated by nb2swift from ../a\\u{A}b\"c.ipynb;") == true)
        try work.notebook(name, [("c0", "%%writefile gen/x.swift\nlet x = 1")])
        let regenerated = try work.run(["files", "--header", name, "-o", "f"])
        #expect(regenerated.stderr.contains("Removing f/gen/y.swift"), "\(regenerated.stderr)")
        try work.notebook(name, [("c0", "let x = 1")])
        #expect(try work.run(["ipynb", "s/a\nb\"c.swift", "-o", "back"]).status == 0)
        let back = try NotebookReader().read(contentsOf: work.root + "/back/a\nb\"c.ipynb")
        #expect(back.cells.map(\.source) == ["let x = 1"])
    }

    @Test("a notebook whose name cannot name a Swift file says so, not '\"Core\" is not a module'")
    func notebookNameThatIsNoFileName() throws {
        let work = try SyncWorkspace()
        defer { work.remove() }
        try work.notebook("nbs/my notes.ipynb", [("c0", "//| default_exp Core\n//| export\npublic let a = 1")])
        let run = try work.run(["export", "nbs/my notes.ipynb", "-o", "."])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("is not a module"), "\(run.stderr)")
        #expect(run.stderr.contains("\"my notes\" cannot be a Swift file's name"), "\(run.stderr)")
        #expect(run.stderr.contains("//| default_exp Core/File"), "\(run.stderr)")
        try work.notebook("nbs/my notes.ipynb", [("c0", "//| default_exp Core/MyNotes\n//| export\npublic let a = 1")])
        #expect(try work.run(["export", "nbs/my notes.ipynb", "-o", "."]).status == 0)
        #expect(work.read("Sources/Core/MyNotes.swift") != nil)
    }
}

/// `renameat2(2)` with `RENAME_EXCHANGE`, looked up at run time (the C library declares it for C only).
private func exchangeEntries(_ first: String, _ second: String) -> Bool {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
    let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
    return renameat2(-100, first, -100, second, 2) == 0  // AT_FDCWD, RENAME_EXCHANGE
}

/// A flag the swapping thread watches.
private final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    var isRaised: Bool { lock.withLock { raised } }
    func raise() { lock.withLock { raised = true } }
}

@Suite("Output folders that change while they are opened")
struct SwappedFolderMessageTests {
    @Test("a folder swapped with a link over and over while the writer opens it: never 'is a folder, not a folder'")
    func swappedFolderMessage() throws {
        let root = try CoreTestSupport.temporaryFolder("swap-message")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "elsewhere")
        let stop = StopSignal()
        let swapper = Thread {
            while !stop.isRaised { _ = exchangeEntries(root + "/sub", root + "/link") }
        }
        swapper.start()
        var messages: [String] = []
        for index in 0..<3_000 {
            let plan = ExportPlan(
                outputRoot: root,
                files: [
                    PlannedFile(
                        path: "sub/f\(index % 8).txt", bytes: Array("\(index)\n".utf8), cells: [], notebook: "nb")
                ])
            do { try PlanWriter().apply(plan) } catch { messages.append(error.description) }
        }
        stop.raise()
        while !swapper.isFinished { usleep(1_000) }
        // A folder met as a link (or a link met as a folder) is opened again, a bounded number of times; the errors
        // that remain say what is true.
        let untrue = messages.filter { $0.contains("is a folder, not a folder") || $0.contains("Invalid argument") }
        #expect(untrue.isEmpty, "\(untrue.count) of \(messages.count) errors: \(untrue.first ?? "")")
    }
}
