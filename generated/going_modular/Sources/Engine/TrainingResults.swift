import Foundation

/// Per-epoch metrics of a training run; each value is a mean over the epoch's batches, like the lesson's dict.
public struct TrainingResults: Codable, Equatable, Sendable {
    /// Mean training loss of each epoch.
    public var trainLoss: [Double] = []
    /// Mean training accuracy of each epoch (0...1).
    public var trainAcc: [Double] = []
    /// Mean test loss of each epoch.
    public var testLoss: [Double] = []
    /// Mean test accuracy of each epoch (0...1).
    public var testAcc: [Double] = []

    /// The lesson's keys, so the JSON reads like PyTorch's `results` dict.
    enum CodingKeys: String, CodingKey {
        case trainLoss = "train_loss"
        case trainAcc = "train_acc"
        case testLoss = "test_loss"
        case testAcc = "test_acc"
    }

    public init() {}

    /// How many epochs have been recorded.
    public var epochs: Int { trainLoss.count }

    /// Records one epoch.
    public mutating func append(trainLoss: Double, trainAcc: Double, testLoss: Double, testAcc: Double) {
        self.trainLoss.append(trainLoss)
        self.trainAcc.append(trainAcc)
        self.testLoss.append(testLoss)
        self.testAcc.append(testAcc)
    }

    /// The lesson's line for epoch `index` (0-based), e.g.
    /// `Epoch: 1 | train_loss: 1.0984 | train_acc: 0.3125 | test_loss: 1.0957 | test_acc: 0.2604`.
    public func line(epoch index: Int) -> String {
        func f(_ value: Double) -> String { String(format: "%.4f", value) }
        return "Epoch: \(index + 1) | train_loss: \(f(trainLoss[index])) | train_acc: \(f(trainAcc[index])) | "
            + "test_loss: \(f(testLoss[index])) | test_acc: \(f(testAcc[index]))"
    }
}
