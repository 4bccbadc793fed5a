import Engine
import Foundation
import ModelBuilder
import Testing
import Torch
import Utils

extension GoingModularTests {
    @Suite struct UtilsTests {
        @Test func saveModelRequiresAPthOrPtName() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            #expect(throws: UtilsError.self) { try saveModel(model, targetDir: folder, modelName: "model.bin") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }

        @Test func aSavedModelLoadsBackWithTheSameWeights() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            let path = try saveModel(model, targetDir: folder.appendingPathComponent("nested"), modelName: "m.pt")
            #expect(path.lastPathComponent == "m.pt")
            let copy = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            try loadModel(copy, from: path)
            for ((name, original), (_, loaded)) in zip(model.namedParameters(), copy.namedParameters()) {
                #expect(try original.floats() == loaded.floats(), "\(name)")
            }
            let wrongShape = try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3)
            #expect(throws: UtilsError.self) { try loadModel(wrongShape, from: path) }
        }

        @Test func settingsRoundTripBesideTheModel() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let modelPath = folder.appendingPathComponent("tiny.pth")
            let settings = ModelSettings(
                model: "tinyvgg", inputShape: 3, hiddenUnits: 10, imageSize: 64, classNames: ["a", "b"])
            try settings.save(besideModel: modelPath)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tiny.json").path))
            #expect(try ModelSettings.load(besideModel: modelPath) == settings)
            let other = folder.appendingPathComponent("other.pth")
            let error = #expect(throws: UtilsError.self) { try ModelSettings.load(besideModel: other) }
            #expect(error?.description.contains("other.json") == true)
        }

        @Test func metricsAndCurvesAreWrittenBesideTheModel() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            var results = TrainingResults()
            results.append(trainLoss: 1.1, trainAcc: 0.3, testLoss: 1.0, testAcc: 0.4)
            results.append(trainLoss: 0.9, trainAcc: 0.6, testLoss: 0.95, testAcc: 0.5)
            let (json, svg) = try MetricsReport.write(results, besideModel: folder.appendingPathComponent("m.pth"))
            #expect(json.lastPathComponent == "m.metrics.json")
            #expect(try JSONDecoder().decode(TrainingResults.self, from: Data(contentsOf: json)) == results)
            let image = try String(contentsOf: svg, encoding: .utf8)
            #expect(image.hasPrefix("<svg"))
            for curve in ["train_loss", "test_loss", "train_accuracy", "test_accuracy"] {
                #expect(image.contains("id=\"\(curve)\""), "\(curve)")
            }
            // Accuracy 0.6 of a 0...1 axis drawn 260 px high from y = 48: y = 48 + 260 * 0.4.
            #expect(image.contains(",152.00"))
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(names == ["m.curves.svg", "m.metrics.json"])  // no temporary file left behind
        }

        @Test func progressBarFillsInProportion() {
            let bar = ProgressBar(width: 10, enabled: false)
            #expect(bar.render(label: "Epoch 1/5 train", done: 3, total: 6) == "Epoch 1/5 train [#####.....] 3/6")
            #expect(bar.render(label: "x", done: 0, total: 4) == "x [..........] 0/4")
        }

        @Test func aFailedAtomicWriteKeepsTheOldFile() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let target = folder.appendingPathComponent("file.txt")
            try AtomicFile.write(Data("old".utf8), to: target)
            struct Interrupted: Error {}
            #expect(throws: Interrupted.self) {
                try AtomicFile.write(to: target) { temporary in
                    try Data("half".utf8).write(to: temporary)
                    throw Interrupted()
                }
            }
            #expect(try String(contentsOf: target, encoding: .utf8) == "old")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["file.txt"])
        }

        @Test func aCheckpointRestoresWeightsAndRefusesOtherSettings() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let settings = ModelSettings(
                model: "tinyvgg", inputShape: 3, hiddenUnits: 2, imageSize: 64, classNames: ["a", "b", "c"])
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            var results = TrainingResults()
            results.append(trainLoss: 1, trainAcc: 0, testLoss: 1, testAcc: 0)
            for epoch in 1...2 {
                let checkpoint = Checkpoint(
                    epoch: epoch, results: results, settings: settings, batchSize: 8, learningRate: 0.01, seed: 1)
                try checkpoint.save(model: model, in: folder)
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: Checkpoint.folder(in: folder).path)
            #expect(files.sorted() == ["checkpoint.json", "epoch-2.pth"])
            let loaded = try #require(try Checkpoint.load(in: folder))
            #expect(loaded.epoch == 2)
            #expect(loaded.results == results)
            let copy = try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3)
            try loaded.restore(model: copy, in: folder)
            #expect(try copy.namedParameters()[0].1.floats() == model.namedParameters()[0].1.floats())
            #expect(throws: UtilsError.self) {
                try loaded.checkCompatible(
                    settings: settings, batchSize: 16, learningRate: 0.01, seed: 1, in: folder)
            }
            try loaded.checkCompatible(settings: settings, batchSize: 8, learningRate: 0.01, seed: 1, in: folder)
            #expect(try Checkpoint.load(in: folder.appendingPathComponent("elsewhere")) == nil)
        }
    }
}
