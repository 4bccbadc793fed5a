import Foundation
import Testing
import TinyVGGFixture
import Torch

/// `summary(inputSize:)` against torchinfo 1.8's own tables (Fixtures/model_summaries.json, written by
/// Fixtures/make_summary_fixtures.py), and the forward hooks it records with.
@Suite("Model summary")
struct ModelSummaryTests {
    /// One table of the fixture: the model, the input size, torchinfo's options, and what torchinfo printed.
    struct Case: Decodable, CustomTestStringConvertible {
        struct Options: Decodable {
            var colNames: [String]?
            var rowSettings: [String]?
            var depth: Int?
            var mode: String?
            var colWidth: Int?
        }

        var name: String
        var model: String
        var inputSize: [Int]
        var options: Options
        var table: String

        var testDescription: String { name }
    }

    static let cases: [Case] = {
        struct Document: Decodable { var cases: [Case] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let url = fixturesDirectory.appendingPathComponent("model_summaries.json")
        guard let data = try? Data(contentsOf: url), let document = try? decoder.decode(Document.self, from: data)
        else { return [] }
        return document.cases
    }()

    @Test func theFixtureHoldsTheLessonsTable() {
        #expect(Self.cases.map(\.name).contains("tinyvgg"))
        #expect(Self.cases.first { $0.name == "tinyvgg" }?.inputSize == [32, 3, 64, 64])
    }

    @Test(arguments: cases)
    func tableMatchesTorchinfo(_ testCase: Case) throws {
        let statistics = try withGlobalGenerator { () throws -> ModelStatistics in
            let model = try Self.model(named: testCase.model)
            let options = testCase.options
            return try model.summary(
                inputSize: testCase.inputSize,
                columns: try (options.colNames ?? ["output_size", "num_params"]).map {
                    try #require(ModelStatistics.Column(rawValue: $0))
                },
                columnWidth: options.colWidth ?? 25, depth: options.depth ?? 3,
                mode: try #require(ModelStatistics.Mode(rawValue: options.mode ?? "eval")),
                rowSettings: Set(
                    try (options.rowSettings ?? ["depth"]).map {
                        try #require(ModelStatistics.RowSetting(rawValue: $0))
                    }
                ))
        }
        #expect(statistics.description == testCase.table)
        if statistics.description != testCase.table {
            let ours = statistics.description.split(separator: "\n", omittingEmptySubsequences: false)
            let theirs = testCase.table.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, (line, expected)) in zip(ours, theirs).enumerated() where line != expected {
                Issue.record("line \(index + 1):\n  swift: \(line)\n  torchinfo: \(expected)")
            }
        }
    }

