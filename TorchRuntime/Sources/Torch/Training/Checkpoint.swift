import Foundation

/// The state of a training run after a finished epoch, so that a later run can carry on from there (`--resume`).
///
/// A checkpoint keeps a named set of ``TrainingState``s (a model's weights, an optimizer's state), the last finished
/// epoch, the metrics so far, the number of ranks that trained it and the run's `Settings` (anything `Codable`:
/// the batch size, the learning rate, the seed, the model's shape), which a run must match to resume. Resuming is
/// exact when the run's batch order depends only on its seed and the epoch: Adam's step count and moment estimates
/// come back with the weights, and the resumed run ends with the weights and metrics of one never interrupted.
///
/// ```swift
/// let states: [String: TrainingState] = ["model": .module(model), "optimizer": .optimizer(adam)]
/// let folder = modelDir.appendingPathComponent("checkpoint")
/// var history = try Checkpoint.resume(from: folder, settings: settings, epochs: 5, states: states)?.history
///     ?? MetricHistory(["train_loss", "train_acc", "test_loss", "test_acc"])
/// // ... after each epoch:
/// try Checkpoint(epoch: epoch, settings: settings, history: history).save(states, to: folder)
/// ```
///
/// Saving replaces the folder as a whole, so a kill at any moment loses at most the running epoch. Loading treats
/// the files as untrusted input: a damaged description, a part that does not fit, is one line naming the file.
public struct Checkpoint<Settings: Codable & Equatable & Sendable>: Sendable {
    /// The last finished epoch (1-based).
    public var epoch: Int
    /// The number of ranks that trained it (their batches made each step).
    public var worldSize: Int
    /// What the run was asked for; a run resumes only with equal settings.
    public var settings: Settings
    /// The metrics of epochs 1...epoch.
    public var history: MetricHistory
    /// The names and kinds of the parts a loaded checkpoint holds (empty for one made here).
    var savedStates: [String: String] = [:]

    /// A checkpoint after `epoch`, whose `history` holds that many epochs.
    public init(epoch: Int, worldSize: Int = 1, settings: Settings, history: MetricHistory) {
        self.epoch = epoch
        self.worldSize = worldSize
        self.settings = settings
        self.history = history
    }

