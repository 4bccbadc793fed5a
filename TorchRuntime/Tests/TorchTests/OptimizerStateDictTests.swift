import Foundation
import Testing
import TinyVGGFixture

@testable import Torch

/// Optimizer state dicts in `torch.optim`'s layout: a run saved here resumes in Python's `torch.optim.Adam` (and
/// SGD), a run saved by Python resumes here, and both reach the weights of the uninterrupted run.
@Suite struct OptimizerStateDictTests {
    enum Kind: String, CaseIterable, CustomStringConvertible {
        case adam
        case adamAMSGrad = "adam_amsgrad"
        case sgdMomentum = "sgd_momentum"

        var description: String { rawValue }

        /// The optimizer `optimizer_interop.py` builds for this kind (`placeholder`: hyper-parameters that
        /// `loadStateDict` must replace).
        func optimizer(for model: Module, placeholder: Bool = false) throws -> Optimizer {
            switch (self, placeholder) {
            case (.sgdMomentum, true): try SGD(model.parameters(), lr: 123)
            case (_, true): try Adam(model.parameters(), lr: 123)
            case (.adam, false): try Adam(model.parameters(), lr: 0.01)
            case (.adamAMSGrad, false):
                try Adam(model.parameters(), lr: 0.01, betas: (0.8, 0.99), eps: 1e-6, weightDecay: 0.01, amsgrad: true)
            case (.sgdMomentum, false):
                try SGD(model.parameters(), lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.001)
            }
        }
    }

    static let script = fixturesDirectory.appendingPathComponent("optimizer_interop.py").path
    static let tolerance: Float = 1e-6

    /// What the script prints about the optimizer state dict it ends with.
    struct Summary: Decodable {
        var stateKeys: [Int]
        var entryKeys: [String]
        var paramGroups: [[String: JSONValue]]

        enum CodingKeys: String, CodingKey {
            case stateKeys = "state_keys"
            case entryKeys = "entry_keys"
            case paramGroups = "param_groups"
        }
    }

