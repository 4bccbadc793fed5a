import Foundation
import Testing
import Torch

/// `Checkpoint`: a named set of states with the epoch, the settings and the ranks; whole-folder saves; resume checks;
/// damaged files as one-line errors.
@Suite struct CheckpointTests {
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

    @Test func savesAndResumesExactly() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpointFolder = folder.appendingPathComponent("checkpoint")
        let original = try Run()
        for epoch in 1...2 {
            try original.step()
            try Checkpoint(epoch: epoch, settings: settings, history: history(epochs: epoch))
                .save(original.states, to: checkpointFolder)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: checkpointFolder.path).sorted()
                == ["checkpoint.json", "model.pth", "optimizer.pt"])
        // The model's weights are a state dict PyTorch reads.
        #expect(try StateDict(contentsOf: checkpointFolder.appendingPathComponent("model.pth")).count == 4)

        let copy = try Run()
        let resumed = try #require(
            try Checkpoint.resume(from: checkpointFolder, settings: settings, epochs: 5, states: copy.states))
        #expect(resumed.epoch == 2 && resumed.worldSize == 1 && resumed.settings == settings)
        #expect(resumed.history == history(epochs: 2))
        #expect(resumed.history.names == names)  // the order survives the JSON
        #expect(try copy.weights() == original.weights())
        // Adam's moments came back too: the next steps land exactly where the original's do.
        for _ in 1...3 {
            try original.step()
            try copy.step()
        }
        #expect(try copy.weights() == original.weights())
        #expect(
            try Checkpoint.resume(
                from: folder.appendingPathComponent("none"), settings: settings, epochs: 5, states: copy.states) == nil)
    }

    @Test func refusesAnotherRunsCheckpoint() throws {
        let folder = try temporaryDirectory().appendingPathComponent("checkpoint")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let run = try Run()
        try Checkpoint(epoch: 3, worldSize: 2, settings: settings, history: history(epochs: 3)).save(
            run.states, to: folder)
        let description = folder.appendingPathComponent("checkpoint.json").path
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        let other = message {
            _ = try Checkpoint.resume(
                from: folder, settings: Settings(batchSize: 4, seed: 1), worldSize: 2, epochs: 5, states: run.states)
        }
        #expect(other == "\(description): cannot resume: it was made with batchSize 8 (this run: 4)")
        let ranks = message {
            _ = try Checkpoint.resume(from: folder, settings: settings, worldSize: 1, epochs: 5, states: run.states)
        }
        #expect(ranks == "\(description): cannot resume: it was made by 2 ranks, this run has 1 (resume with as many)")
        let fewer = message {
            _ = try Checkpoint.resume(from: folder, settings: settings, worldSize: 2, epochs: 2, states: run.states)
        }
        #expect(fewer == "\(description): cannot resume: it already holds 3 epochs, more than the 2 this run trains")
        let parts = message {
            _ = try Checkpoint.resume(
                from: folder, settings: settings, worldSize: 2, epochs: 5, states: ["model": .module(run.model)])
        }
        #expect(parts.contains("it holds model (module), optimizer (optimizer), this run restores model (module)"))
        let shape = message {
            let wider = Sequential(
                try Linear(inFeatures: 4, outFeatures: 5), ReLU(), try Linear(inFeatures: 5, outFeatures: 2))
            _ = try Checkpoint.resume(
                from: folder, settings: settings, worldSize: 2, epochs: 5,
                states: ["model": .module(wider), "optimizer": .optimizer(try Adam(wider.parameters(), lr: 0.05))])
        }
        #expect(
            shape.hasPrefix("\(folder.appendingPathComponent("model.pth").path): not the weights of this"), "\(shape)")
        #expect(!shape.contains("\n"))
        #expect(throws: TorchError.self) {
            try Checkpoint(epoch: 1, settings: settings, history: history(epochs: 1)).save(
                ["../x": .module(run.model)], to: folder)
        }
    }

    @Test func damagedDescriptionsAreOneLineErrors() throws {
        let folder = try temporaryDirectory().appendingPathComponent("checkpoint")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let run = try Run()
        try Checkpoint(epoch: 2, settings: settings, history: history(epochs: 2)).save(run.states, to: folder)
        let description = folder.appendingPathComponent("checkpoint.json")
        let good = try String(contentsOf: description, encoding: .utf8)
        let cases = [
            (
                good.replacingOccurrences(of: "\"epoch\" : 2", with: "\"epoch\" : -7"),
                "epoch must be at least 1, got -7"
            ),
            (
                good.replacingOccurrences(of: "\"epoch\" : 2", with: "\"epoch\" : 3"),
                "it holds 2 epochs of metrics for epoch 3"
            ),
            (
                good.replacingOccurrences(of: "\"world_size\" : 1", with: "\"world_size\" : 0"),
                "world_size must be between 1"
            ),
            ("{", "not a checkpoint (not valid JSON)"),
            (
                good.replacingOccurrences(of: "\"settings\"", with: "\"other\""),
                "not a checkpoint (no settings in the top level)"
            ),
        ]
        for (text, expected) in cases {
            try Data(text.utf8).write(to: description)
            #expect {
                _ = try Checkpoint<Settings>.load(from: folder)
            } throws: { error in
                let message = "\(error)"
                return message.hasPrefix("\(description.path): ") && message.contains(expected)
                    && !message.contains("\n")
            }
        }
    }

    @Test func aKillBetweenTheRenamesLeavesTheLastCheckpoint() throws {
        let parent = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("checkpoint")
        let run = try Run()
        try Checkpoint(epoch: 2, settings: settings, history: history(epochs: 2)).save(run.states, to: folder)
        // The moment between "checkpoint → .checkpoint.previous" and ".checkpoint.partial → checkpoint".
        try FileManager.default.moveItem(at: folder, to: parent.appendingPathComponent(".checkpoint.previous"))
        try FileManager.default.createDirectory(
            at: parent.appendingPathComponent(".checkpoint.partial"), withIntermediateDirectories: true)
        #expect(try Checkpoint<Settings>.load(from: folder)?.epoch == 2)
        #expect(FileManager.default.fileExists(atPath: folder.path))
        try Checkpoint(epoch: 3, settings: settings, history: history(epochs: 3)).save(run.states, to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["checkpoint"])
    }
}
