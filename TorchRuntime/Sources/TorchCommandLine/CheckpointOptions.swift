import ArgumentParser
import Foundation
import Torch

/// `--resume` as an option group, and what it does: carry on from the checkpoint of an earlier run.
///
/// ```swift
/// @OptionGroup(title: "Checkpoints") var checkpoints: CheckpointOptions
/// ...
/// let checkpointer = Checkpointer(file: file, settings: settings, states: states, group: group)
/// let earlier = try checkpoints.resume(checkpointer, epochs: 5)   // the metrics so far, or nil
/// ```
public struct CheckpointOptions: ParsableArguments {
    /// `--resume`.
    @Flag(
        help: """
            Carry on from the checkpoint MODEL_DIR/checkpoint.pth (weights, optimizer state, metrics; a \
            torch.save dict, from this command or from PyTorch) instead of starting over; it must come from a run \
            with the same settings and number of ranks.
            """)
    public var resume = false

    public init() {}

    /// With `--resume`, restores `checkpointer`'s checkpoint (`Checkpoint.resume`: same settings, as many ranks, at
    /// most `epochs` epochs, every rank at the same epoch), prints `[INFO] Resuming after epoch N from FILE` and
    /// the lines of the epochs it holds, and returns their metrics. Nil without `--resume`, or when there is no
    /// checkpoint yet (`[INFO] No checkpoint at FILE: starting from epoch 1`).
    ///
    /// - Throws: the errors of `Checkpoint.resume`, one line naming the file.
    public func resume<Settings>(_ checkpointer: Checkpointer<Settings>, epochs: Int) throws -> MetricHistory? {
        guard resume else { return nil }
        guard let checkpoint = try checkpointer.resume(epochs: epochs) else {
            print("[INFO] No checkpoint at \(checkpointer.file.path): starting from epoch 1")
            return nil
        }
        print("[INFO] Resuming after epoch \(checkpoint.epoch) from \(checkpointer.file.path)")
        for epoch in 0..<checkpoint.epoch { print(checkpoint.history.line(epoch: epoch)) }
        return checkpoint.history
    }
}
