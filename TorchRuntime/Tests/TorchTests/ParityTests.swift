import Foundation
import Testing
import TinyVGGFixture
import Torch

/// Swift against PyTorch 1.13.1: the committed fixtures hold Python's numbers; max |Δ| must be ≤ 1e-6.
///
/// Training runs at the fixtures' thread count (1), where Swift matches Python bit for bit on this machine; with
/// more threads libtorch may sum gradients in another order (|Δ| ~1e-8). Serialized, because the thread count is
/// process-wide and one test here checks its default.
@Suite("Parity with PyTorch", .serialized)
struct ParityTests {
    let fixture: ParityFixture
    static let tolerance: Float = 1e-6

    init() throws {
        fixture = try ParityFixture.load()
    }

    /// The fixture's batch, drawn with randn after manualSeed(batchSeed), and its labels.
    private func batch() throws -> (Tensor, Tensor) {
        let x = try withGlobalGenerator {
            Torch.manualSeed(fixture.batchSeed)
            return try Tensor.randn(fixture.batchShape)
        }
        return (x, try Tensor(fixture.labels))
    }

    private func model(from parameters: [ParityFixture.Parameter]) throws -> TinyVGG {
        let model = try withGlobalGenerator {
            try TinyVGG(inputShape: 3, hiddenUnits: fixture.hiddenUnits, outputShape: fixture.classes)
        }
        try model.loadStateDict(StateDict(parameters.map { ($0.name, try Tensor($0.values, shape: $0.shape)) }))
        return model
    }

    private func expectParameters(
        _ model: Module, equal expected: [ParityFixture.Parameter], _ label: String
    ) throws {
        let actual = model.namedParameters()
        #expect(actual.map(\.0) == expected.map(\.name), "\(label): parameter names and order")
        for ((name, tensor), reference) in zip(actual, expected) {
            #expect(tensor.shape == reference.shape, "\(label): \(name) shape")
            let delta = maxAbsDifference(try tensor.floats(), reference.values)
            #expect(delta <= Self.tolerance, "\(label): \(name) max |Δ| = \(delta)")
        }
    }

    @Test func randnMatchesPyTorch() throws {
        let (x, _) = try batch()
        let values = try x.floats()
        #expect(Array(values.prefix(fixture.batchPrefix.count)) == fixture.batchPrefix)
        #expect(Swift.abs(try x.to(.float64).sum().item() - fixture.batchSum) < 1e-9)
    }

    @Test func seededInitialisationMatchesPyTorch() throws {
        let model = try withGlobalGenerator {
            Torch.manualSeed(fixture.seed)
            return try TinyVGG(inputShape: 3, hiddenUnits: fixture.hiddenUnits, outputShape: fixture.classes)
        }
        try expectParameters(model, equal: fixture.initialParameters, "initial weights")
    }

    @Test func forwardSoftmaxArgmaxMatchPyTorch() throws {
        let model = try model(from: fixture.initialParameters)
        let (x, _) = try batch()
        model.eval()
        let logits = try noGrad { try model(x) }
        #expect(logits.shape == [fixture.batchShape[0], fixture.classes])
        let delta = maxAbsDifference(try logits.floats(), fixture.logits)
        #expect(delta <= Self.tolerance, "logits max |Δ| = \(delta)")
        let softmaxDelta = maxAbsDifference(try logits.softmax(dim: 1).floats(), fixture.softmax)
        #expect(softmaxDelta <= Self.tolerance, "softmax max |Δ| = \(softmaxDelta)")
        #expect(try logits.argmax(dim: 1).int64s() == fixture.argmax)
    }

    private func train(_ training: ParityFixture.Training, makeOptimizer: ([Tensor]) throws -> Optimizer) throws {
        let threads = Torch.numThreads
        Torch.setNumThreads(fixture.threads)
        defer { Torch.setNumThreads(threads) }
        let model = try model(from: fixture.initialParameters)
        let (x, y) = try batch()
        let optimizer = try makeOptimizer(model.parameters())
        let lossFunction = CrossEntropyLoss()
        for step in 1...training.losses.count {
            model.train()
            try optimizer.zeroGrad()
            let loss = try lossFunction(model(x), y)
            try loss.backward()
            try optimizer.step()
            let lossDelta = Swift.abs(try loss.item() - training.losses[step - 1])
            #expect(lossDelta <= Double(Self.tolerance), "loss at step \(step): |Δ| = \(lossDelta)")
            if let expected = training.parametersAfter[String(step)] {
                try expectParameters(model, equal: expected, "after step \(step)")
            }
        }
    }

    @Test func adamStepsMatchPyTorch() throws {
        try train(fixture.adam) { try Adam($0, lr: fixture.adam.lr) }
    }

    @Test func sgdWithMomentumStepsMatchPyTorch() throws {
        try train(fixture.sgd) { try SGD($0, lr: fixture.sgd.lr, momentum: fixture.sgd.momentum ?? 0) }
    }

    @Test func threadCountDefaultsToTheMachineCores() {
        let threads = Torch.numThreads
        #expect(threads == ProcessInfo.processInfo.activeProcessorCount)
    }

    @Test func stateDictSavedByPythonLoadsAndGivesTheSameLogits() throws {
        let url = fixturesDirectory.appendingPathComponent("tinyvgg_trained.pth")
        let stateDict = try StateDict(contentsOf: url)
        #expect(stateDict.keys == fixture.initialParameters.map(\.name))
        let model = try withGlobalGenerator {
            try TinyVGG(inputShape: 3, hiddenUnits: fixture.hiddenUnits, outputShape: fixture.classes)
        }
        try model.loadStateDict(stateDict)
        let (x, _) = try batch()
        model.eval()
        let logits = try noGrad { try model(x) }
        let delta = maxAbsDifference(try logits.floats(), fixture.trainedLogits)
        #expect(delta <= Self.tolerance, "logits from the Python-saved state dict: max |Δ| = \(delta)")
    }
}
