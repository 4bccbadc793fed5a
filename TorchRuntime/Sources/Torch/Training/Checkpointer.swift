import Foundation

/// A training run's checkpoints: where they go, what they hold and what a resumed run must share, so that a
/// training loop needs one call to resume and one per epoch to save.
///
/// ```swift
/// let checkpointer = Checkpointer(
///     file: modelDir.appendingPathComponent("checkpoint.pth"), settings: settings,
///     states: ["model": .module(model), "optimizer": .optimizer(adam)], group: group)
/// let earlier = try checkpointer.resume(epochs: 5)          // nil: start at epoch 1
/// // ... after each epoch:
/// try checkpointer.save(epoch: epoch, history: history)    // rank 0 writes; the other ranks return
/// ```
public struct Checkpointer<Settings: Codable & Equatable & Sendable> {
    /// The checkpoint file (a `torch.save` dict, replaced atomically at every save).
    public let file: URL
    /// What a resumed run must share with the one that saved (the batch size, the learning rate, the seed...).
    public let settings: Settings
    /// The named states saved and restored (the model, the optimizer).
    public let states: [String: TrainingState]
    /// The ranks of a data-parallel run (nil: one process).
    public let group: ProcessGroup?

    /// A checkpointer of `states` in `file` for a run with `settings` (and the ranks of `group`).
    public init(file: URL, settings: Settings, states: [String: TrainingState], group: ProcessGroup? = nil) {
        self.file = file
        self.settings = settings
        self.states = states
        self.group = group
    }

    /// ``Checkpoint/resume(from:settings:worldSize:epochs:states:group:)`` for this run: the checkpoint restored into
    /// ``states``, or nil when there is none.
    public func resume(epochs: Int) throws -> Checkpoint<Settings>? {
        try Checkpoint.resume(
            from: file, settings: settings, worldSize: group?.worldSize ?? 1, epochs: epochs, states: states,
            group: group)
    }

    /// Saves the states after `epoch` with the metrics so far and libtorch's generator state, on rank 0 only (every
    /// rank holds the same states).
    public func save(epoch: Int, history: MetricHistory) throws {
        guard (group?.rank ?? 0) == 0 else { return }
        try Checkpoint(epoch: epoch, worldSize: group?.worldSize ?? 1, settings: settings, history: history)
            .save(states, to: file)
    }
}
