import Foundation
import Testing
import Torch

/// `MetricHistory`: the lesson's results dict, its line, `null` for values that are not finite.
@Suite struct MetricHistoryTests {
    @Test func printsTheLessonsLine() {
        var history = MetricHistory(["train_loss", "train_acc", "test_loss", "test_acc"])
        history.append(["train_loss": 1.09841, "train_acc": 0.3125, "test_loss": 1.09566, "test_acc": 0.260416])
        history.append(["train_loss": -.nan, "train_acc": 0, "test_loss": .infinity, "test_acc": 1])
        #expect(
            history.line(epoch: 0)
                == "Epoch: 1 | train_loss: 1.0984 | train_acc: 0.3125 | test_loss: 1.0957 | test_acc: 0.2604")
        #expect(
            history.line(epoch: 1)
                == "Epoch: 2 | train_loss: nan | train_acc: 0.0000 | test_loss: inf | test_acc: 1.0000")
        #expect(history.epochs == 2 && history["train_acc"] == [0.3125, 0])
    }

    @Test func encodesTheDictWithNullForValuesThatAreNotFinite() throws {
        var history = MetricHistory(["train_loss", "test_loss"])
        history.append(["train_loss": .nan, "test_loss": 2])
        let text = String(decoding: try JSONEncoder().encode(history), as: UTF8.self)
        #expect(text.contains("\"train_loss\":[null]") && text.contains("\"test_loss\":[2]"))
        let back = try JSONDecoder().decode(MetricHistory.self, from: Data(text.utf8))
        #expect(back.names == ["test_loss", "train_loss"])  // a JSON object has no order
        #expect(back["train_loss"][0].isNaN && back["test_loss"] == [2])
        let uneven = Data(#"{"train_loss":[1],"test_loss":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MetricHistory.self, from: uneven) }
        #expect(throws: TorchError.self) { try MetricHistory(names: ["a"], values: ["b": [1]]) }
    }

    @Test func writesTheMetricsFileAtomically() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var history = MetricHistory(["train_loss"])
        history.append(["train_loss": 0.5])
        let url = folder.appendingPathComponent("nested/m.metrics.json")
        try history.write(to: url)
        #expect(try JSONDecoder().decode([String: [Double]].self, from: Data(contentsOf: url)) == ["train_loss": [0.5]])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == [
                "m.metrics.json"
            ])
    }
}
