import Foundation
import Testing
import Torch

/// `EpochObserver`: after each epoch, the course's TensorBoard charts (read back with TensorBoard's own reader) and
/// then the checkpoint.
@Suite struct EpochObserverTests {
    typealias Settings = [String: String]

    func history(epochs: Int) -> MetricHistory {
        var history = MetricHistory(["train_loss", "train_acc", "test_loss", "test_acc"])
        for epoch in 0..<epochs {
            let n = Double(epoch + 1)
            history.append(["train_loss": 1.1 / n, "train_acc": n / 7, "test_loss": 1.2 / n + 1e-9, "test_acc": n / 9])
        }
        return history
    }

    @Test(.enabled(if: interopPython != nil, interopPythonMissing))
    func logsTheLessonsChartsThenCheckpoints() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try withGlobalGenerator { try Linear(inFeatures: 2, outFeatures: 1) }
        let checkpointer = Checkpointer(
            file: folder.appendingPathComponent("checkpoint.pth"), settings: ["lr": "0.1"],
            states: ["model": .module(model)])
        let logDir = folder.appendingPathComponent("runs")
        let observer = EpochObserver(checkpointer: checkpointer, writer: try SummaryWriter(logDir: logDir))
        let history = history(epochs: 3)
        for epoch in 1...3 {
            var sofar = MetricHistory(history.names)
            for index in 0..<epoch {
                sofar.append(
                    [
                        "train_loss": history["train_loss"][index], "train_acc": history["train_acc"][index],
                        "test_loss": history["test_loss"][index], "test_acc": history["test_acc"][index],
                    ])
            }
            try observer.epochEnded(epoch, sofar)
            // Flushed at once: TensorBoard sees the epoch while the run goes on.
            let read = try SummaryWriterTests.readWithTensorBoard(logDir)
            #expect(read["Loss_train_loss"]?["Loss"]?.count == epoch)
            #expect(try Checkpoint<Settings>.load(from: checkpointer.file)?.epoch == epoch)
        }
        let read = try SummaryWriterTests.readWithTensorBoard(logDir)
        // The log folder's own file (PyTorch's too) holds no scalar; each line of a chart has its folder.
        #expect(
            read.keys.sorted() == [".", "Accuracy_test_acc", "Accuracy_train_acc", "Loss_test_loss", "Loss_train_loss"])
        #expect(read["."]?.isEmpty == true)
        for (run, tag, metric) in [
            ("Loss_train_loss", "Loss", "train_loss"), ("Loss_test_loss", "Loss", "test_loss"),
            ("Accuracy_train_acc", "Accuracy", "train_acc"), ("Accuracy_test_acc", "Accuracy", "test_acc"),
        ] {
            let scalars = read[run]?[tag] ?? []
            #expect(scalars.map(\.step) == [0, 1, 2], "\(run)")
            #expect(scalars.map(\.value) == history[metric].map { Double(Float($0)) }, "\(run)")
        }
    }

    @Test func withoutAWriterItOnlyCheckpointsAndLeavesOutMissingMetrics() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try withGlobalGenerator { try Linear(inFeatures: 2, outFeatures: 1) }
        let checkpointer = Checkpointer(
            file: folder.appendingPathComponent("checkpoint.pth"), settings: ["lr": "0.1"],
            states: ["model": .module(model)])
        try EpochObserver(checkpointer: checkpointer, writer: nil).epochEnded(2, history(epochs: 2))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint.pth"])
        // A history without accuracies: the Accuracy chart is left out, the Loss chart written.
        let logDir = folder.appendingPathComponent("runs")
        var losses = MetricHistory(["train_loss", "test_loss"])
        losses.append(["train_loss": 1, "test_loss": 2])
        try EpochObserver<Settings>(checkpointer: nil, writer: try SummaryWriter(logDir: logDir)).epochEnded(1, losses)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: logDir.path).filter { !$0.hasPrefix("events") }.sorted()
                == ["Loss_test_loss", "Loss_train_loss"])
    }
}
