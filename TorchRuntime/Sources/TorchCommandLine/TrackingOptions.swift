import ArgumentParser
import Foundation
import Torch

/// `--log-dir` and `--summary` as an option group: the experiment tracking of the course's next lesson
/// (TensorBoard's `SummaryWriter` and torchinfo's `summary`), both opt-in.
///
/// ```swift
/// @OptionGroup(title: "Experiment tracking") var tracking: TrackingOptions
/// ...
/// let observer = try tracking.start(checkpointer, model: model, inputSize: [batchSize, 3, 64, 64])
/// let results = try train(..., onEpoch: observer.epochEnded)   // logs the epoch, then checkpoints it
/// ```
///
/// - `--log-dir DIR`: each epoch's loss and accuracy go to TensorBoard event files in `DIR` (`add_scalars` with the
///   main tags `Loss` and `Accuracy`, as `EpochObserver` writes them), from rank 0 alone: `tensorboard --logdir DIR`
///   draws them.
/// - `--summary`: before training, the model's torchinfo table for the training input size.
public struct TrackingOptions: ParsableArguments {
    /// `--log-dir`.
    @Option(
        help: ArgumentHelp(
            """
            Write each epoch's loss and accuracy as TensorBoard event files into DIR (charts Loss and Accuracy; \
            rank 0 alone); view them with `tensorboard --logdir DIR`.
            """, valueName: "dir"))
    public var logDir: String?

    /// `--summary`.
    @Flag(help: "Print the model's summary (torchinfo's table, for the training input size) before training.")
    public var summary = false

    public init() {}

    public mutating func validate() throws {
        if logDir?.isEmpty == true {
            throw ValidationError("--log-dir needs a folder")
        }
    }

    /// Starts tracking a run: with `--summary` prints `model.summary(inputSize:)` (rank 0), with `--log-dir` opens a
    /// TensorBoard writer there (rank 0; its folder and first event file are made now, so a folder that cannot be
    /// written stops the run before training), and returns the observer to call after each epoch: it logs the
    /// epoch to TensorBoard, then saves `checkpointer`'s checkpoint.
    ///
    /// - Parameters:
    ///   - checkpointer: The run's checkpoints; its process group says which rank this is.
    ///   - model: The model being trained (not a data-parallel wrapper).
    ///   - inputSize: One training batch's shape, batch dimension first, e.g. `[32, 3, 64, 64]`.
    /// - Throws: the errors of `Module.summary(inputSize:)` and of `SummaryWriter`'s initialiser (one line naming the
    ///   folder or file).
    public func start<Settings>(_ checkpointer: Checkpointer<Settings>, model: Module, inputSize: [Int]) throws
        -> EpochObserver<Settings>
    {
        let rank = checkpointer.group?.rank ?? 0
        if summary && rank == 0 {
            print(try model.summary(inputSize: inputSize))
        }
        let writer = try logDir.flatMap { try SummaryWriter(logDir: URL(fileURLWithPath: $0), rank: rank) }
        return EpochObserver(checkpointer: checkpointer, writer: writer)
    }
}