    @Test func totalsAndRowsOfTheLessonsModel() throws {
        let statistics = try withGlobalGenerator {
            try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3).summary(inputSize: [32, 3, 64, 64])
        }
        #expect(statistics.totalParams == 8083 && statistics.trainableParams == 8083)
        #expect(statistics.nonTrainableParams == 0)
        #expect(statistics.totalInputBytes == 32 * 3 * 64 * 64 * 4 + 56)
        #expect(statistics.totalParamBytes == 8083 * 4)
        #expect(statistics.layers.count == 16)
        let first = try #require(statistics.layers.first { $0.className == "Conv2d" })
        #expect(first.depth == 2 && first.depthIndex == 1 && first.varName == "0")
        #expect(first.inputSize == [32, 3, 64, 64] && first.outputSize == [32, 10, 62, 62])
        #expect(first.numParams == 280 && first.macs == 280 * 32 * 62 * 62)
        #expect(statistics.layers.last?.outputSize == [32, 3])
    }

    @Test func theModelKeepsItsModeAndLosesTheHooks() throws {
        try withGlobalGenerator {
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            var calls = 0
            model.convBlock1[0].registerForwardHook { _, _, _ in calls += 1 }
            _ = try model.summary(inputSize: [1, 3, 64, 64], mode: .eval)
            #expect(calls == 1)
            #expect(model.isTraining && model.classifier[1].isTraining)
            model.eval()
            _ = try model.summary(inputSize: [1, 3, 64, 64], mode: .train)
            #expect(!model.isTraining && !model.convBlock2[0].isTraining)
            // The summary's own hooks are gone: a second summary lists each layer once, not twice.
            let again = try model.summary(inputSize: [1, 3, 64, 64])
            #expect(again.layers.count == 16)
            #expect(calls == 3)
        }
    }

    @Test func theInputIsTorchRandFromTheGlobalGenerator() throws {
        let (afterSummary, afterRand) = try withGlobalGenerator { () throws -> ([Float], [Float]) in
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            Torch.manualSeed(11)
            _ = try model.summary(inputSize: [2, 3, 64, 64])
            let afterSummary = try Tensor.randn([4]).floats()
            Torch.manualSeed(11)
            _ = try Tensor.rand([2, 3, 64, 64])
            return (afterSummary, try Tensor.randn([4]).floats())
        }
        #expect(afterSummary == afterRand)
    }

    @Test func aFailingForwardPassLeavesTheModelAsItWas() throws {
        try withGlobalGenerator {
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            #expect(throws: TorchError.self) { try model.summary(inputSize: [1, 3, 32, 32]) }
            #expect(model.isTraining)
            var calls = 0
            model.convBlock1[0].registerForwardPreHook { _, _ in calls += 1 }
            _ = try model(Tensor.zeros([1, 3, 64, 64]))
            #expect(calls == 1)
        }
    }

    @Test func badSizesAreRefused() throws {
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3) }
        for size in [[], [1, 0, 64, 64], [-1, 3, 64, 64]] {
            let error = #expect(throws: TorchError.self) { try model.summary(inputSize: size) }
            guard case .invalidArgument("torchinfo.summary", _) = error else {
                Issue.record("\(size): \(String(describing: error))")
                continue
            }
        }
        #expect(throws: TorchError.self) { try model.summary(inputSize: [1, 3, 64, 64], columnWidth: 0) }
    }

    @Test func hooksRunInOrderAroundForwardAndCanBeRemoved() throws {
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3) }
        var events: [String] = []
        let pre = model.registerForwardPreHook { module, input in
            events.append("pre \(type(of: module)) \(input.shape)")
        }
        let post = model.registerForwardHook { _, _, output in events.append("post \(output.shape)") }
        model.classifier.registerForwardHook { _, input, _ in events.append("classifier \(input.shape)") }
        let output = try model(Tensor.zeros([2, 3, 64, 64]))
        #expect(
            events == ["pre TinyVGG [2, 3, 64, 64]", "classifier [2, 2, 13, 13]", "post [2, 3]"])
        // forward(_:) called directly runs no hooks, as in PyTorch.
        events = []
        let direct = try model.forward(Tensor.zeros([2, 3, 64, 64]))
        #expect(events == ["classifier [2, 2, 13, 13]"])
        #expect(try direct.floats() == output.floats())
        pre.remove()
        post.remove()
        pre.remove()
        events = []
        _ = try model(Tensor.zeros([1, 3, 64, 64]))
        #expect(events == ["classifier [1, 2, 13, 13]"])
    }

    @Test func aThrowingHookStopsTheCall() throws {
        let layer = try withGlobalGenerator { try Linear(inFeatures: 2, outFeatures: 1) }
        layer.registerForwardPreHook { _, _ in throw TorchError.notImplemented("stop") }
        #expect(throws: TorchError.notImplemented("stop")) { try layer(Tensor.zeros([1, 2])) }
    }

    /// The models of the fixture, built as make_summary_fixtures.py builds them.
    static func model(named name: String) throws -> Module {
        switch name {
        case "TinyVGG":
            return try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
        case "TinyVGG-frozen-block-1":
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
            for parameter in model.convBlock1.parameters() {
                _ = try parameter.setRequiresGrad(false)
            }
            return model
        case "DirectShared":
            return try DirectShared()
        default:
            throw TorchError.notImplemented("no model \(name) in ModelSummaryTests")
        }
    }
}

/// make_summary_fixtures.py's `DirectShared`: calls its Sequential's layers one by one (the Sequential itself is
/// never called) and one conv twice.
final class DirectShared: Module {
    let features: Sequential
    let conv: Conv2d
    let act = ReLU()
    let head: Linear

    init(inputChannels: Int = 3) throws {
        features = Sequential(try Conv2d(inChannels: inputChannels, outChannels: 4, kernelSize: 3), ReLU())
        conv = try Conv2d(inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1)
        head = try Linear(inFeatures: 4 * 14 * 14, outFeatures: 2)
        super.init()
        register(features, as: "features")
        register(conv, as: "conv")
        register(act, as: "act")
        register(head, as: "head")
    }

    override func forward(_ x: Tensor) throws -> Tensor {
        let y = try features[1](features[0](x))
        return try head(conv(act(conv(y))).flatten(startDim: 1))
    }
}
