import Foundation
import Testing
import Torch

/// `Checkpoint`: one `torch.save` dict in the convention of PyTorch's tutorials (`model_state_dict`,
/// `optimizer_state_dict`, `epoch`, ...) with the settings, the ranks and the generator's state; atomic saves; resume
/// checks; damaged files and the earlier format as one-line errors; Python resuming a Swift checkpoint and back.
@Suite(.serialized) struct CheckpointTests {
    struct Settings: Codable, Equatable, Sendable {
        var batchSize: Int
        var seed: UInt64
    }

    let settings = Settings(batchSize: 8, seed: 1)
    let names = ["train_loss", "train_acc", "test_loss", "test_acc"]

    func history(epochs: Int) -> MetricHistory {
        var history = MetricHistory(names)
        for epoch in 0..<epochs {
            history.append(["train_loss": 1 - Double(epoch) / 10, "train_acc": 0.5, "test_loss": 1, "test_acc": 0.25])
        }
        return history
    }

    /// A small model, its Adam and one step on fixed data.
    final class Run {
        let model: Sequential
        let adam: Adam
        let images: Tensor
        let labels: Tensor

        init() throws {
            (model, images) = try withGlobalGenerator {
                Torch.manualSeed(3)
                return (
                    Sequential(
                        try Linear(inFeatures: 4, outFeatures: 3), ReLU(), try Linear(inFeatures: 3, outFeatures: 2)),
                    try Tensor.randn([6, 4])
                )
            }
            adam = try Adam(model.parameters(), lr: 0.05)
            labels = try Tensor([0, 1, 0, 1, 1, 0] as [Int64])
        }

        var states: [String: TrainingState] { ["model": .module(model), "optimizer": .optimizer(adam)] }

        func step() throws {
            try adam.zeroGrad()
            try model(images).crossEntropy(labels).backward()
            try adam.step()
        }

        func weights() throws -> [Float] { try model.parameters().flatMap { try $0.floats() } }
    }

    /// The message of the error `body` throws.
    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func savesOneTorchSaveDictAndResumesExactly() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("checkpoint.pth")
        let original = try Run()
        var drawsAfterSave: [Float] = []
        try withGlobalGenerator {
            for epoch in 1...2 {
                try original.step()
                Torch.manualSeed(UInt64(10 + epoch))
                try Checkpoint(epoch: epoch, settings: settings, history: history(epochs: epoch))
                    .save(original.states, to: file)
            }
            drawsAfterSave = try Tensor.randn([5]).floats()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint.pth"])
        // PyTorch's tutorial layout, in that order, with the optimizer in torch.optim's own.
        let saved = try Torch.load(from: file)
        #expect(
            saved.dictValue?.keys == [
                "epoch", "model_state_dict", "optimizer_state_dict", "world_size", "settings", "metrics", "rng_state",
            ])
        #expect(saved["epoch"]?.intValue == 2 && saved["world_size"]?.intValue == 1)
        #expect(try StateDict(try #require(saved["model_state_dict"])).keys == original.model.stateDict().keys)
        #expect(saved["optimizer_state_dict"]?["state"]?[0]?["exp_avg"] != nil)
        #expect(saved["settings"]?["batchSize"]?.intValue == 8 && saved["settings"]?["seed"]?.intValue == 1)
        #expect(saved["metrics"]?.dictValue?.keys == names.map { .string($0) })
        #expect(saved["rng_state"]?.tensorValue?.dtype == .uint8)

