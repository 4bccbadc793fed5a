import Foundation
import Synchronization

/// Writes scalars to TensorBoard event files, PyTorch's `torch.utils.tensorboard.SummaryWriter`: the files
/// `tensorboard --logdir runs` shows, byte for byte the records PyTorch writes for the same calls.
///
/// ```swift
/// let writer = try SummaryWriter(logDir: URL(fileURLWithPath: "runs/tinyvgg"))
/// for epoch in 0..<epochs {
///     // ... train and test ...
///     try writer.addScalars("Loss", ["train_loss": trainLoss, "test_loss": testLoss], globalStep: epoch)
///     try writer.addScalars("Accuracy", ["train_acc": trainAcc, "test_acc": testAcc], globalStep: epoch)
///     try writer.flush()  // this epoch's values are on disk
/// }
/// try writer.close()
/// ```
///
/// The writer creates its log folder and an event file in it when it is made (a failure is reported there, not at
/// the first scalar). ``addScalar(_:_:globalStep:walltime:)-(_,Double,_,_)`` writes to that file;
/// ``addScalars(_:_:globalStep:walltime:)-(_,KeyValuePairs<String,Double>,_,_)`` writes each value to a sub-run folder of its own,
/// `<logDir>/<mainTag>_<tag>` (as PyTorch does), which TensorBoard draws as one chart with a line per tag. Nothing
/// is written outside the log folder: a tag that would climb out of it (`..`) is refused.
///
/// Writes are buffered and reach the disk together, then are `fsync`ed: when `maxQueue` events are pending in a
/// file, when an event comes `flushSecs` after the last flush, at ``flush()``, at ``close()`` and when the writer is
/// released. A crashed run leaves readable files holding everything up to the last flush. Errors are
/// ``TorchError/file(path:_:)`` naming the folder or file.
///
/// In a distributed run only rank 0 should write (each rank would otherwise add the same curves under its own file):
/// ``init(logDir:rank:comment:purgeStep:maxQueue:flushSecs:filenameSuffix:)`` gives `nil` on every other rank, and
/// optional chaining makes the logging calls no-ops there: `try writer?.addScalars(...)`.
///
/// The writer is `Sendable`; its calls are serialised.
public final class SummaryWriter: Sendable {
    /// The folder the event files go to (`get_logdir()`).
    public let logDir: URL

    private let maxQueue: Int
    private let flushSecs: Double
    private let filenameSuffix: String
    private let clock: @Sendable () -> Double
    private let state: Mutex<State>

    /// The open files; empty after `close()` until the next event.
    private struct State: ~Copyable {
        /// The file in `logDir` itself.
        var main: EventFileWriter?
        /// `addScalars`' files, by their folder's path relative to `logDir`, in the order they were opened.
        var subRuns: [(name: String, writer: EventFileWriter)] = []
        /// Written once, into the first main file.
        var purgeStep: Int?
    }

    /// A writer for `logDir`, creating the folder and an event file in it (`SummaryWriter(log_dir, comment,
    /// purge_step, max_queue, flush_secs, filename_suffix)`).
    ///
    /// - Parameters:
    ///   - logDir: The folder to write to. `nil` means `runs/<Mon><DD>_<HH>-<MM>-<SS>_<host><comment>` under the
    ///     current folder, as in PyTorch.
    ///   - comment: Appended to the default folder name; ignored when `logDir` is given.
    ///   - purgeStep: For a run resumed at this step after a crash: TensorBoard hides the events of earlier files
    ///     whose step is at or after it. Written once, into the first file.
    ///   - maxQueue: How many events a file buffers before writing them out.
    ///   - flushSecs: How old the last flush may be when an event comes before the events are written out.
    ///   - filenameSuffix: Appended to every event file's name.
    /// - Throws: ``TorchError/file(path:_:)`` when the folder or the file cannot be created.
    public convenience init(
        logDir: URL? = nil, comment: String = "", purgeStep: Int? = nil, maxQueue: Int = 10, flushSecs: Double = 120,
        filenameSuffix: String = ""
    ) throws {
        try self.init(
            logDir: logDir ?? Self.defaultLogDir(comment: comment), purgeStep: purgeStep, maxQueue: maxQueue,
            flushSecs: flushSecs, filenameSuffix: filenameSuffix, clock: { Date().timeIntervalSince1970 })
    }

