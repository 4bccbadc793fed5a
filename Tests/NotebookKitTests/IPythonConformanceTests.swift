import Foundation
import Testing

@testable import NotebookKit

/// Runs a notebook through the `%%writefile` planner and writer into an empty folder, and compares the tree, the
/// messages and the rejected cells with what IPython did (an `expected/` tree and an `expected-log.json`).
private func assertConforms(
    notebook: URL, expected: URL, log: URL, folders: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let output = try CoreTestSupport.temporaryFolder("conformance")
    // The folders the notebook's Python setup cell creates (nb2swift does not run Python).
    for folder in folders {
        try FileManager.default.createDirectory(atPath: output + "/" + folder, withIntermediateDirectories: true)
    }
    let parsed = try NotebookReader().read(contentsOf: notebook.path)
    var files = VirtualFileSystem()
    let source = NotebookSource(displayPath: notebook.lastPathComponent, outputRoot: output, pathFromRoot: "nb.ipynb")
    let plan = WritefilePlanner().plan(parsed, source: source, files: &files)
    try PlanWriter().apply(plan)

    // The tree, byte for byte, in both directions.
    let expectedFiles = CoreTestSupport.files(under: expected.path)
    #expect(CoreTestSupport.files(under: output) == expectedFiles, sourceLocation: sourceLocation)
    for file in expectedFiles {
        let want = CoreTestSupport.read(expected.path + "/" + file)
        let got = CoreTestSupport.read(output + "/" + file)
        #expect(got == want, "\(file) differs", sourceLocation: sourceLocation)
    }

    // Per cell: the messages IPython printed, and its error.
    let logObject = try JSONSerialization.jsonObject(with: Data(contentsOf: log)) as! [String: Any]
    let entries = logObject["cells"] as! [[String: Any]]
    #expect(!entries.isEmpty, sourceLocation: sourceLocation)
    for entry in entries {
        let index = entry["index"] as! Int
        let id = entry["id"] as! String
        let stdout = entry["stdout"] as? String ?? ""
        let error = entry["error"] as? String
        let printed = stdout.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("Writing ") || $0.hasPrefix("Overwriting ") || $0.hasPrefix("Appending to ")
        }
        let messages = plan.messages.filter { $0.cell.index == index }.map(\.text)
        #expect(messages == printed, "cell \(index) (\(id)) messages", sourceLocation: sourceLocation)
        let rejections = plan.rejectedCells.filter { $0.cell.index == index }
        if let error, !error.hasPrefix("SyntaxError") {
            #expect(rejections.map(\.reason) == [error], "cell \(index) (\(id)) error", sourceLocation: sourceLocation)
            #expect(rejections.first?.cell.id == id, sourceLocation: sourceLocation)
        } else {
            #expect(
                rejections.isEmpty, "cell \(index) (\(id)) must not be rejected: \(rejections)",
                sourceLocation: sourceLocation)
        }
    }
}

@Suite("IPython 8.12.3 conformance")
struct IPythonConformanceTests {
    @Test(
        "the shared corpus (../shared/corpus/ipython-writefile) byte for byte",
        .enabled(
            if: CoreTestSupport.writefileCorpus != nil,
            "the shared corpus is absent: set NB2SWIFT_SHARED or place it at <package root>/../shared"))
    func sharedCorpus() throws {
        let corpus = try #require(CoreTestSupport.writefileCorpus)
        try assertConforms(
            notebook: corpus.appendingPathComponent("writefile_cases.ipynb"),
            expected: corpus.appendingPathComponent("expected"), log: corpus.appendingPathComponent("expected-log.json")
        )
    }

    @Test("nb2swift's own edge cases, recorded from a real IPython 8.12.3 by IPythonCases/make_cases.py")
    func extraCases() throws {
        let folder = CoreTestSupport.testsFolder.appendingPathComponent("IPythonCases")
        try assertConforms(
            notebook: folder.appendingPathComponent("extra_cases.ipynb"),
            expected: folder.appendingPathComponent("expected"),
            log: folder.appendingPathComponent("expected-log.json"),
            folders: ["dd", "sub"])
    }
}