        let copy = try Run()
        try withGlobalGenerator {
            Torch.manualSeed(99)
            let resumed = try #require(
                try Checkpoint.resume(from: file, settings: settings, epochs: 5, states: copy.states))
            #expect(resumed.epoch == 2 && resumed.worldSize == 1 && resumed.settings == settings)
            #expect(resumed.history == history(epochs: 2))
            #expect(resumed.history.names == names)  // the order survives the file
            // The generator is where it was after the save: the next draws are the original run's.
            #expect(try Tensor.randn([5]).floats() == drawsAfterSave)
        }
        #expect(try copy.weights() == original.weights())
        // Adam's moments came back too: the next steps land exactly where the original's do.
        for _ in 1...3 {
            try original.step()
            try copy.step()
        }
        #expect(try copy.weights() == original.weights())
        #expect(
            try Checkpoint.resume(
                from: folder.appendingPathComponent("none.pth"), settings: settings, epochs: 5, states: copy.states)
                == nil)
    }

    @Test func settingsCrossAsPlainPythonValues() throws {
        struct Rich: Codable, Equatable, Sendable {
            var name: String
            var rate: Double
            var tiny: Double
            var flag: Bool
            var count: Int
            var layers: [Int]
            var nested: [String: String]
            var missing: String?
        }
        let rich = Rich(
            name: "tiny \"vgg\"\n\\ é ✓", rate: 0.001, tiny: 1e-300, flag: true, count: -3, layers: [1, 0, 64],
            nested: ["b": "2", "a": "1"], missing: nil)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("checkpoint.pth")
        let run = try Run()
        try Checkpoint(epoch: 1, settings: rich, history: history(epochs: 1)).save(run.states, to: file)
        let saved = try #require(try Torch.load(from: file)["settings"])
        #expect(saved["flag"]?.boolValue == true && saved["count"]?.intValue == -3)
        #expect(saved["rate"]?.doubleValue == 0.001 && saved["layers"]?.elements?.count == 3)
        #expect(try Checkpoint<Rich>.load(from: file)?.settings == rich)
        // A UInt64 beyond Python's 64-bit pickled ints is refused before anything is written.
        let huge = Settings(batchSize: 1, seed: .max)
        #expect(throws: TorchError.self) {
            try Checkpoint(epoch: 1, settings: huge, history: history(epochs: 1)).save(run.states, to: file)
        }
        #expect(try Checkpoint<Rich>.load(from: file)?.settings == rich)  // the earlier file is intact
    }

    @Test func refusesAnotherRunsCheckpoint() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("checkpoint.pth")
        let run = try Run()
        try Checkpoint(epoch: 3, worldSize: 2, settings: settings, history: history(epochs: 3)).save(
            run.states, to: file)
        let other = message {
            _ = try Checkpoint.resume(
                from: file, settings: Settings(batchSize: 4, seed: 1), worldSize: 2, epochs: 5, states: run.states)
        }
        #expect(other == "\(file.path): cannot resume: it was made with batchSize 8 (this run: 4)")
        let ranks = message {
            _ = try Checkpoint.resume(from: file, settings: settings, worldSize: 1, epochs: 5, states: run.states)
        }
        #expect(ranks == "\(file.path): cannot resume: it was made by 2 ranks, this run has 1 (resume with as many)")
        let fewer = message {
            _ = try Checkpoint.resume(from: file, settings: settings, worldSize: 2, epochs: 2, states: run.states)
        }
        #expect(fewer == "\(file.path): cannot resume: it already holds 3 epochs, more than the 2 this run trains")
        let parts = message {
            _ = try Checkpoint.resume(
                from: file, settings: settings, worldSize: 2, epochs: 5, states: ["model": .module(run.model)])
        }
        #expect(
            parts
                == "\(file.path): it holds model (module), optimizer (optimizer), this run restores model (module)")
        let shape = message {
            let wider = Sequential(
                try Linear(inFeatures: 4, outFeatures: 5), ReLU(), try Linear(inFeatures: 5, outFeatures: 2))
            _ = try Checkpoint.resume(
                from: file, settings: settings, worldSize: 2, epochs: 5,
                states: ["model": .module(wider), "optimizer": .optimizer(try Adam(wider.parameters(), lr: 0.05))])
        }
        #expect(shape.hasPrefix("\(file.path): model_state_dict is not the weights of this"), "\(shape)")
        #expect(!shape.contains("\n"))
        let optimizer = message {
            _ = try Checkpoint.resume(
                from: file, settings: settings, worldSize: 2, epochs: 5,
                states: ["model": .module(run.model), "optimizer": .optimizer(try SGD(run.model.parameters(), lr: 1))])
        }
        #expect(optimizer.hasPrefix("\(file.path): optimizer_state_dict does not fit: "), "\(optimizer)")
        #expect(throws: TorchError.self) {
            try Checkpoint(epoch: 1, settings: settings, history: history(epochs: 1)).save(
                ["../x": .module(run.model)], to: file)
        }
    }

    /// A checkpoint whose values are damaged (each written as Python could write it) is one line naming the file.
    @Test func damagedCheckpointsAreOneLineErrors() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("checkpoint.pth")
        let run = try Run()
        try Checkpoint(epoch: 2, settings: settings, history: history(epochs: 2)).save(run.states, to: file)
        let good = try #require(try Torch.load(from: file).dictValue)
        let cases: [(String, (inout SavedDict) -> Void)] = [
            ("epoch must be at least 1, got -7", { $0["epoch"] = -7 }),
            ("it holds 2 epochs of metrics for epoch 3", { $0["epoch"] = 3 }),
            ("world_size must be between 1", { $0["world_size"] = 0 }),
            ("\"epoch\" and \"world_size\" must be ints", { $0["world_size"] = "2" }),
            ("it has no \"settings\"", { $0["settings"] = nil }),
            ("the settings do not fit this run", { $0["settings"] = ["batchSize": "8", "seed": 1] }),
            ("the settings hold a Tensor", { $0["settings"] = ["batchSize": .tensor(try! Tensor([1] as [Float]))] }),
            ("the metric 'train_loss' is not a list of numbers", { $0["metrics"] = ["train_loss": "low"] }),
            ("\"rng_state\" is a str", { $0["rng_state"] = "seed" }),
        ]
        for (expected, edit) in cases {
            var contents = good
            edit(&contents)
            try Torch.save(.dict(contents), to: file)
            let text = message { _ = try Checkpoint<Settings>.load(from: file) }
            #expect(text.hasPrefix("\(file.path): not a checkpoint: "), "\(text)")
            #expect(text.contains(expected), "\(text)")
            #expect(!text.contains("\n"))
        }
        // A generator state libtorch refuses, found when it is restored.
        var contents = good
        contents["rng_state"] = .tensor(try Tensor([UInt8](repeating: 7, count: 10), shape: [10]))
        try Torch.save(.dict(contents), to: file)
        let badState = message {
            _ = try withGlobalGenerator {
                try Checkpoint.resume(from: file, settings: settings, epochs: 5, states: run.states)
            }
        }
        #expect(badState.hasPrefix("\(file.path): rng_state is not a generator state"), "\(badState)")
        // Not a checkpoint at all: a plain state dict, a list, cut bytes.
        try run.model.stateDict().save(to: file)
        #expect(message { _ = try Checkpoint<Settings>.load(from: file) }.contains("it has no \"epoch\""))
        try Torch.save([1, 2], to: file)
        #expect(
            message { _ = try Checkpoint<Settings>.load(from: file) }
                == "\(file.path): not a checkpoint (a list, not a dict with str keys); delete it to start over")
        try Checkpoint(epoch: 2, settings: settings, history: history(epochs: 2)).save(run.states, to: file)
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        let cut = message { _ = try Checkpoint<Settings>.load(from: file) }
        #expect(cut.hasPrefix("\(file.path): ") && !cut.contains("\n"), "\(cut)")
    }

    /// The earlier format, a folder with `checkpoint.json`, is refused in words, never read as something else.
    @Test func theEarlierFolderFormatIsRefusedSayingSo() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("checkpoint")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try Data("{\"epoch\": 2}".utf8).write(to: old.appendingPathComponent("checkpoint.json"))
        let description = old.appendingPathComponent("checkpoint.json").path
        for url in [folder.appendingPathComponent("checkpoint.pth"), old] {
            let text = message { _ = try Checkpoint<Settings>.load(from: url) }
            #expect(text.hasPrefix("\(description): a checkpoint in the earlier format"), "\(text)")
            #expect(text.contains("start again without --resume") && !text.contains("\n"), "\(text)")
        }
    }

    /// Swift saves a checkpoint; Python (torch 1.13 under `make test`, 2.x under `make test-torch2`) loads it with
    /// `torch.load` (weights only on torch 2.x) into `torch.nn` and `torch.optim.Adam`, restores the generator, goes on for 3
    /// steps and saves its own checkpoint in the same layout, which Swift resumes: Swift's own run, Python's and
    /// the resumed one end with the same weights, and the generators agree.
    @Test(.enabled(if: pythonWithTorch != nil, "no Python with torch (/usr/bin/python3 or TORCH_RUNTIME_PYTHON)"))
    func pythonResumesASwiftCheckpointAndSwiftResumesPythons() throws {
        let python = try #require(pythonWithTorch)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let swiftFile = folder.appendingPathComponent("swift.pth")
        let data = folder.appendingPathComponent("data.pth")
        let pythonFile = folder.appendingPathComponent("python.pth")
        let original = try Run()
        try original.step()
        var draws: [Float] = []
        try withGlobalGenerator {
            Torch.manualSeed(7)
            try Checkpoint(epoch: 1, settings: settings, history: history(epochs: 1)).save(
                original.states, to: swiftFile)
            draws = try Tensor.randn([3]).floats()
        }
        try Torch.save(["images": .tensor(original.images), "labels": .tensor(original.labels)], to: data)
        let run = try runProcess(
            python,
            [
                fixturesDirectory.appendingPathComponent("checkpoint_interop.py").path, swiftFile.path, data.path,
                pythonFile.path,
            ])
        try #require(run.status == 0, "Python failed:\n\(run.output)")
        #expect(run.output.contains("settings {'batchSize': 8, 'seed': 1}"), "\(run.output)")
        let pythonDraws = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("randn ") })
            .dropFirst("randn ".count).split(separator: " ").compactMap { Float($0) }
        #expect(pythonDraws == draws, "the generator Python restored draws \(pythonDraws), Swift's \(draws)")
        for _ in 1...3 { try original.step() }

        let copy = try Run()
        let resumed = try withGlobalGenerator {
            try #require(try Checkpoint.resume(from: pythonFile, settings: settings, epochs: 5, states: copy.states))
        }
        #expect(resumed.epoch == 4 && resumed.history.epochs == 4)
        #expect(resumed.history["train_loss"][3] == 0.5)
        let delta = maxAbsDifference(try copy.weights(), try original.weights())
        #expect(delta <= 1e-6, "Python's 3 steps vs Swift's: max |Δ| = \(delta)")
        try original.step()
        try copy.step()
        #expect(maxAbsDifference(try copy.weights(), try original.weights()) <= 1e-6)
    }
}