    /// A writer on rank 0 and `nil` on every other rank of a distributed run, so that one process alone writes the
    /// run's curves: `let writer = try SummaryWriter(logDir: url, rank: group?.rank ?? 0)`, then
    /// `try writer?.addScalar(...)`. The other parameters are those of
    /// ``init(logDir:comment:purgeStep:maxQueue:flushSecs:filenameSuffix:)``.
    ///
    /// - Parameters:
    ///   - logDir: The folder to write to; `nil` for PyTorch's default.
    ///   - rank: This process's rank (`ProcessGroup.rank`, or 0 when training in one process).
    ///   - comment: Appended to the default folder name.
    ///   - purgeStep: The step a resumed run starts again at.
    ///   - maxQueue: How many events a file buffers.
    ///   - flushSecs: How old the last flush may be.
    ///   - filenameSuffix: Appended to every event file's name.
    public convenience init?(
        logDir: URL?, rank: Int, comment: String = "", purgeStep: Int? = nil, maxQueue: Int = 10,
        flushSecs: Double = 120, filenameSuffix: String = ""
    ) throws {
        guard rank == 0 else { return nil }
        try self.init(
            logDir: logDir, comment: comment, purgeStep: purgeStep, maxQueue: maxQueue, flushSecs: flushSecs,
            filenameSuffix: filenameSuffix)
    }

    /// The designated initialiser, with the clock that stamps events (the tests pass a fixed one).
    init(
        logDir: URL, purgeStep: Int?, maxQueue: Int, flushSecs: Double, filenameSuffix: String,
        clock: @escaping @Sendable () -> Double
    ) throws {
        self.logDir = logDir
        self.maxQueue = maxQueue
        self.flushSecs = flushSecs
        self.filenameSuffix = filenameSuffix
        self.clock = clock
        state = Mutex(State(purgeStep: purgeStep))
        try state.withLock { state in _ = try mainWriter(&state) }
    }

    deinit {
        state.withLock { state in
            try? Self.closeAll(&state)
        }
    }

    // MARK: Logging

    /// Adds `scalarValue` under `tag` at `globalStep` (`add_scalar(tag, scalar_value, global_step, walltime)`).
    ///
    /// The value is stored as TensorBoard's `simple_value`, a 32-bit float, as PyTorch stores it.
    ///
    /// - Parameters:
    ///   - tag: The chart the value belongs to, e.g. `"Loss/train"` (a `/` groups charts into sections).
    ///   - scalarValue: The value.
    ///   - globalStep: The x coordinate (the epoch, or the batch); `nil` records none (TensorBoard reads step 0).
    ///   - walltime: Seconds since 1970 to record instead of now.
    public func addScalar(_ tag: String, _ scalarValue: Double, globalStep: Int? = nil, walltime: Double? = nil) throws
    {
        try state.withLock { state in
            let event = TensorBoardEvent(
                wallTime: walltime ?? clock(), step: Int64(globalStep ?? 0),
                content: .scalars([.init(tag: tag, simpleValue: Float(scalarValue))]))
            try mainWriter(&state).add(event)
        }
    }

    /// Adds the value of a one-element tensor, such as a loss (`add_scalar(tag, tensor, ...)`).
    ///
    /// - Parameters:
    ///   - tag: The chart the value belongs to.
    ///   - scalarValue: A tensor of one element, on any device.
    ///   - globalStep: The x coordinate.
    ///   - walltime: Seconds since 1970 to record instead of now.
    /// - Throws: ``TorchError`` when the tensor does not hold exactly one element, or the write fails.
    public func addScalar(_ tag: String, _ scalarValue: Tensor, globalStep: Int? = nil, walltime: Double? = nil) throws
    {
        try addScalar(tag, scalarValue.item(), globalStep: globalStep, walltime: walltime)
    }

    /// Adds several values to one chart, `mainTag`, with a line per key (`add_scalars(main_tag, tag_scalar_dict,
    /// global_step, walltime)`): each value goes to the sub-run folder `<logDir>/<mainTag>_<key>` (a `/` in
    /// `mainTag` becomes `_`), under the tag `mainTag`, all stamped with the same time.
    ///
    /// ```swift
    /// try writer.addScalars("Loss", ["train_loss": 0.98, "test_loss": 1.02], globalStep: epoch)
    /// // runs/.../Loss_train_loss/events.out.tfevents...   tag "Loss", step epoch, value 0.98
    /// // runs/.../Loss_test_loss/events.out.tfevents...    tag "Loss", step epoch, value 1.02
    /// ```
    ///
    /// - Parameters:
    ///   - mainTag: The chart's name.
    ///   - tagScalarDict: The lines' names and values, in the order their folders are created.
    ///   - globalStep: The x coordinate.
    ///   - walltime: Seconds since 1970 to record instead of now.
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for a key whose folder would lie outside the log
    ///   folder (a `..` part), before anything is written; ``TorchError/file(path:_:)`` when a write fails.
    public func addScalars(
        _ mainTag: String, _ tagScalarDict: KeyValuePairs<String, Double>, globalStep: Int? = nil,
        walltime: Double? = nil
    ) throws {
        try addScalars(mainTag, tagScalarDict.map { ($0.key, $0.value) }, globalStep: globalStep, walltime: walltime)
    }

