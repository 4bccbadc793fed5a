import Foundation

/// The state of a training run after a finished epoch, so that a later run can carry on from there (`--resume`),
/// in Swift or in PyTorch.
///
/// A checkpoint keeps a named set of ``TrainingState``s (a model's weights, an optimizer's state), the last finished
/// epoch, the metrics so far, the number of ranks that trained it, the run's `Settings` (anything `Codable`: the
/// batch size, the learning rate, the seed, the model's shape), which a run must match to resume, and the state of
/// libtorch's global CPU generator. It is one file `torch.save` could have written, a dict in the convention of
/// PyTorch's tutorials, which Python reads with `torch.load` and writes with `torch.save`:
///
/// ```python
/// checkpoint = torch.load("models/checkpoint.pth")
/// model.load_state_dict(checkpoint["model_state_dict"])
/// optimizer.load_state_dict(checkpoint["optimizer_state_dict"])      # torch.optim.Adam's own layout
/// torch.set_rng_state(checkpoint["rng_state"])
/// start = checkpoint["epoch"]  # and checkpoint["world_size"], checkpoint["settings"], checkpoint["metrics"]
/// ```
///
/// Each state `NAME` is stored as `NAME_state_dict` (`model_state_dict`, `optimizer_state_dict`); the metrics as
/// `{"train_loss": [...], ...}` in their order; the settings as the plain values their JSON holds (`dict`, `list`,
/// `str`, `int`, `float`, `bool`, `None`).
///
/// ```swift
/// let states: [String: TrainingState] = ["model": .module(model), "optimizer": .optimizer(adam)]
/// let file = modelDir.appendingPathComponent("checkpoint.pth")
/// var history = try Checkpoint.resume(from: file, settings: settings, epochs: 5, states: states)?.history
///     ?? MetricHistory(["train_loss", "train_acc", "test_loss", "test_acc"])
/// // ... after each epoch:
/// try Checkpoint(epoch: epoch, settings: settings, history: history).save(states, to: file)
/// ```
///
/// Resuming is exact — the resumed run ends with the weights and metrics of one never interrupted — when what the
/// remaining epochs draw is restored with it: Adam's step count and moment estimates come back with the weights,
/// and libtorch's global generator (`rng_state`: dropout, weight initialisation, and in PyTorch the shuffle of a
/// `DataLoader(shuffle=True)`, which draws its seed from it every epoch) comes back as it was after the saved epoch.
/// The runtime's `DataLoader` shuffles and transforms from (seed, epoch, index) alone, so its batch order needs no
/// state beyond the seed in the settings and the epoch. GPU generators are not saved.
///
/// Saving replaces the file atomically, so a kill at any moment loses at most the running epoch. Loading treats the
/// file as untrusted input: a damaged file, a part that does not fit, a checkpoint of the earlier format (a folder
/// with `checkpoint.json`) is one line naming the file.
public struct Checkpoint<Settings: Codable & Equatable & Sendable>: Sendable {
    /// The last finished epoch (1-based).
    public var epoch: Int
    /// The number of ranks that trained it (their batches made each step).
    public var worldSize: Int
    /// What the run was asked for; a run resumes only with equal settings.
    public var settings: Settings
    /// The metrics of epochs 1...epoch.
    public var history: MetricHistory
    /// The state of libtorch's global CPU generator after the epoch (`torch.get_rng_state()`): what ``save(_:to:)``
    /// writes (nil: the generator's state at the save) and ``restore(_:)`` puts back (nil: left as it is).
    public var rngState: Tensor?
    /// The states a loaded checkpoint holds, by name, and the file it came from (empty and nil for one made here).
    var savedStates: [String: SavedValue] = [:]
    var source: URL?

    /// A checkpoint after `epoch`, whose `history` holds that many epochs.
    public init(epoch: Int, worldSize: Int = 1, settings: Settings, history: MetricHistory, rngState: Tensor? = nil) {
        self.epoch = epoch
        self.worldSize = worldSize
        self.settings = settings
        self.history = history
        self.rngState = rngState
    }

