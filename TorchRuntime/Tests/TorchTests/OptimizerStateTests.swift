import Foundation
import Testing
import TinyVGGFixture
import Torch

/// Saving and restoring an optimizer's state: a run restored from model + optimizer files continues bit for bit.
@Suite struct OptimizerStateTests {
    enum Kind: CaseIterable, CustomStringConvertible {
        case adam, adamAMSGrad, sgdMomentum

        var description: String {
            switch self {
            case .adam: "Adam"
            case .adamAMSGrad: "Adam (amsgrad)"
            case .sgdMomentum: "SGD with momentum"
            }
        }

        func optimizer(for model: Module) throws -> Optimizer {
            switch self {
            case .adam: try Adam(model.parameters(), lr: 0.01)
            case .adamAMSGrad: try Adam(model.parameters(), lr: 0.01, amsgrad: true)
            case .sgdMomentum: try SGD(model.parameters(), lr: 0.05, momentum: 0.9)
            }
        }
    }

    /// Six fixed batches (images and labels) and a TinyVGG seeded with `seed`.
    static func setUp(seed: UInt64) throws -> (model: TinyVGG, batches: [(Tensor, Tensor)]) {
        try withGlobalGenerator {
            Torch.manualSeed(0)
            let batches = try (0..<6).map { index in
                (try Tensor.randn([4, 3, 64, 64]), try Tensor((0..<4).map { Int64(($0 + index) % 3) }))
            }
            Torch.manualSeed(seed)
            return (try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3), batches)
        }
    }

    static func train(_ model: Module, _ optimizer: Optimizer, on batches: some Sequence<(Tensor, Tensor)>) throws {
        model.train()
        for (x, y) in batches {
            try optimizer.zeroGrad()
            try CrossEntropyLoss()(model(x), y).backward()
            try optimizer.step()
        }
    }

    static func weights(_ model: Module) throws -> [Float] {
        try model.parameters().flatMap { try $0.floats() }
    }

    @Test(arguments: Kind.allCases)
    func restoredRunContinuesExactly(kind: Kind) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelFile = directory.appendingPathComponent("model.pth")
        let optimizerFile = directory.appendingPathComponent("optimizer.pt")

        // Uninterrupted: 3 steps, save, 3 more steps.
        let (model, batches) = try Self.setUp(seed: 42)
        let optimizer = try kind.optimizer(for: model)
        try Self.train(model, optimizer, on: batches.prefix(3))
        try model.stateDict().save(to: modelFile)
        try optimizer.save(to: optimizerFile)
        try Self.train(model, optimizer, on: batches.suffix(3))
        let uninterrupted = try Self.weights(model)

        // Resumed: other initial weights, then the saved weights and optimizer state, then the same 3 steps.
        let (resumed, _) = try Self.setUp(seed: 7)
        let resumedOptimizer = try kind.optimizer(for: resumed)
        try resumed.loadStateDict(StateDict(contentsOf: modelFile))
        try resumedOptimizer.load(from: optimizerFile)
        try Self.train(resumed, resumedOptimizer, on: batches.suffix(3))
        #expect(maxAbsDifference(try Self.weights(resumed), uninterrupted) == 0, "\(kind)")

        // Control: the weights alone (fresh optimizer state) do not reproduce the run.
        let (fresh, _) = try Self.setUp(seed: 7)
        let freshOptimizer = try kind.optimizer(for: fresh)
        try fresh.loadStateDict(StateDict(contentsOf: modelFile))
        try Self.train(fresh, freshOptimizer, on: batches.suffix(3))
        #expect(maxAbsDifference(try Self.weights(fresh), uninterrupted) > 0, "\(kind)")
    }

    @Test func stateBytesRoundTripInMemory() throws {
        let (model, batches) = try Self.setUp(seed: 42)
        let optimizer = try Adam(model.parameters(), lr: 0.01)
        try Self.train(model, optimizer, on: batches.prefix(2))
        let bytes = try optimizer.stateBytes()
        let copy = try Adam(model.parameters(), lr: 0.01)
        try copy.loadState(bytes)
        #expect(try copy.stateBytes().count == bytes.count)
        #expect(try optimizer.stateBytes() == bytes)
    }

    @Test func badStateFilesAreErrorsNamingTheFileAndKeepTheState() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (model, batches) = try Self.setUp(seed: 42)
        let adam = try Adam(model.parameters(), lr: 0.01)
        try Self.train(model, adam, on: batches.prefix(2))
        let good = try adam.stateBytes()

        let sgd = try SGD(model.parameters(), lr: 0.05, momentum: 0.9)
        try Self.train(model, sgd, on: batches.prefix(1))
        let wider = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 3, outputShape: 3) }
        let widerAdam = try Adam(wider.parameters(), lr: 0.01)
        try Self.train(wider, widerAdam, on: batches.prefix(1))

        var cases: [(name: String, bytes: [UInt8]?, expected: String)] = [
            ("truncated.pt", Array(good.prefix(good.count / 2)), "not a usable optimizer state"),
            ("header-only.pt", Array(good.prefix(40)), "not a usable optimizer state"),
            ("garbage.pt", Array(repeating: 0x5A, count: 4096), "not a usable optimizer state"),
            ("empty.pt", [], "not a usable optimizer state"),
            ("sgd.pt", try sgd.stateBytes(), "the state of an SGD optimizer cannot be loaded into Adam"),
            ("wider.pt", try widerAdam.stateBytes(), "shape"),
            ("missing.pt", nil, "cannot read the file"),
        ]
        let modelFile = directory.appendingPathComponent("model.pth")
        try model.stateDict().save(to: modelFile)
        cases.append(("model.pth", try Data(contentsOf: modelFile).map { $0 }, "not a usable optimizer state"))
        for (name, bytes, expected) in cases {
            let url = directory.appendingPathComponent(name)
            if let bytes { try Data(bytes).write(to: url) }
            do {
                try adam.load(from: url)
                Issue.record("\(name): loaded without an error")
            } catch let error as TorchError {
                #expect(error.message.hasPrefix(url.path + ": "), "\(name): \(error.message)")
                #expect(error.message.contains(expected), "\(name): \(error.message)")
                guard case .file(url.path, let problem) = error else {
                    Issue.record("\(name): not a file error: \(error)")
                    continue
                }
                switch name {
                case "missing.pt": #expect(problem == .cannotRead(problem.reason))
                case "sgd.pt", "wider.pt": #expect(problem == .mismatched(problem.reason), "\(name)")
                default: #expect(problem == .corrupt(problem.reason), "\(name)")
                }
            }
            #expect(try adam.stateBytes() == good, "\(name): the state changed after a failed load")
        }

        let amsgrad = try Adam(model.parameters(), lr: 0.01, amsgrad: true)
        let plain = directory.appendingPathComponent("plain-adam.pt")
        try Data(good).write(to: plain)
        #expect {
            try amsgrad.load(from: plain)
        } throws: { error in
            "\(error)".hasPrefix(plain.path + ": ") && "\(error)".contains("saved without amsgrad")
        }
    }
}
