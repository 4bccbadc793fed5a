import Foundation
import Testing

@testable import NotebookKit

/// Runs a notebook through the `%%writefile` planner and writer into an empty folder, and compares the tree, the
/// messages and the rejected cells with what IPython did (an `expected/` tree and an `expected-log.json`).
private func assertConforms(
    notebook: URL, expected: URL, log: URL, version: IPythonVersion, folders: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let output = try CoreTestSupport.temporaryFolder("conformance")
    // The folders the notebook's Python setup cell creates (nb2swift does not run Python).
    for folder in folders {
        try FileManager.default.createDirectory(atPath: output + "/" + folder, withIntermediateDirectories: true)
    }
    let parsed = try NotebookReader().read(contentsOf: notebook.path)
    var files = VirtualFileSystem()
    let source = NotebookSource(displayPath: notebook.lastPathComponent, outputRoot: output, pathFromRoot: "nb.ipynb")
    let planner = WritefilePlanner(options: .init(interpreter: CellInterpreter(version: version)))
    let plan = planner.plan(parsed, source: source, files: &files)[0]
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
        let rejections = plan.rejectedCells.filter { $0.cellIndex == index }
        // Python's own compile errors (the cell is not a magic IPython recognises): nb2swift does not compile Python.
        let compileErrors = ["SyntaxError", "IndentationError", "TabError"]
        if let error, !compileErrors.contains(where: { error.hasPrefix($0 + ":") }) {
            #expect(rejections.map(\.message) == [error], "cell \(index) (\(id)) error", sourceLocation: sourceLocation)
            #expect(rejections.first?.cellID == id, sourceLocation: sourceLocation)
        } else {
            #expect(
                rejections.isEmpty, "cell \(index) (\(id)) must not be rejected: \(rejections)",
                sourceLocation: sourceLocation)
        }
    }
}

/// The folder of nb2swift's own cases and their recordings (`recorded/ipython-<release>/`).
private let casesFolder = CoreTestSupport.testsFolder.appendingPathComponent("IPythonCases")

/// The releases recorded by `IPythonCases/make_cases.py`, e.g. `9.18.1`.
private func recordedReleases() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: casesFolder.path + "/recorded")) ?? []
    return names.filter { $0.hasPrefix("ipython-") }.map { String($0.dropFirst("ipython-".count)) }.sorted()
}

@Suite("IPython conformance: recorded releases, byte for byte")
struct IPythonConformanceTests {
    @Test(
        "the shared corpus (../shared/corpus/ipython-writefile, recorded with IPython 8.12.3) byte for byte",
        .enabled(
            if: CoreTestSupport.writefileCorpus != nil,
            "the shared corpus is absent: set NB2SWIFT_SHARED or place it at <package root>/../shared"))
    func sharedCorpus() throws {
        let corpus = try #require(CoreTestSupport.writefileCorpus)
        try assertConforms(
            notebook: corpus.appendingPathComponent("writefile_cases.ipynb"),
            expected: corpus.appendingPathComponent("expected"),
            log: corpus.appendingPathComponent("expected-log.json"),
            version: .v8)
    }

    @Test(
        "nb2swift's own edge cases, under the rules --ipython RELEASE chooses, against that release's recording",
        arguments: recordedReleases())
    func extraCases(release: String) throws {
        let version = try IPythonVersion(parsing: release)
        let recording = casesFolder.appendingPathComponent("recorded/ipython-\(release)")
        try assertConforms(
            notebook: casesFolder.appendingPathComponent("extra_cases.ipynb"),
            expected: recording.appendingPathComponent("expected"), log: recording.appendingPathComponent("log.json"),
            version: version, folders: ["dd", "sub"])
    }

    @Test("every rule set has a recording, and each recording names the release it was made with")
    func everyRuleSetIsRecorded() throws {
        let releases = recordedReleases()
        let covered = Set(try releases.map { try IPythonVersion(parsing: $0) })
        #expect(covered == Set(IPythonVersion.allCases), "rule sets without a recording in IPythonCases/recorded")
        for release in releases {
            let log = casesFolder.appendingPathComponent("recorded/ipython-\(release)/log.json")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: log)) as? [String: Any]
            #expect(object?["ipython"] as? String == release)
        }
    }

    @Test("the recordings differ where the rule sets do: each pair of rule sets has a case that tells them apart")
    func recordingsSeparateTheRuleSets() throws {
        var trees: [IPythonVersion: [String: [UInt8]]] = [:]
        for release in recordedReleases() {
            let expected = casesFolder.appendingPathComponent("recorded/ipython-\(release)/expected").path
            let log = try Data(contentsOf: casesFolder.appendingPathComponent("recorded/ipython-\(release)/log.json"))
            var tree: [String: [UInt8]] = ["(log)": Array(log.drop { $0 != UInt8(ascii: "\n") }.dropFirst())]
            for file in CoreTestSupport.files(under: expected) {
                tree[file] = CoreTestSupport.read(expected + "/" + file)
            }
            trees[try IPythonVersion(parsing: release)] = tree
        }
        let versions = IPythonVersion.allCases
        for (index, first) in versions.enumerated() {
            for second in versions[(index + 1)...] {
                #expect(trees[first] != trees[second], "\(first) and \(second) recorded the same")
            }
        }
    }
}