    /// Saves `states` (each under its name: letters, digits, `_` and `-`) and this checkpoint's values to `file`,
    /// replacing it atomically.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for a bad name or settings that have no Python
    ///   value; ``TorchError/file(path:_:)`` when the file cannot be written (the previous checkpoint is then kept).
    public func save(_ states: [String: TrainingState], to file: URL) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        if let bad = states.keys.first(where: { $0.isEmpty || !$0.allSatisfy(allowed.contains) }) {
            throw TorchError.invalidArgument(operation: "Checkpoint.save", message: "'\(bad)' is not a state name")
        }
        var contents = SavedDict([(.string(CheckpointFile.epochKey), .int(epoch))])
        // Models first, then optimizers, as PyTorch's tutorials list them.
        for (name, state) in states.sorted(by: { ($0.value.kind, $0.key) < ($1.value.kind, $1.key) }) {
            switch state {
            case .module(let module):
                contents[.string(CheckpointFile.key(ofState: name))] = .dict(try module.stateDict().savedDict)
            case .optimizer(let optimizer):
                contents[.string(CheckpointFile.key(ofState: name))] = try optimizer.stateDict()
            }
        }
        contents[.string(CheckpointFile.worldSizeKey)] = .int(worldSize)
        contents[.string(CheckpointFile.settingsKey)] = try SettingsCoding.value(settings)
        contents[.string(CheckpointFile.metricsKey)] = .dict(
            SavedDict(history.names.map { name in (.string(name), .list(history[name].map { .float($0) })) }))
        contents[.string(CheckpointFile.rngStateKey)] = .tensor(try rngState ?? Torch.getRNGState())
        try CheckpointFile(url: file).write(contents)
    }

    /// The checkpoint in `file`, or nil when there is none; every value is checked, the states only for being
    /// there (``restore(_:)`` checks that they fit).
    ///
    /// - Throws: ``TorchError/file(path:_:)`` naming the file: ``TorchError/FileProblem/corrupt(_:)`` when it is not
    ///   a checkpoint or a value is out of range, ``TorchError/FileProblem/unsupported(_:)`` for the earlier format,
    ///   and the errors of `Torch.load(from:)`.
    public static func load(from file: URL) throws -> Checkpoint? {
        guard let contents = try CheckpointFile(url: file).read() else { return nil }
        func corrupt(_ reason: String) -> TorchError {
            .file(path: file.path, .corrupt("not a checkpoint: \(reason); delete it to start over"))
        }
        func value(_ key: String) throws -> SavedValue {
            guard let value = contents[.string(key)] else { throw corrupt("it has no \"\(key)\"") }
            return value
        }
        guard let epoch = try value(CheckpointFile.epochKey).intValue,
            let worldSize = try value(CheckpointFile.worldSizeKey).intValue
        else { throw corrupt("\"epoch\" and \"world_size\" must be ints") }
        let settings: Settings
        do {
            settings = try SettingsCoding.settings(Settings.self, from: try value(CheckpointFile.settingsKey))
        } catch let reason as SettingsCoding.Reason {
            throw corrupt(reason.description)
        }
        guard let metrics = try value(CheckpointFile.metricsKey).dictValue else {
            throw corrupt("\"metrics\" is not a dict")
        }
        var names: [String] = []
        var values: [String: [Double]] = [:]
        for (key, series) in metrics {
            guard case .string(let name) = key, let numbers = series.elements?.compactMap(\.doubleValue),
                numbers.count == series.elements?.count
            else { throw corrupt("the metric \(key) is not a list of numbers") }
            names.append(name)
            values[name] = numbers
        }
        let history: MetricHistory
        do {
            history = try MetricHistory(names: names, values: values)
        } catch {
            throw corrupt("\(error)")
        }
        var rngState: Tensor?
        if let state = contents[.string(CheckpointFile.rngStateKey)] {
            guard let tensor = state.tensorValue, tensor.dtype == .uint8, tensor.shape.count == 1 else {
                throw corrupt("\"rng_state\" is a \(state.typeName), not torch.get_rng_state()'s uint8 tensor")
            }
            rngState = tensor
        }
        var checkpoint = Checkpoint(
            epoch: epoch, worldSize: worldSize, settings: settings, history: history, rngState: rngState)
        for case (.string(let key), let state) in contents where key.hasSuffix(CheckpointFile.stateSuffix) {
            checkpoint.savedStates[String(key.dropLast(CheckpointFile.stateSuffix.count))] = state
        }
        checkpoint.source = file
        if let problem = checkpoint.problem { throw corrupt(problem) }
        return checkpoint
    }

    /// What is wrong with the numbers of this checkpoint, or nil when they are in range.
    var problem: String? {
        if epoch < 1 { return "epoch must be at least 1, got \(epoch)" }
        if history.epochs != epoch { return "it holds \(history.epochs) epochs of metrics for epoch \(epoch)" }
        if !(1...1_048_576).contains(worldSize) { return "world_size must be between 1 and 1048576, got \(worldSize)" }
        return nil
    }

    /// Loads the states of a loaded checkpoint into `states`, which must have the names that were saved, and puts
    /// libtorch's global generator back in the saved state.
    ///
    /// - Throws: ``TorchError/file(path:_:)`` naming the file: ``TorchError/FileProblem/mismatched(_:)`` when the
    ///   names differ or a state does not fit its model or optimizer (saying which), ``TorchError/FileProblem/corrupt(_:)``
    ///   for a generator state libtorch refuses.
    public func restore(_ states: [String: TrainingState]) throws {
        let path = source?.path ?? "checkpoint"
        guard Set(savedStates.keys) == Set(states.keys) else {
            func kind(_ value: SavedValue) -> String { value["param_groups"] == nil ? "module" : "optimizer" }
            func list(_ parts: [(String, String)]) -> String {
                parts.sorted { $0.0 < $1.0 }.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            }
            throw TorchError.file(
                path: path,
                .mismatched(
                    "it holds \(list(savedStates.map { ($0.key, kind($0.value)) })), this run restores "
                        + "\(list(states.map { ($0.key, $0.value.kind) }))"))
        }
        for (name, state) in states.sorted(by: { $0.key < $1.key }) {
            let key = CheckpointFile.key(ofState: name)
            guard let saved = savedStates[name] else { continue }
            do {
                switch state {
                case .module(let module): try module.loadStateDict(try StateDict(saved, describedAs: key))
                case .optimizer(let optimizer): try optimizer.loadStateDict(saved)
                }
            } catch TorchError.stateDictMismatch(let module, let missing, let unexpected, let sizes) {
                let first = (missing.map { "missing \($0)" } + unexpected.map { "unexpected \($0)" } + sizes).first
                throw TorchError.file(
                    path: path,
                    .mismatched("\(key) is not the weights of this \(module) (\(first ?? "another model"))"))
            } catch let error as TorchError {
                throw TorchError.file(path: path, .mismatched("\(key) does not fit: \(Self.reason(error))"))
            }
        }
        if let rngState {
            do {
                try Torch.setRNGState(rngState)
            } catch let error as TorchError {
                throw TorchError.file(
                    path: path, .corrupt("rng_state is not a generator state (\(Self.reason(error)))"))
            }
        }
    }

    /// An error's message without the file or operation it names.
    private static func reason(_ error: TorchError) -> String {
        switch error {
        case .file(_, let problem): problem.reason
        case .invalidArgument(_, let message), .libtorch(_, let message), .shapeMismatch(_, let message):
            message
        default: "\(error)"
        }
    }

    /// Resumes a run: loads the checkpoint in `file` (nil when there is none), checks that it was made with equal
    /// `settings` by as many ranks and holds at most `epochs` epochs, and restores `states` (and the generator) from
    /// it. With a `group`, every rank must call this, and the ranks check that they all resume from the same epoch.
    ///
    /// - Throws: ``TorchError/file(path:_:)`` with ``TorchError/FileProblem/mismatched(_:)`` saying what differs
    ///   (settings, ranks, epochs, the ranks' epochs), or the errors of ``load(from:)`` and ``restore(_:)``.
    public static func resume(
        from file: URL, settings: Settings, worldSize: Int = 1, epochs: Int, states: [String: TrainingState],
        group: ProcessGroup? = nil
    ) throws -> Checkpoint? {
        func mismatch(_ reason: String) -> TorchError {
            .file(path: file.path, .mismatched("cannot resume: \(reason)"))
        }
        let checkpoint = try load(from: file)
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
            try checkpoint.restore(states)
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
}
