import Foundation
import Torch
import TorchVision

/// Where a training or test pass is, for a progress display: `batch` of `batches` in `phase` of `epoch`.
public struct StepProgress: Sendable {
    /// 1-based epoch number.
    public var epoch: Int
    /// How many epochs the run has.
    public var epochs: Int
    /// `"train"` or `"test"`.
    public var phase: String
    /// Batches done so far in this pass.
    public var batch: Int
    /// Batches in this pass.
    public var batches: Int
}

/// Trains `model` for one epoch: forward, loss, zero the gradients, backward, optimizer step, batch by batch.
///
/// Returns the mean over batches of the loss and of the accuracy, as the lesson's `train_step` does.
/// - Parameters:
///   - epoch: the 0-based epoch whose batch order to use (a resumed run replays the shuffle of its epoch);
///     `nil` takes the loader's next epoch.
///   - progress: called after each batch with the batches done and the batches in the epoch.
public func trainStep<D: Dataset>(
    model: Module, dataLoader: DataLoader<D>, lossFunction: CrossEntropyLoss, optimizer: Optimizer,
    epoch: Int? = nil, progress: (Int, Int) -> Void = { _, _ in }
) throws -> (loss: Double, accuracy: Double) {
    model.train()
    var totalLoss = 0.0
    var totalAccuracy = 0.0
    var batches = 0
    let count = dataLoader.count
    let batchList = try epoch.map { try dataLoader.epoch($0) } ?? dataLoader.epoch()
    for batch in batchList {
        let logits = try model(batch.images)
        let loss = try lossFunction(logits, batch.labels)
        totalLoss += try loss.item()
        try optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
        totalAccuracy += try accuracy(logits: logits, labels: batch.labels)
        batches += 1
        progress(batches, count)
    }
    guard batches > 0 else { throw EngineError.emptyDataLoader("train") }
    return (totalLoss / Double(batches), totalAccuracy / Double(batches))
}

/// Evaluates `model` on every batch of `dataLoader` in eval mode, without gradients.
///
/// Returns the mean over batches of the loss and of the accuracy, as the lesson's `test_step` does.
public func testStep<D: Dataset>(
    model: Module, dataLoader: DataLoader<D>, lossFunction: CrossEntropyLoss,
    progress: (Int, Int) -> Void = { _, _ in }
) throws -> (loss: Double, accuracy: Double) {
    model.eval()
    var totalLoss = 0.0
    var totalAccuracy = 0.0
    var batches = 0
    let count = dataLoader.count
    try noGrad {
        for batch in try dataLoader.epoch(0) {
            let logits = try model(batch.images)
            totalLoss += try lossFunction(logits, batch.labels).item()
            totalAccuracy += try accuracy(logits: logits, labels: batch.labels)
            batches += 1
            progress(batches, count)
        }
    }
    guard batches > 0 else { throw EngineError.emptyDataLoader("test") }
    return (totalLoss / Double(batches), totalAccuracy / Double(batches))
}

/// Trains and tests `model` up to epoch `epochs`, printing the lesson's line after each epoch.
///
/// - Parameters:
///   - results: metrics of epochs already done (when resuming): training starts at the next epoch, with that
///     epoch's batch order, and appends its metrics.
///   - onEpoch: called after each epoch with the 1-based epoch number and the metrics so far (to checkpoint).
///   - progress: called after each batch (to draw a progress bar).
/// - Returns: the per-epoch `trainLoss`, `trainAcc`, `testLoss`, `testAcc`.
public func train<Train: Dataset, Test: Dataset>(
    model: Module, trainDataLoader: DataLoader<Train>, testDataLoader: DataLoader<Test>, optimizer: Optimizer,
    lossFunction: CrossEntropyLoss, epochs: Int, results: TrainingResults = TrainingResults(),
    onEpoch: (Int, TrainingResults) throws -> Void = { _, _ in },
    progress: (StepProgress) -> Void = { _ in }
) throws -> TrainingResults {
    var results = results
    for epoch in stride(from: results.epochs + 1, through: epochs, by: 1) {
        let (trainLoss, trainAcc) = try trainStep(
            model: model, dataLoader: trainDataLoader, lossFunction: lossFunction, optimizer: optimizer,
            epoch: epoch - 1
        ) { done, total in
            progress(StepProgress(epoch: epoch, epochs: epochs, phase: "train", batch: done, batches: total))
        }
        let (testLoss, testAcc) = try testStep(
            model: model, dataLoader: testDataLoader, lossFunction: lossFunction
        ) { done, total in
            progress(StepProgress(epoch: epoch, epochs: epochs, phase: "test", batch: done, batches: total))
        }
        results.append(trainLoss: trainLoss, trainAcc: trainAcc, testLoss: testLoss, testAcc: testAcc)
        print(results.line(epoch: epoch - 1))
        try onEpoch(epoch, results)
    }
    return results
}

/// The fraction of rows whose highest logit is at the label.
func accuracy(logits: Tensor, labels: Tensor) throws -> Double {
    let predicted = try logits.argmax(dim: 1)
    let correct = try predicted.eq(labels).sum().item()
    return correct / Double(labels.shape[0])
}