    /// A JSON scalar or list of scalars (param group values).
    enum JSONValue: Decodable, Equatable {
        case number(Double)
        case bool(Bool)
        case null
        case list([JSONValue])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .list(try container.decode([JSONValue].self))
            }
        }

        init(_ value: SavedValue) {
            switch value {
            case .bool(let flag): self = .bool(flag)
            case .int, .float: self = .number(value.doubleValue ?? .nan)
            case .list(let items), .tuple(let items): self = .list(items.map(JSONValue.init))
            default: self = .null
            }
        }
    }

    static func summary(_ output: String) throws -> Summary {
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONDecoder().decode(Summary.self, from: Data(line.utf8))
    }

    /// Swift trains 3 steps and saves a checkpoint; Python resumes it (its optimizer built with a placeholder
    /// learning rate, which load_state_dict replaces) for 3 more steps; Swift goes on uninterrupted. Same weights.
    @Test(
        .enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"),
        arguments: Kind.allCases)
    func pythonResumesASwiftCheckpoint(kind: Kind) throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (model, batches) = try OptimizerStateTests.setUp(seed: 42)
        let optimizer = try kind.optimizer(for: model)
        try OptimizerStateTests.train(model, optimizer, on: batches.prefix(3))
        let checkpoint: SavedValue = [
            "kind": .string(kind.rawValue),
            "model_state_dict": .dict(try model.stateDict().savedDict),
            "optimizer_state_dict": try optimizer.stateDict(),
            "batches": .list(batches.suffix(3).map { .tuple([.tensor($0.0), .tensor($0.1)]) }),
        ]
        let url = directory.appendingPathComponent("swift.pt")
        try Torch.save(checkpoint, to: url)
        try OptimizerStateTests.train(model, optimizer, on: batches.suffix(3))

        let resumed = directory.appendingPathComponent("python.pt")
        let run = try runProcess(python, [Self.script, "resume", url.path, resumed.path])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        let fromPython = try Torch.load(from: resumed)
        let weights = try StateDict(try #require(fromPython["model_state_dict"]))
        #expect(weights.keys == model.namedParameters().map(\.0))
        let delta = maxAbsDifference(
            try weights.entries.flatMap { try $0.tensor.floats() }, try OptimizerStateTests.weights(model))
        #expect(delta <= Self.tolerance, "\(kind): Python's resumed weights vs Swift's: max |Δ| = \(delta)")

        // Python's optimizer state after the 3 steps matches ours, and its hyper-parameters are the saved ones.
        let summary = try Self.summary(run.output)
        let ours = try optimizer.stateDict()
        let group = try #require(ours["param_groups"]?.elements?.first?.dictValue)
        for (key, value) in group where key != "params" {
            guard case .string(let name) = key else { continue }
            #expect(summary.paramGroups.first?[name] == JSONValue(value), "\(kind): param_groups \(name)")
        }
        let theirs = try #require(fromPython["optimizer_state_dict"])
        try Self.expectStatesClose(theirs, ours, "\(kind)")
    }

    /// Python trains 3 steps and saves a checkpoint with its optimizer's state_dict(); Swift resumes it with an
    /// optimizer built with a placeholder learning rate and reaches Python's weights after 3 more steps.
    @Test(
        .enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"),
        arguments: Kind.allCases)
    func swiftResumesAPythonCheckpoint(kind: Kind) throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("python.pt")
        let run = try runProcess(python, [Self.script, "start", kind.rawValue, url.path])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        let checkpoint = try Torch.load(from: url)
        let batches = try #require(checkpoint["batches"]?.elements).map { batch in
            (try #require(batch.elements?[0].tensorValue), try #require(batch.elements?[1].tensorValue))
        }
        let expected = try StateDict(try #require(checkpoint["continued"])).entries.flatMap { try $0.tensor.floats() }

        let (model, _) = try OptimizerStateTests.setUp(seed: 7)
        let optimizer = try kind.optimizer(for: model, placeholder: true)
        try model.loadStateDict(StateDict(try #require(checkpoint["model_state_dict"])))
        try optimizer.loadStateDict(try #require(checkpoint["optimizer_state_dict"]))
        #expect(optimizer.learningRate == (kind == .sgdMomentum ? 0.05 : 0.01))
        // Our state dict now has Python's layout: the same state keys, entry keys and param_groups keys.
        let summary = try Self.summary(run.output)
        let ours = try optimizer.stateDict()
        #expect(ours["state"]?.dictValue?.keys == summary.stateKeys.map { .int($0) })
        #expect(
            Set(ours["state"]?[0]?.dictValue?.keys ?? []) == Set(summary.entryKeys.map { .string($0) }), "\(kind)")
        // torch.optim's layout of 1.13: a torch 2.x Python adds keys the runtime does not write (and ignores when it
        // reads them), Adam's `decoupled_weight_decay` and SGD's `fused`; with torch 1.13 the keys are the same.
        let ourGroupKeys = Set(ours["param_groups"]?.elements?.first?.dictValue?.keys ?? [])
        let pythonGroupKeys = Set(summary.paramGroups.first?.keys.map { SavedDict.Key.string($0) } ?? [])
        let laterKeys: Set<SavedDict.Key> = ["decoupled_weight_decay", "fused"]
        #expect(ourGroupKeys.isSubset(of: pythonGroupKeys), "\(kind): \(ourGroupKeys) vs \(pythonGroupKeys)")
        #expect(
            pythonGroupKeys.subtracting(ourGroupKeys).isSubset(of: laterKeys),
            "\(kind): \(ourGroupKeys) vs \(pythonGroupKeys)")
        try OptimizerStateTests.train(model, optimizer, on: batches)
        let delta = maxAbsDifference(try OptimizerStateTests.weights(model), expected)
        #expect(delta <= Self.tolerance, "\(kind): Swift's resumed weights vs Python's: max |Δ| = \(delta)")

        // Control: the weights alone (a fresh optimizer state) do not reach them.
        let (fresh, _) = try OptimizerStateTests.setUp(seed: 7)
        let freshOptimizer = try kind.optimizer(for: fresh)
        try fresh.loadStateDict(StateDict(try #require(checkpoint["model_state_dict"])))
        try OptimizerStateTests.train(fresh, freshOptimizer, on: batches)
        #expect(maxAbsDifference(try OptimizerStateTests.weights(fresh), expected) > 1e-4, "\(kind)")
    }

    /// Step counts equal; every state tensor within the tolerance.
    static func expectStatesClose(_ first: SavedValue, _ second: SavedValue, _ label: String) throws {
        let firstState = try #require(first["state"]?.dictValue)
        let secondState = try #require(second["state"]?.dictValue)
        #expect(firstState.keys == secondState.keys, "\(label): state keys")
        for (key, entry) in firstState {
            for (name, value) in try #require(entry.dictValue) {
                let other = try #require(secondState[key]?[name]?.tensorValue, "\(label): \(key) \(name)")
                let tensor = try #require(value.tensorValue)
                #expect(tensor.shape == other.shape, "\(label): \(key) \(name)")
                let delta = maxAbsDifference(try tensor.floats(), try other.floats())
                #expect(delta <= Self.tolerance, "\(label): state \(key) \(name): max |Δ| = \(delta)")
            }
        }
    }

    /// In Swift alone: the state dict, saved and loaded into a new optimizer over other weights, continues the run
    /// bit for bit.
    @Test(arguments: Kind.allCases)
    func aSavedStateDictContinuesTheRunExactly(kind: Kind) throws {
        let (model, batches) = try OptimizerStateTests.setUp(seed: 42)
        let optimizer = try kind.optimizer(for: model)
        try OptimizerStateTests.train(model, optimizer, on: batches.prefix(3))
        let weights = try Torch.save(.dict(try model.stateDict().savedDict))
        let state = try Torch.save(try optimizer.stateDict())
        try OptimizerStateTests.train(model, optimizer, on: batches.suffix(3))

        let (resumed, _) = try OptimizerStateTests.setUp(seed: 7)
        let resumedOptimizer = try kind.optimizer(for: resumed, placeholder: true)
        try resumed.loadStateDict(StateDict(data: weights))
        try resumedOptimizer.loadStateDict(Torch.load(data: state))
        try OptimizerStateTests.train(resumed, resumedOptimizer, on: batches.suffix(3))
        #expect(try OptimizerStateTests.weights(resumed) == OptimizerStateTests.weights(model), "\(kind)")
        let step = try resumedOptimizer.stateDict()["state"]?[0]?["step"]?.tensorValue
        if kind != .sgdMomentum {
            #expect(step?.dtype == .float32)
            #expect(step?.shape == [])
            #expect(try step?.item() == 6)
        }
    }

    /// State dicts that do not fit are refused with the reason, and the optimizer keeps its state and learning rate.
    @Test func unfitStateDictsAreRefusedAndChangeNothing() throws {
        let (model, batches) = try OptimizerStateTests.setUp(seed: 42)
        let adam = try Adam(model.parameters(), lr: 0.01, amsgrad: false)
        try OptimizerStateTests.train(model, adam, on: batches.prefix(2))
        let good = try adam.stateDict()
        let before = try adam.stateBytes()

        func edited(_ edit: (inout SavedDict, inout SavedDict) throws -> Void) throws -> SavedValue {
            var root = try #require(good.dictValue)
            var state = try #require(root["state"]?.dictValue)
            var group = try #require(root["param_groups"]?.elements?.first?.dictValue)
            try edit(&state, &group)
            root["state"] = .dict(state)
            root["param_groups"] = [.dict(group)]
            return .dict(root)
        }
        let cases: [(SavedValue, String)] = [
            ([1, 2], "not an optimizer state dict"),
            (["state": [:], "param_groups": [good["param_groups"]?.elements?[0] ?? nil, nil]], "2 parameter groups"),
            (try edited { _, group in group["params"] = [0, 1] }, "holds 2 parameters; this optimizer has 10"),
            (try edited { _, group in group["maximize"] = true }, "maximize=True is not supported"),
            (try edited { _, group in group["decoupled_weight_decay"] = true }, "decoupled_weight_decay"),
            (try edited { _, group in group["amsgrad"] = true }, "no tensor \"max_exp_avg_sq\""),
            (try edited { _, group in group["betas"] = .tuple([0.9, 1.5]) }, "out of range"),
            (try edited { _, group in group["lr"] = "fast" }, "\"lr\" is str, not a number"),
            (try edited { state, _ in state[42] = state[0] }, "parameter 42, which the parameter group does not list"),
            (
                try edited { state, _ in
                    var entry = try #require(state[0]?.dictValue)
                    entry["step"] = 2.5
                    state[0] = .dict(entry)
                },
                "no valid \"step\""
            ),
            (
                try edited { state, _ in
                    var entry = try #require(state[1]?.dictValue)
                    entry["exp_avg"] = .tensor(try Tensor.zeros([7]))
                    state[1] = .dict(entry)
                },
                "has shape [7], the parameter [2]"
            ),
        ]
        for (value, expected) in cases {
            let error = #expect(throws: TorchError.self, "\(expected)") { try adam.loadStateDict(value) }
            #expect(error?.message.hasPrefix("Adam.load_state_dict: ") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(expected) == true, "\(expected): \(error?.message ?? "")")
            #expect(try adam.stateBytes() == before, "\(expected): the state changed")
            #expect(adam.learningRate == 0.01)
        }
        let sgd = try SGD(model.parameters(), lr: 0.1, momentum: 0.9)
        #expect(throws: TorchError.self) { try sgd.loadStateDict(good) }
    }
}
