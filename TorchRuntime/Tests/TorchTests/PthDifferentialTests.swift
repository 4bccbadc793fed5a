import Foundation
import Testing

@testable import Torch

/// The differential test of the `.pth` reader (issue 19, item 9): on 600 mutated `torch.save` files, made by the
/// committed, seeded `Fixtures/pth_differential.py`, `Torch.load` accepts exactly the files that
/// `torch.load(f, map_location="cpu", weights_only=True)` accepts, and then holds the same value: the same
/// containers, keys, numbers and strings, tensors of the same dtypes, shapes and bytes, the same shared storages
/// and the same repeated objects. Where the reader refuses by design a file torch accepts (the script lists why
/// for each file: see its docstring and `StateDictFiles.md`), its error must say so.
@Suite struct PthDifferentialTests {
    struct Case: Decodable {
        var file: String
        var base: String
        var mutation: String
        var accepted: Bool
        var reference: String
        var error: String?
        var bends: [String]?
        var description: PythonDescription?
        /// Analysis events the script could not classify (a harness problem, reported as a failure).
        var unanalysed: [String]?
    }

    static let script = fixturesDirectory.appendingPathComponent("pth_differential.py").path

    /// The script's reference and analysis follow torch 1.13's weights-only loader and internals (Debian's
    /// `python3-torch`); under `make test-torch2` the Python is torch 2.x's, whose loader differs by design.
    static let pythonHasTorch113: Bool = {
        guard let python = pythonWithTorch,
            let run = try? runProcess(python, ["-c", "import torch; print(torch.__version__)"])
        else { return false }
        return run.status == 0 && run.output.hasPrefix("1.13")
    }()

    @Test(.enabled(if: pythonHasTorch113, "needs Python with torch 1.13 (Debian's python3-torch)"))
    func weAcceptExactlyWhatTorchLoadAcceptsAndHoldTheSameValues() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // PTH_DIFFERENTIAL_CASES / PTH_DIFFERENTIAL_SEED draw another corpus (BENCHMARKS.md records such runs).
        let environment = ProcessInfo.processInfo.environment
        let count = Int(environment["PTH_DIFFERENTIAL_CASES"] ?? "") ?? 600
        let seed = Int(environment["PTH_DIFFERENTIAL_SEED"] ?? "") ?? 19
        let run = try runProcess(python, [Self.script, directory.path, String(count), String(seed)])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        let manifest = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        let cases = try JSONDecoder().decode([Case].self, from: manifest)
        #expect(cases.count == count)
        var tally = (same: 0, refusedAlike: 0, bent: 0)
        for item in cases {
            let url = directory.appendingPathComponent(item.file)
            let label = "\(item.file) (\(item.base), \(item.mutation))"
            let result = Result { try Torch.load(from: url) }
            if case .failure(let error) = result {
                guard let error = error as? TorchError, case .file(url.path, _) = error, !error.message.contains("\n")
                else {
                    Issue.record("\(label): not a one-line TorchError naming the file: \(error)")
                    continue
                }
            }
            if let unanalysed = item.unanalysed {
                Issue.record("\(label): the script could not analyse it: \(unanalysed)")
            }
            let bends = item.bends ?? []
            switch (item.accepted, bends.isEmpty, result) {
            case (true, true, .success(let value)):
                let expected = try #require(item.description, "\(label): no description")
                if case .deep(let depth) = expected.value {
                    #expect(nestingDepth(value) == depth, "\(label): nesting depth")
                    tally.same += 1
                    continue
                }
                let ours = try PythonDescription(value)
                #expect(ours.value == expected.value, "\(label): values differ\n\(ours.value)\n\(expected.value)")
                #expect(ours.shared == expected.shared, "\(label): shared storages")
                #expect(ours.same == expected.same, "\(label): repeated objects")
                try Self.expectStateDictAgrees(url, expected.value, label)
                tally.same += 1
            case (true, true, .failure(let error)):
                Issue.record("\(label): torch.load (\(item.reference)) accepts it, we refuse: \(error)")
            case (true, false, .success):
                Issue.record("\(label): accepted, but it should be refused by design: \(bends)")
            case (true, false, .failure(let error)):
                let message = "\(error)"
                #expect(bends.contains { message.contains($0) }, "\(label): refused for another reason: \(message)")
                tally.bent += 1
            case (false, _, .success(let value)):
                Issue.record("\(label): torch.load refuses it (\(item.error ?? "")), we accept: \(value)")
            case (false, _, .failure):
                tally.refusedAlike += 1
            }
        }
        print(
            "pth differential: \(tally.same) read alike, \(tally.refusedAlike) refused alike, \(tally.bent) refused by design"
        )
        #expect(tally.same > count / 6 && tally.refusedAlike > count / 3, "the corpus exercises both sides: \(tally)")
    }

    /// `StateDict(contentsOf:)` reads a file exactly when its value is a dict from `str` names to tensors.
    static func expectStateDictAgrees(_ url: URL, _ value: PythonValue, _ label: String) throws {
        var names: [String]?
        if case .dict(_, let items) = value {
            names = items.map { item -> String? in
                guard case .string(let name) = item.key, case .tensor = item.value else { return nil }
                return name
            }.reduce(into: [String]?([])) { names, name in
                if let name { names?.append(name) } else { names = nil }
            }
        }
        let stateDict = Result { try StateDict(contentsOf: url) }
        switch (names, stateDict) {
        case (let names?, .success(let read)): #expect(read.keys == names, "\(label): state dict keys")
        case (nil, .failure): break
        case (_, let result): Issue.record("\(label): StateDict disagrees with the value's shape: \(result)")
        }
    }
}
