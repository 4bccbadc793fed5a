import Foundation
import Testing

@testable import Torch

/// General `torch.save` values (`Torch.save` / `Torch.load`): everything a checkpoint holds crosses to Python and
/// back exactly, tensors keep their identity and their shared storages.
@Suite struct SavedValueTests {
    /// The value `pth_values.py checkpoint_like()` builds in Python, built here.
    static func checkpointLike() throws -> SavedValue {
        let base = try Tensor((0..<12).map(Float.init), shape: [3, 4])
        return [
            "epoch": 7,
            "lr": 1e-3,
            "name": "tinyvgg \u{2713} \u{1F600}",
            "flags": [true, false, nil],
            "shape": .tuple([3, 4]),
            "nested": [0: ["a": [1, [2, [3]]]], -5: .tuple([1.5]), .int(1 << 40): .tuple([])],
            "extremes": [
                .int(Int.min), .int(Int.max), .float(.infinity), .float(-0.0), .float(.leastNonzeroMagnitude),
            ],
            "base": .tensor(base),
            "rows": .tensor(try base.narrow(dim: 0, start: 1, length: 2).narrow(dim: 1, start: 2, length: 2)),
            "transposed": .tensor(try base.permute([1, 0])),
            "again": .tensor(base),
            "param": .tensor(try Tensor([1, 1] as [Float]).setRequiresGrad(true)),
            "empty": .tensor(try Tensor.zeros([0, 3])),
            "scalar": .tensor(try Tensor([3.5] as [Double], shape: [])),
            "ints": .tensor(try Tensor([1, -2, 3, 1 << 40] as [Int64], shape: [2, 2])),
            "int32": .tensor(try Tensor([7, -7] as [Int64]).to(.int32)),
            "bytes": .tensor(try Tensor([0, 255] as [UInt8], shape: [2])),
            "bools": .tensor(try Tensor([1, 0, 1] as [UInt8], shape: [3]).to(.bool)),
            "ordered": .dict(SavedDict([("z", 1), ("a", 2)], isOrderedDict: true)),
        ]
    }

    @Test func aValueRoundTripsWithItsTensorsIdentitiesAndStorages() throws {
        let value = try Self.checkpointLike()
        let data = try Torch.save(value)
        let loaded = try Torch.load(data: data)
        let expected = try PythonDescription(value)
        #expect(try PythonDescription(loaded) == expected)
        #expect(expected.same == [["/base", "/again"]])
        #expect(expected.shared.count == 6, "base, rows, transposed and again share one storage")
        // One record per storage: base's (shared by four tensors) and the seven others'.
        let archive = try StoredZipArchive(data: data, describe: "value")
        #expect(archive.entries.filter { $0.name.hasPrefix("archive/data/") }.count == 8)
        #expect(loaded["again"]?.tensorValue === loaded["base"]?.tensorValue)
        #expect(loaded["nested"]?[0]?["a"]?.elements?[1].elements?[1].elements?[0].intValue == 3)
        #expect(loaded["lr"]?.doubleValue == 1e-3)
        #expect(loaded["epoch"]?.doubleValue == 7, "an int reads as a number too")
        #expect(loaded["shape"]?.elements?.compactMap(\.intValue) == [3, 4])
    }

    @Test(.enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"))
    func pythonReadsWhatSwiftSaves() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("checkpoint.pt")
        let value = try Self.checkpointLike()
        try Torch.save(value, to: url)
        let run = try runProcess(python, [Self.script, "describe", url.path])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        let fromPython = try PythonDescription(output: run.output)
        let swift = try PythonDescription(value)
        #expect(fromPython.value == swift.value, "\(fromPython.value)\n\(swift.value)")
        #expect(fromPython.shared == swift.shared)
        #expect(fromPython.same == swift.same)
    }

    @Test(.enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"))
    func swiftReadsWhatPythonSaves() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("checkpoint.pt")
        let run = try runProcess(python, [Self.script, "write", url.path])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        let fromPython = try PythonDescription(output: run.output)
        let swift = try PythonDescription(try Torch.load(from: url))
        #expect(swift.value == fromPython.value, "\(swift.value)\n\(fromPython.value)")
        #expect(swift.shared == fromPython.shared)
        #expect(swift.same == fromPython.same)
        #expect(try PythonDescription(try Self.checkpointLike()).value == fromPython.value, "the two builders agree")
    }

    static let script = fixturesDirectory.appendingPathComponent("pth_values.py").path

    @Test func writingIsLimitedAsReadingIs() throws {
        var deep: SavedValue = 1
        for _ in 0..<SavedValue.maxNestingDepth { deep = [deep] }
        #expect(try Torch.load(data: Torch.save(deep)).elements?.count == 1)
        let tooDeep: SavedValue = [deep]
        #expect(throws: TorchError.file(path: "saved value", .cannotWrite("containers nested deeper than 1000 levels")))
        {
            try Torch.save(tooDeep)
        }
    }

    @Test func dictsKeepOrderAndPythonsAssignmentRules() {
        var dict: SavedDict = ["b": 1, 2: "two", "a": 3, "b": 4]
        #expect(dict.keys == ["b", 2, "a"])
        #expect(dict["b"]?.intValue == 4, "a repeated literal key keeps its place and its last value")
        dict["b"] = nil
        dict["c"] = [1.5]
        #expect(dict.keys == [2, "a", "c"])
        #expect(dict[2]?.stringValue == "two")
        #expect("\(SavedValue.dict(dict))" == "{2: 'two', 'a': 3, 'c': [1.5]}")
    }
}
