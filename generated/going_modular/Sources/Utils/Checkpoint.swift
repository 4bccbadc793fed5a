import Engine
import Foundation
import Torch

/// The state of a training run after a finished epoch, so that `train --resume` carries on from there.
///
/// Files live in `MODEL_DIR/checkpoint/`: `epoch-N.pth` (the weights) and `checkpoint.json` (this value), which is
/// written last and names the weights of its epoch. Every file is written atomically, so a kill at any moment leaves
/// the previous checkpoint whole: at most the running epoch is lost. The Torch runtime does not expose the
/// optimizer's internal state, so a resumed run starts Adam's moment estimates afresh.
public struct Checkpoint: Codable, Equatable, Sendable {
    /// The last finished epoch (1-based).
    public var epoch: Int
    /// The metrics of epochs 1...epoch.
    public var results: TrainingResults
    /// The model the run trains.
    public var settings: ModelSettings
    /// Images per batch.
    public var batchSize: Int
    /// The optimizer's learning rate.
    public var learningRate: Double
    /// The seed of the run.
    public var seed: UInt64
    /// The weights file, relative to the checkpoint folder.
    public var modelFile: String

    public init(
        epoch: Int, results: TrainingResults, settings: ModelSettings, batchSize: Int, learningRate: Double,
        seed: UInt64
    ) {
        self.epoch = epoch
        self.results = results
        self.settings = settings
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.modelFile = "epoch-\(epoch).pth"
    }

    /// The checkpoint folder of a model folder.
    public static func folder(in modelDir: URL) -> URL {
        modelDir.appendingPathComponent("checkpoint", isDirectory: true)
    }

    /// Saves the weights, then this description; removes older epochs' files.
    public func save(model: Module, in modelDir: URL) throws {
        let folder = Self.folder(in: modelDir)
        try AtomicFile.write(to: folder.appendingPathComponent(modelFile)) { try model.stateDict().save(to: $0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent("checkpoint.json"))
        let keep: Set = [modelFile, "checkpoint.json"]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !keep.contains(name)
        {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// The checkpoint in `modelDir`, or nil when there is none.
    public static func load(in modelDir: URL) throws -> Checkpoint? {
        let url = folder(in: modelDir).appendingPathComponent("checkpoint.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(Checkpoint.self, from: data)
        } catch {
            throw UtilsError.unreadable(url, reason: "not a checkpoint (\(error)); delete the folder to start over")
        }
    }

    /// Loads the checkpoint's weights into `model`.
    public func restore(model: Module, in modelDir: URL) throws {
        try loadModel(model, from: Self.folder(in: modelDir).appendingPathComponent(modelFile))
    }

    /// Throws unless a run with `settings`, `batchSize`, `learningRate` and `seed` may resume from this checkpoint.
    public func checkCompatible(
        settings: ModelSettings, batchSize: Int, learningRate: Double, seed: UInt64, in modelDir: URL
    ) throws {
        let url = Self.folder(in: modelDir).appendingPathComponent("checkpoint.json")
        if settings != self.settings {
            throw UtilsError.checkpointMismatch(
                url, reason: "it was made for \(self.settings), this run builds \(settings)")
        }
        if batchSize != self.batchSize || learningRate != self.learningRate || seed != self.seed {
            throw UtilsError.checkpointMismatch(
                url,
                reason: "it was made with batch size \(self.batchSize), learning rate \(self.learningRate), "
                    + "seed \(self.seed); this run asks for \(batchSize), \(learningRate), \(seed)")
        }
    }
}
