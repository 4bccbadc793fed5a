import Foundation
import Testing

@testable import NotebookKit

/// The round-trip contract on the 26 fast.ai Swift notebooks: notebook → script → notebook keeps every code and
/// markdown source byte for byte (lossless mode) or as the same markdown tree (`--pretty`), keeps cell types, ids,
/// tags and order, is idempotent, and every script parses as Swift.
@Suite(
    "round trip on the fast.ai corpus",
    .enabled(
        if: ScriptTestSupport.fastaiNotebooks.count == 26,
        "the 26 fast.ai notebooks are not at \(ScriptTestSupport.sharedFolder)/corpus (set NB2SWIFT_SHARED)"))
struct RoundTripCorpusTests {
    static let notebooks = ScriptTestSupport.fastaiNotebooks

    private func roundTrip(pretty: Bool) throws -> [(name: String, script: String)] {
        var scripts: [(name: String, script: String)] = []
        let writer = ScriptWriter(pretty: pretty)
        for path in Self.notebooks {
            let name = (path as NSString).lastPathComponent
            let original = try NotebookReader().read(contentsOf: path)
            let script = writer.script(for: original, notebookName: name)
            let scriptName = ScriptPlanner.scriptName(forNotebook: name)
            let back = try ScriptReader().notebook(fromScript: script, path: scriptName)
            #expect(back.cells.map(\.kind) == original.cells.map(\.kind), "\(name)")
            #expect(back.cells.map(\.id) == original.cells.map(\.id), "\(name)")
            #expect(back.cells.map(\.tags) == original.cells.map(\.tags), "\(name)")
            for (before, after) in zip(original.cells, back.cells) {
                if pretty && before.kind == .markdown {
                    #expect(
                        MarkdownDocument(parsing: before.source).isEquivalent(
                            to: MarkdownDocument(parsing: after.source)),
                        "\(name) cell \(before.index)")
                } else {
                    #expect(before.source == after.source, "\(name) cell \(before.index)")
                }
            }
            // Idempotence: the rebuilt notebook, through a script again, is byte-identical to the first rebuild.
            let firstJSON = NotebookWriter().json(for: back)
            let reread = try NotebookReader().read(bytes: Array(firstJSON.utf8), displayName: name)
            let again = try ScriptReader().notebook(
                fromScript: writer.script(for: reread, notebookName: name), path: scriptName)
            #expect(NotebookWriter().json(for: again) == firstJSON, "\(name): second round trip differs")
            scripts.append((scriptName, script))
        }
        return scripts
    }

    @Test("lossless: sources byte-identical, idempotent, every script parses")
    func lossless() throws {
        let scripts = try roundTrip(pretty: false)
        #expect(scripts.count == 26)
        try expectParse(scripts)
    }

    @Test("pretty: markdown reads back to the same tree, idempotent, every script parses")
    func pretty() throws {
        let scripts = try roundTrip(pretty: true)
        try expectParse(scripts)
        let pretty = scripts.map { $0.script.linesAtLineFeeds.filter { $0.hasPrefix("// %% [markdown] pretty") }.count }
        #expect(pretty.reduce(0, +) > 0)
    }

    @Test("fixed point: notebook → script → notebook → script gives the first script again", arguments: [false, true])
    func fixedPoint(pretty: Bool) throws {
        let writer = ScriptWriter(pretty: pretty)
        for path in Self.notebooks {
            let name = (path as NSString).lastPathComponent
            let first = writer.script(for: try NotebookReader().read(contentsOf: path), notebookName: name)
            let back = try ScriptReader().notebook(fromScript: first, path: "x.swift")
            let json = NotebookWriter().json(for: back)
            let reread = try NotebookReader(strict: true).read(bytes: Array(json.utf8), displayName: name)
            #expect(writer.script(for: reread, notebookName: name) == first, "\(name)")
        }
    }

    @Test("ipynb onto 01_matmul.ipynb after files: every output and execution count stays")
    func updateKeepsTheCorpusOutputs() throws {
        let path = try #require(Self.notebooks.first { $0.hasSuffix("01_matmul.ipynb") })
        let folder = try CoreTestSupport.temporaryFolder("roundtrip-update")
        let notebook = folder + "/01_matmul.ipynb"
        try FileManager.default.copyItem(atPath: path, toPath: notebook)
        let options = ConversionOptions(displayBase: folder)
        #expect(Conversion(options).run([notebook]).status == .success)
        var back = options
        back.target = .notebooks
        let report = Conversion(back).run([folder + "/01_matmul.swift"])
        #expect(report.status == .success)
        func cells(_ bytes: [UInt8]?) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(try #require(bytes))) as? [String: Any]
            return try #require(object?["cells"] as? [[String: Any]])
        }
        let before = try cells(CoreTestSupport.read(path))
        let after = try cells(CoreTestSupport.read(notebook))
        let outputs = before.map { ($0["outputs"] as? [Any])?.count ?? 0 }
        #expect(outputs.reduce(0, +) == 37)
        #expect(after.map { ($0["outputs"] as? [Any])?.count ?? 0 } == outputs)
        #expect(
            after.map { "\($0["execution_count"] ?? "none")" } == before.map { "\($0["execution_count"] ?? "none")" })
        #expect(
            after.map { ($0["source"] as? [String])?.joined() } == before.map { ($0["source"] as? [String])?.joined() })
        #expect(report.lines(.note).contains { $0.contains("keep their outputs") })
    }

    @Test("magic lines are commented out, not dropped, and come back")
    func magics() throws {
        let path = Self.notebooks.first { $0.hasSuffix("01_matmul.ipynb") }!
        let notebook = try NotebookReader().read(contentsOf: path)
        let script = ScriptWriter().script(for: notebook, notebookName: "01_matmul.ipynb")
        #expect(
            script.contains(
                "\n//%install '.package(path: \"$cwd/FastaiNotebook_00_load_data\")' FastaiNotebook_00_load_data\n"))
        #expect(notebook.cells.contains { $0.source.hasPrefix("%install-location $cwd/swift-install\n") })
    }

    private func expectParse(_ scripts: [(name: String, script: String)]) throws {
        guard ScriptTestSupport.swiftc != nil else {
            withKnownIssue("swiftc not found (set SWIFTC): the parse check did not run") { Issue.record("no swiftc") }
            return
        }
        #expect(try ScriptTestSupport.parseErrors(scripts.map { ($0.name, $0.script) }) == [])
    }
}
