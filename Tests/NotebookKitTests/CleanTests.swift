import Foundation
import Testing

@testable import NotebookKit

/// `nb2swift clean`: outputs, execution counts and volatile metadata stripped in the notebook's own layout;
/// idempotent byte for byte; usable as a git clean filter.
@Suite("clean: notebooks stripped for commits")
struct CleanTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        try #require(CoreTestSupport.read(MinimalDiffTests.fixtures + "/" + name))
    }

    @Test("nbdev's defaults: outputs, counts and volatile metadata go, kernelspec stays; the layout is kept")
    func strips() throws {
        for name in ["colab.ipynb", "jupyter.ipynb"] {
            let bytes = try Self.fixture(name)
            let clean = try NotebookCleaning().cleaned(bytes, file: name)
            let value = try JSONValue(parsing: clean)
            guard case .object(let top) = value, case .object(let metadata)? = top["metadata"],
                case .array(let cells)? = top["cells"]
            else {
                Issue.record("\(name): not a notebook")
                continue
            }
            #expect(metadata.members.map(\.key).allSatisfy(NotebookCleaning.nbdevMetadataKeys.contains))
            #expect(metadata["kernelspec"] != nil)
            for case .object(let cell) in cells {
                if let count = cell["execution_count"] { #expect(count == .null) }
                if let outputs = cell["outputs"] { #expect(outputs == .array([])) }
                #expect(cell["metadata"] == .object(.init()), "\(name): \(String(describing: cell["metadata"]))")
            }
            let text = String(decoding: clean, as: UTF8.self)
            // The saving tool's indentation is kept, and an emptied container is written as Jupyter writes it.
            #expect(text.contains(name == "colab.ipynb" ? "\n  \"cells\": [" : "\n \"cells\": ["))
            #expect(!text.contains("{\n      }") && text.contains("\"outputs\": []"))
            // A clean notebook cleaned again is the same bytes.
            #expect(try NotebookCleaning().cleaned(clean, file: name) == clean)
        }
    }

    @Test("kept keys and kept outputs: the config's lists add to nbdev's")
    func keeps() throws {
        let bytes = try Self.fixture("jupyter.ipynb")
        let cleaning = NotebookCleaning(
            extraMetadataKeys: ["language_info"], extraCellMetadataKeys: ["tags"], keepsOutputs: true)
        let clean = try JSONValue(parsing: try cleaning.cleaned(bytes, file: "j"))
        guard case .object(let top) = clean, case .object(let metadata)? = top["metadata"],
            case .array(let cells)? = top["cells"], case .object(let cell)? = cells.dropFirst().first
        else {
            Issue.record("not a notebook")
            return
        }
        #expect(metadata["language_info"] != nil)
        guard case .object(let cellMetadata)? = cell["metadata"], case .array(let outputs)? = cell["outputs"] else {
            Issue.record("cell without metadata or outputs")
            return
        }
        #expect(cellMetadata["tags"] != nil)
        #expect(outputs.count == 1)
    }

    @Test("not a notebook: one error naming the file and line; nothing written")
    func rejects() {
        #expect(throws: Diagnostic.self) { try NotebookCleaning().cleaned(Array("{\"cells\": [".utf8), file: "x") }
    }

    @Test("clean mode: rewrites a dirty notebook once, then leaves it untouched (mtime kept); --check finds it")
    func mode() throws {
        let path = try MinimalDiffTests.copy("jupyter.ipynb")
        let folder = OutputRoot.parentPath(of: path)
        let check = Conversion(ConversionOptions(mode: .clean, action: .check, displayBase: folder)).run([path])
        #expect(check.status == .checkFailed)
        #expect(check.findingLines.contains { $0.hasPrefix("stale: jupyter.ipynb") })
        #expect(CoreTestSupport.read(path) == (try Self.fixture("jupyter.ipynb")))
        #expect(MinimalDiffTests.run(.clean, path).status == .success)
        let cleaned = try #require(CoreTestSupport.read(path))
        #expect(cleaned != (try Self.fixture("jupyter.ipynb")))
        try MinimalDiffTests.age(path)
        let before = try MinimalDiffTests.identity(path)
        #expect(MinimalDiffTests.run(.clean, path).status == .success)
        let after = try MinimalDiffTests.identity(path)
        #expect(before.inode == after.inode && before.modified == after.modified)
        #expect(CoreTestSupport.read(path) == cleaned)
        let recheck = Conversion(ConversionOptions(mode: .clean, action: .check, displayBase: folder)).run([path])
        #expect(recheck.status == .success)
    }

    @Test(
        "nb2swift clean --stdin is a git clean filter: stdin to stdout, idempotent; a bad notebook exits 2 silent",
        .enabled(if: CoreTestSupport.executable != nil))
    func gitFilter() throws {
        let executable = try #require(CoreTestSupport.executable)
        let folder = try CoreTestSupport.temporaryFolder("clean-filter")
        for name in ["colab.ipynb", "jupyter.ipynb"] {
            try CoreTestSupport.write(try Self.fixture(name), to: folder + "/" + name)
            let once = try CoreTestSupport.run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(executable.path)' clean --stdin < \(name)"], in: folder)
            #expect(once.status == 0 && once.stderr.isEmpty)
            #expect(Array(once.stdout.utf8) == (try NotebookCleaning().cleaned(try Self.fixture(name), file: name)))
            try CoreTestSupport.write(once.stdout, to: folder + "/once.ipynb")
            let twice = try CoreTestSupport.run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(executable.path)' clean --stdin < once.ipynb"],
                in: folder)
            #expect(twice.stdout == once.stdout)
        }
        try CoreTestSupport.write("{\"cells\": [", to: folder + "/bad.ipynb")
        let bad = try CoreTestSupport.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(executable.path)' clean --stdin < bad.ipynb"], in: folder)
        #expect(bad.status == 2 && bad.stdout.isEmpty && bad.stderr.hasPrefix("<stdin>:"))
    }
}

extension CleanTests {
    @Test(
        "every notebook of the shared corpora: cleaned once, cleaned again is the same bytes, and still a notebook",
        .enabled(if: CoreTestSupport.sharedFolder != nil))
    func corpusIdempotent() throws {
        let corpus = try #require(CoreTestSupport.sharedFolder).appendingPathComponent("corpus").path
        let paths = (FileManager.default.subpaths(atPath: corpus) ?? []).filter { $0.hasSuffix(".ipynb") }
        #expect(paths.count > 10)
        for path in paths {
            let bytes = try #require(CoreTestSupport.read(corpus + "/" + path))
            let clean: [UInt8]
            do throws(Diagnostic) { clean = try NotebookCleaning().cleaned(bytes, file: path) } catch {
                // Only what the reader refuses (a malformed case) or an nbformat 3 notebook is refused.
                let unreadable = (try? NotebookReader().read(bytes: bytes, displayName: path)) == nil
                #expect(unreadable || error.message.contains("nbformat"), "\(path): \(error)")
                continue
            }
            #expect(try NotebookCleaning().cleaned(clean, file: path) == clean, "\(path)")
            #expect(throws: Never.self) { try NotebookReader().read(bytes: clean, displayName: path) }
        }
    }
}