    /// Saves `states` (each under its name: letters, digits, `_` and `-`) and this description into `folder`,
    /// replacing it as a whole.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for a bad name; ``TorchError/file(path:_:)`` when
    ///   a file cannot be written (the previous checkpoint is then kept).
    public func save(_ states: [String: TrainingState], to folder: URL) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        if let bad = states.keys.first(where: { $0.isEmpty || !$0.allSatisfy(allowed.contains) }) {
            throw TorchError.invalidArgument(operation: "Checkpoint.save", message: "'\(bad)' is not a state name")
        }
        let description = Description(
            epoch: epoch, worldSize: worldSize, settings: settings, metrics: history, metricNames: history.names,
            states: states.mapValues(\.kind))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try CheckpointFolder(url: folder).write(description: try encoder.encode(description), states: states)
    }

    /// The checkpoint in `folder`, or nil when there is none; every value of its description is checked.
    ///
    /// - Throws: ``TorchError/file(path:_:)`` with ``TorchError/FileProblem/corrupt(_:)`` naming the description
    ///   when it is damaged or out of range.
    public static func load(from folder: URL) throws -> Checkpoint? {
        let store = CheckpointFolder(url: folder)
        guard let data = try store.readDescription() else { return nil }
        let path = store.descriptionURL.path
        let description: Description
        do {
            description = try JSONDecoder().decode(Description.self, from: data)
        } catch {
            throw TorchError.file(
                path: path, .corrupt("not a checkpoint (\(JSONFile.reason(error))); delete the folder to start over"))
        }
        let history: MetricHistory
        do {
            history = try MetricHistory(names: description.metricNames, values: description.metrics.values)
        } catch {
            throw TorchError.file(path: path, .corrupt("\(error); delete the folder to start over"))
        }
        var checkpoint = Checkpoint(
            epoch: description.epoch, worldSize: description.worldSize, settings: description.settings,
            history: history)
        checkpoint.savedStates = description.states
        if let problem = checkpoint.problem {
            throw TorchError.file(path: path, .corrupt("\(problem); delete the folder to start over"))
        }
        return checkpoint
    }

    /// What is wrong with the numbers of this checkpoint, or nil when they are in range.
    var problem: String? {
        if epoch < 1 { return "epoch must be at least 1, got \(epoch)" }
        if history.epochs != epoch { return "it holds \(history.epochs) epochs of metrics for epoch \(epoch)" }
        if !(1...1_048_576).contains(worldSize) { return "world_size must be between 1 and 1048576, got \(worldSize)" }
        return nil
    }

    /// Loads the saved parts into `states`, which must have the names and kinds that were saved.
    ///
    /// - Throws: ``TorchError/file(path:_:)`` naming the file that is missing, damaged or does not fit.
    public func restore(_ states: [String: TrainingState], from folder: URL) throws {
        let store = CheckpointFolder(url: folder)
        let wanted = states.mapValues(\.kind)
        guard savedStates.isEmpty || savedStates == wanted else {
            func list(_ parts: [String: String]) -> String {
                parts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            }
            throw TorchError.file(
                path: store.descriptionURL.path,
                .mismatched("it holds \(list(savedStates)), this run restores \(list(wanted))"))
        }
        try store.restore(states)
    }

    /// Resumes a run: loads the checkpoint in `folder` (nil when there is none), checks that it was made with equal
    /// `settings` by as many ranks and holds at most `epochs` epochs, and restores `states` from it. With a
    /// `group`, every rank must call this, and the ranks check that they all resume from the same epoch.
    ///
    /// - Throws: ``TorchError/file(path:_:)`` with ``TorchError/FileProblem/mismatched(_:)`` saying what differs
    ///   (settings, ranks, epochs, the ranks' epochs), or the errors of ``load(from:)`` and
    ///   ``restore(_:from:)``.
    public static func resume(
        from folder: URL, settings: Settings, worldSize: Int = 1, epochs: Int, states: [String: TrainingState],
        group: ProcessGroup? = nil
    ) throws -> Checkpoint? {
        let path = CheckpointFolder(url: folder).descriptionURL.path
        func mismatch(_ reason: String) -> TorchError { .file(path: path, .mismatched("cannot resume: \(reason)")) }
        let checkpoint = try load(from: folder)
        if let checkpoint {
            if checkpoint.settings != settings {
                throw mismatch("it was made with \(Self.differences(checkpoint.settings, settings))")
            }
            if checkpoint.worldSize != worldSize {
                throw mismatch(
                    "it was made by \(checkpoint.worldSize) ranks, this run has \(worldSize) (resume with as many)")
            }
            if checkpoint.epoch > epochs {
                throw mismatch("it already holds \(checkpoint.epoch) epochs, more than the \(epochs) this run trains")
            }
            try checkpoint.restore(states, from: folder)
        }
        if let group {
            let epoch = Double(checkpoint?.epoch ?? 0)
            let sums = try group.sumOverRanks([epoch, epoch * epoch])
            guard sums == [epoch, epoch * epoch].map({ $0 * Double(group.worldSize) }) else {
                throw mismatch(
                    "the ranks resume from different epochs (this rank: \(Int(epoch))); give every rank the same "
                        + "checkpoint")
            }
        }
        return checkpoint
    }

    /// The settings that differ, as `key saved (this run: value)`, from their JSON.
    static func differences(_ saved: Settings, _ current: Settings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: Settings) -> Any? {
            (try? encoder.encode(value)).flatMap {
                try? JSONSerialization.jsonObject(with: $0, options: .fragmentsAllowed)
            }
        }
        func text(_ value: Any?) -> String {
            guard let value else { return "nothing" }
            if let string = value as? String { return string }
            return (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        }
        guard let old = json(saved) as? [String: Any], let new = json(current) as? [String: Any] else {
            return "\(text(json(saved))) (this run: \(text(json(current))))"
        }
        return Set(old.keys).union(new.keys).sorted().filter { text(old[$0]) != text(new[$0]) }
            .map { "\($0) \(text(old[$0])) (this run: \(text(new[$0])))" }.joined(separator: ", ")
    }

    /// `checkpoint.json`.
    struct Description: Codable {
        var epoch: Int
        var worldSize: Int
        var settings: Settings
        var metrics: MetricHistory
        var metricNames: [String]
        var states: [String: String]

        enum CodingKeys: String, CodingKey {
            case epoch
            case worldSize = "world_size"
            case settings
            case metrics
            case metricNames = "metric_names"
            case states
        }
    }
}