    /// `addScalars` with the lines' names and values built at run time, in order (for example from a
    /// ``MetricHistory``): writes as the `KeyValuePairs` form does.
    ///
    /// - Parameters:
    ///   - mainTag: The chart's name.
    ///   - tagScalarPairs: The lines' names and values, in the order their folders are created.
    ///   - globalStep: The x coordinate.
    ///   - walltime: Seconds since 1970 to record instead of now.
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for a key whose folder would lie outside the log
    ///   folder, before anything is written; ``TorchError/file(path:_:)`` when a write fails.
    public func addScalars(
        _ mainTag: String, _ tagScalarPairs: [(String, Double)], globalStep: Int? = nil, walltime: Double? = nil
    ) throws {
        let runs = try tagScalarPairs.map { tag, value in
            (name: try Self.subRunName(mainTag: mainTag, tag: tag), value: value)
        }
        try state.withLock { state in
            let time = walltime ?? clock()
            _ = try mainWriter(&state)
            for run in runs {
                let event = TensorBoardEvent(
                    wallTime: time, step: Int64(globalStep ?? 0),
                    content: .scalars([.init(tag: mainTag, simpleValue: Float(run.value))]))
                try subRunWriter(run.name, &state).add(event)
            }
        }
    }

    /// Writes every buffered event of every file to disk and `fsync`s the files (`flush()`).
    public func flush() throws {
        try state.withLock { state in
            try state.main?.flush()
            for run in state.subRuns {
                try run.writer.flush()
            }
        }
    }

    /// Flushes and closes every file (`close()`). A later call to add a scalar starts new event files, as in PyTorch.
    public func close() throws {
        try state.withLock { state in try Self.closeAll(&state) }
    }

    // MARK: Files

    private func mainWriter(_ state: inout State) throws -> EventFileWriter {
        if let main = state.main {
            return main
        }
        let main = try EventFileWriter(
            logDirectory: logDir, maxQueue: maxQueue, flushSeconds: flushSecs, filenameSuffix: filenameSuffix,
            clock: clock)
        state.main = main
        if let step = state.purgeStep {
            state.purgeStep = nil
            try main.add(TensorBoardEvent(wallTime: clock(), step: Int64(step), content: .fileVersion("brain.Event:2")))
            try main.add(TensorBoardEvent(wallTime: clock(), step: Int64(step), content: .sessionStart))
        }
        return main
    }

    private func subRunWriter(_ name: String, _ state: inout State) throws -> EventFileWriter {
        if let existing = state.subRuns.first(where: { $0.name == name }) {
            return existing.writer
        }
        let writer = try EventFileWriter(
            logDirectory: logDir.appendingPathComponent(name), maxQueue: maxQueue, flushSeconds: flushSecs,
            filenameSuffix: filenameSuffix, clock: clock)
        state.subRuns.append((name, writer))
        return writer
    }

    /// Closes every file, even after one fails; rethrows the first failure.
    private static func closeAll(_ state: inout State) throws {
        var firstError: Error?
        for writer in [state.main].compactMap({ $0 }) + state.subRuns.map(\.writer) {
            do {
                try writer.close()
            } catch {
                firstError = firstError ?? error
            }
        }
        state.main = nil
        state.subRuns = []
        if let firstError {
            throw firstError
        }
    }

    /// `<mainTag with / as _>_<tag>`, refused when a `..` part would take it out of the log folder.
    private static func subRunName(mainTag: String, tag: String) throws -> String {
        let name = mainTag.replacingOccurrences(of: "/", with: "_") + "_" + tag
        guard !name.split(separator: "/").contains("..") else {
            throw TorchError.invalidArgument(
                operation: "SummaryWriter.add_scalars",
                message: "the tag \"\(tag)\" would write outside the log folder (\"\(name)\" has a \"..\" part)")
        }
        return name
    }

    /// `runs/<Mon><DD>_<HH>-<MM>-<SS>_<host><comment>`, PyTorch's default, in local time.
    private static func defaultLogDir(comment: String) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MMMdd_HH-mm-ss"
        let name = formatter.string(from: Date()) + "_" + EventFileWriter.hostName + comment
        return URL(fileURLWithPath: "runs").appendingPathComponent(name)
    }
}
