import Foundation
import Testing

@testable import Torch

@Suite("State dicts and .pth files")
struct StateDictTests {
    @Test func savesAndLoadsBackEveryDtypeInOrder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("mixed.pth")
        let original = try StateDict([
            ("weights", try Tensor([1.5, -2, 3.25, 4, 5, 6] as [Float], shape: [2, 3])),
            ("counts", try Tensor([7, -8, 1 << 40] as [Int64], shape: [3])),
            ("scalar", try Tensor([0.125] as [Double], shape: [])),
            ("bytes", try Tensor([0, 255, 3] as [UInt8], shape: [3, 1])),
        ])
        try original.save(to: url)
        let loaded = try StateDict(contentsOf: url)
        #expect(loaded.keys == ["weights", "counts", "scalar", "bytes"])
        #expect(loaded["weights"]?.shape == [2, 3])
        #expect(try loaded["weights"]?.floats() == [1.5, -2, 3.25, 4, 5, 6])
        #expect(try loaded["counts"]?.int64s() == [7, -8, 1 << 40])
        #expect(loaded["counts"]?.dtype == .int64)
        #expect(loaded["scalar"]?.shape == [])
        #expect(try loaded["scalar"]?.item() == 0.125)
        #expect(try loaded["bytes"]?.bytes() == [0, 255, 3])
    }

    @Test(.enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"))
    func pythonLoadsAStateDictSavedBySwift() throws {
        let python = try #require(pythonWithTorch)
        let fixture = try ParityFixture.load()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("tinyvgg_from_swift.pth")
        let (model, x) = try withGlobalGenerator {
            Torch.manualSeed(1234)
            let model = try TinyVGG(inputShape: 3, hiddenUnits: fixture.hiddenUnits, outputShape: fixture.classes)
            Torch.manualSeed(fixture.batchSeed)
            return (model, try Tensor.randn(fixture.batchShape))
        }
        try model.stateDict().save(to: url)
        model.eval()
        let logits = try noGrad { try model(x) }.floats()

        let script = fixturesDirectory.appendingPathComponent("load_swift_state_dict.py").path
        let run = try runProcess(
            python,
            [script, url.path, String(fixture.hiddenUnits), String(fixture.classes), String(fixture.batchSeed)])
        try #require(run.status == 0, "Python failed to load the Swift state dict:\n\(run.output)")
        struct Report: Decodable {
            let type: String
            let message: String
            let keys: [String]
            let dtypes: [String]
            let logits: [Float]
        }
        let line = run.output.split(separator: "\n").last.map(String.init) ?? ""
        let report = try JSONDecoder().decode(Report.self, from: Data(line.utf8))
        #expect(report.type == "OrderedDict")
        #expect(report.message == "<All keys matched successfully>")
        #expect(report.keys == model.namedParameters().map(\.0))
        #expect(report.dtypes.allSatisfy { $0 == "torch.float32" })
        let delta = maxAbsDifference(report.logits, logits)
        #expect(delta <= 1e-6, "logits in Python vs Swift: max |Δ| = \(delta)")
    }

    @Test func loadStateDictIsStrictAndReportsEveryProblem() throws {
        let model = try withGlobalGenerator { try Sequential(Linear(inFeatures: 2, outFeatures: 3), ReLU()) }
        let before = try model.parameters().map { try $0.floats() }
        let bad = try StateDict([
            ("0.weight", try Tensor([Float](repeating: 1, count: 4), shape: [2, 2])),
            ("extra", try Tensor([1] as [Float])),
        ])
        let error = #expect(throws: TorchError.self) { try model.loadStateDict(bad) }
        let message = error?.message ?? ""
        #expect(message.contains("Missing key(s) in state_dict: \"0.bias\""))
        #expect(message.contains("Unexpected key(s) in state_dict: \"extra\""))
        #expect(message.contains("size mismatch for 0.weight"))
        #expect(try model.parameters().map { try $0.floats() } == before, "nothing is copied on error")

        let good = try StateDict([
            ("0.weight", try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2])),
            ("0.bias", try Tensor([0.5, 0, -0.5] as [Float])),
        ])
        try model.loadStateDict(good)
        #expect(try model.parameters()[0].floats() == [1, 2, 3, 4, 5, 6])
        #expect(try model(Tensor([1, 1] as [Float], shape: [1, 2])).floats() == [3.5, 7, 10.5])
    }

    @Test func badFilesAreClearErrorsNamingTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try Data(contentsOf: fixturesDirectory.appendingPathComponent("tinyvgg_trained.pth"))

        func expectError(_ name: String, _ contents: Data, mentioning text: String) throws {
            let url = directory.appendingPathComponent(name)
            try contents.write(to: url)
            let error = #expect(throws: TorchError.self) { try StateDict(contentsOf: url) }
            #expect(error?.message.hasPrefix(url.path) == true, "names the file: \(error?.message ?? "")")
            #expect(error?.message.contains(text) == true, "\(name): \(error?.message ?? "")")
        }
        try expectError(
            "text.pth", Data("hello, this is a text file and not a zip archive".utf8), mentioning: "no zip signature")
        try expectError("truncated.pth", good.prefix(good.count / 2), mentioning: "truncated")
        var corrupted = good
        corrupted[200] ^= 0xFF  // inside data.pkl
        try expectError("corrupted.pth", corrupted, mentioning: "CRC mismatch")
        let list = try StoredZipArchive.archive([
            ("archive/data.pkl", [0x80, 2, 0x5D, 0x4B, 1, 0x61, 0x2E]),  // [1]
            ("archive/version", Array("3\n".utf8)),
        ])
        try expectError("list.pth", list, mentioning: "not a dict")
        let truncatedPickle = try StoredZipArchive.archive([("archive/data.pkl", [0x80, 2, 0x7D, 0x58, 9, 0])])
        try expectError("short-pickle.pth", truncatedPickle, mentioning: "unexpected end of pickle data")
        let missing = directory.appendingPathComponent("missing.pth")
        let error = #expect(throws: TorchError.self) { try StateDict(contentsOf: missing) }
        #expect(error?.message.hasPrefix(missing.path) == true)
    }

    @Test func readsPythonsPickleOpcodesForAStateDict() throws {
        // The Python-saved fixture exercises PROTO, GLOBAL, BINPUT/BINGET, MARK/TUPLE*, BINPERSID, REDUCE, SETITEMS
        // and BUILD with the _metadata dict.
        let stateDict = try StateDict(contentsOf: fixturesDirectory.appendingPathComponent("tinyvgg_trained.pth"))
        #expect(stateDict.count == 10)
        #expect(stateDict["conv_block_1.0.weight"]?.shape == [2, 3, 3, 3])
        #expect(stateDict["classifier.1.weight"]?.shape == [3, 338])
        #expect(stateDict["classifier.1.bias"]?.dtype == .float32)
    }
}
