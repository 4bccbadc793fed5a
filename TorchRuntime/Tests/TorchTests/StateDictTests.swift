import Foundation
import Testing
import TinyVGGFixture

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

    @Test(.enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"))
    func readsTheStateDictsPythonWritesBeyondAPlainModel() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = fixturesDirectory.appendingPathComponent("save_varied_state_dicts.py").path
        let run = try runProcess(python, [script, directory.path])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        struct Entry: Decodable {
            let key: String
            let dtype: String
            let shape: [Int]
            let values: [Double]
        }
        let line = run.output.split(separator: "\n").last.map(String.init) ?? ""
        let cases = try JSONDecoder().decode([String: [Entry]].self, from: Data(line.utf8))
        #expect(Set(cases.keys) == ["batchnorm", "views", "many", "protocol4", "dtypes"])
        for (name, expected) in cases {
            let stateDict = try StateDict(contentsOf: directory.appendingPathComponent("\(name).pth"))
            #expect(stateDict.keys == expected.map(\.key), "\(name): keys in order")
            for entry in expected {
                let tensor = try #require(stateDict[entry.key], "\(name): \(entry.key)")
                #expect(tensor.dtype.map(String.init(describing:)) == entry.dtype, "\(name): \(entry.key) dtype")
                #expect(tensor.shape == entry.shape, "\(name): \(entry.key) shape")
                #expect(try tensor.doubles() == entry.values, "\(name): \(entry.key) values")
            }
        }
    }

    @Test func loadStateDictIsStrictAndReportsEveryProblem() throws {
        let model = try withGlobalGenerator { try Sequential(Linear(inFeatures: 2, outFeatures: 3), ReLU()) }
        let before = try model.parameters().map { try $0.floats() }
        let bad = try StateDict([
            ("0.weight", try Tensor([Float](repeating: 1, count: 4), shape: [2, 2])),
            ("extra", try Tensor([1] as [Float])),
        ])
        let error = #expect(throws: TorchError.self) { try model.loadStateDict(bad) }
        #expect(
            error
                == .stateDictMismatch(
                    module: "Sequential", missing: ["0.bias"], unexpected: ["extra"],
                    sizeMismatches: [
                        "size mismatch for 0.weight: copying a param with shape [2, 2] from checkpoint, the shape in "
                            + "current model is [3, 2]."
                    ]))
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

        func expectError(
            _ name: String, _ contents: Data, mentioning text: String, unsupported: Bool = false
        ) throws {
            let url = directory.appendingPathComponent(name)
            try contents.write(to: url)
            let error = #expect(throws: TorchError.self) { try StateDict(contentsOf: url) }
            #expect(error?.message.hasPrefix(url.path) == true, "names the file: \(error?.message ?? "")")
            #expect(error?.message.contains(text) == true, "\(name): \(error?.message ?? "")")
            guard case .file(url.path, let problem) = error else {
                Issue.record("\(name): not a file error: \(String(describing: error))")
                return
            }
            #expect(problem == (unsupported ? .unsupported(problem.reason) : .corrupt(problem.reason)), "\(name)")
            // The bytes entry point reports the same problem under the name it is given.
            #expect(throws: TorchError.file(path: "download", problem)) {
                try StateDict(data: contents, describedAs: "download")
            }
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
        try expectError("list.pth", list, mentioning: "not a dict", unsupported: true)
        var compressed = [UInt8](
            try StoredZipArchive.archive([("archive/data.pkl", [0x80, 2, 0x7D, 0x2E]), ("archive/version", [0x33])]))
        compressed[8] = 8  // the first local header's method: deflate
        let centralDirectory = compressed.indices.first { compressed[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }!
        compressed[centralDirectory + 10] = 8
        try expectError("compressed.pth", Data(compressed), mentioning: "is compressed", unsupported: true)
        let truncatedPickle = try pthArchive(pickle: [0x80, 2, 0x7D, 0x58, 9, 0])
        try expectError("short-pickle.pth", truncatedPickle, mentioning: "unexpected end of pickle data")
        try expectError("overflow.pth", try Self.archive(shape: [1 << 62, 4]), mentioning: "element count overflows")
        try expectError("outside.pth", try Self.archive(shape: [5]), mentioning: "view reaches past its storage")
        let missing = directory.appendingPathComponent("missing.pth")
        let error = #expect(throws: TorchError.self) { try StateDict(contentsOf: missing) }
        #expect(error?.message.hasPrefix(missing.path) == true)
        guard case .file(missing.path, .cannotRead) = error else {
            Issue.record("not a cannotRead error: \(String(describing: error))")
            return
        }
    }

    @Test func savesAreAtomicAndWriteErrorsNameTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stateDict = try StateDict([("w", try Tensor([1, 2, 3] as [Float]))])
        let url = directory.appendingPathComponent("model.pth")
        try Data("an older file".utf8).write(to: url)
        try stateDict.save(to: url)
        #expect(try StateDict(contentsOf: url)["w"]?.floats() == [1, 2, 3], "replaced whole")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.pth"], "no leftovers")

        let nowhere = directory.appendingPathComponent("no-such-folder/model.pth")
        let error = #expect(throws: TorchError.self) { try stateDict.save(to: nowhere) }
        guard case .file(nowhere.path, .cannotWrite(let reason)) = error else {
            Issue.record("not a cannotWrite error: \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("cannot write the state dict"), "\(reason)")
        let optimizer = try Adam([try Tensor.zeros([2]).setRequiresGrad(true)], lr: 0.1)
        #expect(throws: TorchError.self) { try optimizer.save(to: nowhere) }
        try optimizer.save(to: url)
        #expect(throws: TorchError.self) { try StateDict(contentsOf: url) }  // the optimizer archive replaced it
        try optimizer.load(from: url)
    }

    /// Every byte of the zip structure (local headers, central directory, end records) and every truncation
    /// length, mutated: each load either succeeds or throws a `TorchError`, never crashes.
    @Test func mutatedArchivesNeverCrash() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try Data(contentsOf: fixturesDirectory.appendingPathComponent("tinyvgg_trained.pth"))
        let url = directory.appendingPathComponent("mutated.pth")
        var variants: [Data] = stride(from: 0, to: good.count, by: 97).map { good.prefix($0) }
        let structure = Array(0..<64) + Array(Swift.max(0, good.count - 800)..<good.count)
        for offset in structure {
            var mutated = good
            mutated[offset] ^= 0xFF
            variants.append(mutated)
        }
        var failures = 0
        for variant in variants {
            try variant.write(to: url)
            do {
                _ = try StateDict(contentsOf: url)
            } catch is TorchError {
                failures += 1
            }
        }
        #expect(failures > variants.count / 2, "most mutations are detected (\(failures) of \(variants.count))")
    }

    /// A hand-written archive whose one tensor, "w", claims `shape` (contiguous) over a 4-float storage.
    static func archive(shape: [Int]) throws -> Data {
        func string(_ text: String) -> [UInt8] {
            [0x58, UInt8(text.utf8.count), 0, 0, 0] + Array(text.utf8)
        }
        func int(_ value: Int) -> [UInt8] {
            [0x8A, 8] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }  // LONG1
        }
        var strides = [Int](repeating: 1, count: shape.count)
        for index in shape.indices.dropLast().reversed() {
            strides[index] = strides[index + 1] &* shape[index + 1]
        }
        var pickle: [UInt8] = [0x80, 2, 0x7D] + string("w")
        pickle += Array("ctorch._utils\n_rebuild_tensor_v2\n".utf8) + [0x28, 0x28] + string("storage")
        pickle += Array("ctorch\nFloatStorage\n".utf8) + string("0") + string("cpu") + int(4) + [0x74, 0x51]
        pickle += int(0) + [0x28] + shape.flatMap(int) + [0x74, 0x28] + strides.flatMap(int) + [0x74]
        pickle += [0x89, 0x4E, 0x74, 0x52, 0x73, 0x2E]  // False, None, TUPLE, REDUCE, SETITEM, STOP
        return try pthArchive(pickle: pickle, storages: [("0", [UInt8](repeating: 0, count: 16))])
    }

    /// PthFuzzer's first find: a protocol-4 pickle's FRAME opcode made the release build write into a freed
    /// array (a miscompiled discarded read). FRAME is now skipped without reading; a FRAME cut short is an error.
    @Test func protocolFourFramesAreSkippedAndCheckedForLength() throws {
        let length = (0..<8).map { UInt8(truncatingIfNeeded: 3 >> (8 * $0)) }
        let framed = try pthArchive(pickle: [0x80, 4, 0x95] + length + [0x7D, 0x94, 0x2E])
        #expect(try StateDict(data: framed).count == 0)
        let cut = try pthArchive(pickle: [0x80, 4, 0x95, 3, 0, 0])
        #expect(
            throws: TorchError.file(
                path: "state dict", .corrupt("unexpected end of pickle data (truncated?) at byte 3 of the pickle"))
        ) { try StateDict(data: cut) }
    }

    /// The inputs that crashed PthFuzzer (`TorchRuntime/Fuzz/regressions`) read to a value or a `TorchError`.
    /// The fuzzer replays them under AddressSanitizer: `PthFuzzer ../Fuzz/regressions/*`.
    @Test func fuzzerRegressionsReadCleanly() throws {
        let folder = fixturesDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            do {
                _ = try StateDict(data: data, describedAs: name)
            } catch is TorchError {
                continue
            }
        }
        let frame = try StateDict(data: Data(contentsOf: folder.appendingPathComponent("frame-use-after-free.pth")))
        #expect(frame.count > 0, "the protocol-4 seed itself is a valid state dict")
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
