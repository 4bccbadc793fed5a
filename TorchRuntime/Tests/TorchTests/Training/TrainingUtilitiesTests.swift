import Foundation
import Testing
import Torch

/// The progress bar, the loss curves, JSON files beside a model, and the device choice.
@Suite struct TrainingUtilitiesTests {
    @Test func progressBarRendersAsTqdm() {
        let bar = ProgressBar(0..<5, width: 10, enabled: false)
        #expect(bar.render(done: 0, elapsed: .zero) == "  0%|          | 0/5 [00:00<?, ?it/s]")
        #expect(bar.render(done: 2, elapsed: .seconds(3)) == " 40%|████      | 2/5 [00:03<00:05, 1.50s/it]")
        #expect(bar.render(done: 5, elapsed: .milliseconds(500)) == "100%|██████████| 5/5 [00:01<00:00, 10.00it/s]")
        // It walks the sequence unchanged (and draws nothing when disabled).
        #expect(Array(bar) == [0, 1, 2, 3, 4])
    }

    @Test func lossCurvesDrawEveryMetricAndSkipValuesThatAreNotFinite() throws {
        var history = MetricHistory(["train_loss", "train_acc", "test_loss", "test_acc"])
        history.append(["train_loss": 1.1, "train_acc": 0.3, "test_loss": 1.0, "test_acc": 0.4])
        history.append(["train_loss": .nan, "train_acc": 0.6, "test_loss": 0.95, "test_acc": 0.5])
        let svg = LossCurves(history).svg()
        #expect(svg.hasPrefix("<svg"))
        for curve in ["train_loss", "test_loss", "train_acc", "test_acc"] {
            #expect(svg.contains("id=\"\(curve)\""), "\(curve)")
        }
        // Accuracy 0.6 of a 0...1 axis drawn 260 px high from y = 48: y = 48 + 260 * 0.4.
        #expect(svg.contains(",152.00"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try LossCurves(history).write(to: folder.appendingPathComponent("m.curves.svg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.curves.svg"])
    }

    struct Settings: Codable, Equatable {
        var hiddenUnits: Int
    }

    @Test func jsonFilesAreReadAsUntrustedInput() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m.json")
        try JSONFile.write(Settings(hiddenUnits: 10), to: url)
        let check = { (settings: Settings) in settings.hiddenUnits > 0 ? nil : "hiddenUnits must be positive" }
        #expect(
            try JSONFile.read(Settings.self, from: url, what: "model settings", problem: check)
                == Settings(hiddenUnits: 10))
        for (text, expected) in [
            ("{\"hiddenUnits\": -4}", "\(url.path): hiddenUnits must be positive"),
            ("{}", "\(url.path): not model settings (no hiddenUnits in the top level)"),
            ("[", "\(url.path): not model settings (not valid JSON)"),
        ] {
            try Data(text.utf8).write(to: url)
            #expect(throws: TorchError.self) {
                try JSONFile.read(Settings.self, from: url, what: "model settings", problem: check)
            }
            do {
                _ = try JSONFile.read(Settings.self, from: url, what: "model settings", problem: check)
            } catch {
                #expect("\(error)" == expected)
            }
        }
        #expect(throws: TorchError.self) {
            try JSONFile.read(Settings.self, from: folder.appendingPathComponent("none.json"), what: "model settings")
        }
    }

    @Test func deviceChoiceFollowsTheLessonsRule() throws {
        #expect(DeviceChoice("auto") == .auto && DeviceChoice("cuda:1") == .exactly(.cuda(1)))
        #expect(DeviceChoice("tpu") == nil && DeviceChoice("cuda:-1") == nil)
        #expect(try DeviceChoice("cpu")?.resolve() == .cpu)
        #expect(try DeviceChoice.auto.resolve() == (Torch.cuda.isAvailable() ? .cuda(0) : .cpu))
        #expect("\(DeviceChoice.exactly(.cuda(2)))" == "cuda:2")
    }
}
