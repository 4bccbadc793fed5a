import Foundation

/// What a training loop hands every finished epoch to: the run's TensorBoard writer, which logs the epoch's metrics
/// as the course's experiment-tracking lesson does, and its ``Checkpointer``, which saves the run. One call per epoch
/// does both, on rank 0 only, so a training loop keeps a single hook:
///
/// ```swift
/// let writer = try SummaryWriter(logDir: URL(fileURLWithPath: "runs/tinyvgg"), rank: group?.rank ?? 0)
/// let observer = EpochObserver(checkpointer: checkpointer, writer: writer)
/// let results = try train(..., onEpoch: observer.epochEnded)
/// ```
///
/// For epoch `n` (counted from 1) the writer gets, at global step `n - 1` (the lesson's `for epoch in range(epochs)`),
/// one `add_scalars` call per chart of ``charts`` — by default the lesson's
///
/// ```python
/// writer.add_scalars(main_tag="Loss", tag_scalar_dict={"train_loss": ..., "test_loss": ...}, global_step=epoch)
/// writer.add_scalars(main_tag="Accuracy", tag_scalar_dict={"train_acc": ..., "test_acc": ...}, global_step=epoch)
/// ```
///
/// and is flushed, so the curves on disk are never behind the checkpoint; then the checkpoint is saved. A run killed
/// between the two and resumed logs that epoch again with the same values (resuming is exact), never leaves a gap.
public struct EpochObserver<Settings: Codable & Equatable & Sendable> {
    /// Saves the run after each epoch (nil: no checkpoints).
    public let checkpointer: Checkpointer<Settings>?
    /// Logs each epoch's metrics (nil: no TensorBoard logs, as on every rank but 0).
    public let writer: SummaryWriter?
    /// The TensorBoard charts: each `add_scalars` main tag with the metrics drawn in it, in order. A metric the
    /// history does not hold is left out of its chart.
    public let charts: [(mainTag: String, metrics: [String])]

    /// The course's charts: `Loss` (`train_loss`, `test_loss`) and `Accuracy` (`train_acc`, `test_acc`).
    public static var lessonCharts: [(mainTag: String, metrics: [String])] {
        [("Loss", ["train_loss", "test_loss"]), ("Accuracy", ["train_acc", "test_acc"])]
    }

    /// An observer that logs to `writer` (when given) and then saves with `checkpointer` (when given).
    public init(
        checkpointer: Checkpointer<Settings>?, writer: SummaryWriter?,
        charts: [(mainTag: String, metrics: [String])] = lessonCharts
    ) {
        self.checkpointer = checkpointer
        self.writer = writer
        self.charts = charts
    }

    /// Logs epoch `epoch` (from 1) of `history` to TensorBoard, flushed, then saves the checkpoint with the metrics
    /// so far: the `onEpoch` hook of a training loop.
    ///
    /// - Throws: the errors of `SummaryWriter.addScalars` and ``Checkpointer/save(epoch:history:)``.
    public func epochEnded(_ epoch: Int, _ history: MetricHistory) throws {
        if let writer, epoch >= 1, epoch <= history.epochs {
            for (mainTag, metrics) in charts {
                let values = metrics.filter(history.names.contains).map { ($0, history[$0][epoch - 1]) }
                guard !values.isEmpty else { continue }
                try writer.addScalars(mainTag, values, globalStep: epoch - 1)
            }
            try writer.flush()
        }
        try checkpointer?.save(epoch: epoch, history: history)
    }
}
