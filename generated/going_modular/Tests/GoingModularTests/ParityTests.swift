import DataSetup
import Engine
import Foundation
import ModelBuilder
import Testing
import Torch
import TorchVision
import Utils

/// `reference/fixtures/parity.json`, written by `reference/make_fixtures.py` with PyTorch 1.13.
struct ParityFixture: Decodable {
    struct Settings: Decodable {
        var seed: UInt64
        var epochs: Int
        var batchSize: Int
        var hiddenUnits: Int
        var learningRate: Double
        var threads: Int
        var trainOrder: [Int]
    }
    struct File: Decodable {
        var path: String
        var label: Int
        var pixelSum: Double
    }
    struct Checksum: Decodable {
        var shape: [Int]
        var sum: Double
        var sumOfSquares: Double
        var first: [Double]
    }
    struct Slice: Decodable {
        var offset: Int
        var count: Int
        var shape: [Int]
    }
    struct Results: Decodable {
        var trainLoss: [Double]
        var trainAcc: [Double]
        var testLoss: [Double]
        var testAcc: [Double]

        enum CodingKeys: String, CodingKey {
            case trainLoss = "train_loss"
            case trainAcc = "train_acc"
            case testLoss = "test_loss"
            case testAcc = "test_acc"
        }
    }
    struct Prediction: Decodable {
        var path: String
        var `class`: String
        var prob: Double
    }
    var settings: Settings
    var classNames: [String]
    var trainFiles: [File]
    var testFiles: [File]
    var initialStateOffsets: [String: Slice]
    var initialState: [String: Checksum]
    var finalState: [String: Checksum]
    var results: Results
    var predictions: [Prediction]

    static let folder = referenceFolder.appendingPathComponent("fixtures", isDirectory: true)

    static func load() throws -> ParityFixture {
        try JSONDecoder().decode(
            ParityFixture.self, from: Data(contentsOf: folder.appendingPathComponent("parity.json")))
    }

    /// The initial weights from `initial_state.f32` (raw little-endian float32 in state-dict order).
    func initialWeights() throws -> [String: [Float]] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("initial_state.f32"))
        let floats = data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        return initialStateOffsets.mapValues { Array(floats[$0.offset..<$0.offset + $0.count]) }
    }
}

/// Whether Debian's Python with torch is there to load a Swift-saved model.
let pythonWithTorch: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", "import torch, torchvision"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

extension GoingModularTests {
    /// The Swift pipeline against our PyTorch reference: same images, same initial weights, same batch order.
    @Suite struct ParityTests {
        let fixture: ParityFixture
        let transform = Compose([Resize(64, 64), ToTensor()])

        init() throws {
            fixture = try ParityFixture.load()
        }

        func loaders() throws -> (train: DataLoader<ImageFolder>, test: DataLoader<ImageFolder>, classNames: [String]) {
            try createDataLoaders(
                trainDir: parityData.appendingPathComponent("train"),
                testDir: parityData.appendingPathComponent("test"), transform: transform,
                batchSize: fixture.settings.batchSize, workers: 2, shuffle: false,
                trainOrder: fixture.settings.trainOrder)
        }

        func modelWithInitialWeights() throws -> TinyVGG {
            let model = try TinyVGG(
                inputShape: 3, hiddenUnits: fixture.settings.hiddenUnits, outputShape: fixture.classNames.count)
            let weights = try fixture.initialWeights()
            try noGrad {
                for (name, parameter) in model.namedParameters() {
                    let values = try #require(weights[name], "no initial weights for \(name)")
                    try parameter.copyFrom(try Tensor(values, shape: parameter.shape))
                }
            }
            return model
        }

        @Test func readsTheSameFilesAndPixelsAsTorchvision() throws {
            let (train, test, classNames) = try loaders()
            #expect(classNames == fixture.classNames)
            for (dataset, files) in [(train.dataset, fixture.trainFiles), (test.dataset, fixture.testFiles)] {
                let paths = dataset.samples.map { String($0.url.path.dropFirst(parityData.path.count + 1)) }
                #expect(paths == files.map(\.path))
                #expect(dataset.targets == files.map(\.label))
                for (sample, file) in zip(dataset.samples, files) {
                    let pixels = try transform(try loadImage(sample.url)).to(.float64).sum().item()
                    #expect(Swift.abs(pixels - file.pixelSum) < 1e-6, "\(file.path)")
                }
            }
        }

        @Test func manualSeedGivesPyTorchsInitialWeights() throws {
            Torch.manualSeed(fixture.settings.seed)
            let model = try TinyVGG(
                inputShape: 3, hiddenUnits: fixture.settings.hiddenUnits, outputShape: fixture.classNames.count)
            let weights = try fixture.initialWeights()
            for (name, parameter) in model.namedParameters() {
                #expect(try parameter.floats() == weights[name], "\(name)")
            }
        }

        @Test func loadsPyTorchsStateDict() throws {
            let model = try TinyVGG(
                inputShape: 3, hiddenUnits: fixture.settings.hiddenUnits, outputShape: fixture.classNames.count)
            try loadModel(model, from: ParityFixture.folder.appendingPathComponent("initial_state.pth"))
            let weights = try fixture.initialWeights()
            for (name, parameter) in model.namedParameters() {
                #expect(try parameter.floats() == weights[name], "\(name)")
            }
        }

        /// Trains like `make_fixtures.py`: initial weights, fixed order, Adam, the fixture's thread count.
        func trainLikeTheReference() throws -> (model: TinyVGG, results: TrainingResults, classNames: [String]) {
            let threads = Torch.numThreads
            Torch.setNumThreads(fixture.settings.threads)
            defer { Torch.setNumThreads(threads) }
            let (train, test, classNames) = try loaders()
            let model = try modelWithInitialWeights()
            let optimizer = try Adam(model.parameters(), lr: fixture.settings.learningRate)
            let results = try Engine.train(
                model: model, trainDataLoader: train, testDataLoader: test, optimizer: optimizer,
                lossFunction: CrossEntropyLoss(), epochs: fixture.settings.epochs)
            return (model, results, classNames)
        }

        /// Saves `model` as `train` does (weights + settings) into `folder`.
        func save(_ model: TinyVGG, classNames: [String], in folder: URL) throws -> URL {
            let modelPath = try saveModel(model, targetDir: folder, modelName: "parity.pth")
            try ModelSettings(
                model: "tinyvgg", inputShape: 3, hiddenUnits: fixture.settings.hiddenUnits, imageSize: 64,
                classNames: classNames
            ).save(besideModel: modelPath)
            return modelPath
        }

        @Test func trainingMatchesPyTorchEpochByEpoch() throws {
            let (model, results, classNames) = try trainLikeTheReference()
            let pairs = [
                ("train_loss", results.trainLoss, fixture.results.trainLoss),
                ("train_acc", results.trainAcc, fixture.results.trainAcc),
                ("test_loss", results.testLoss, fixture.results.testLoss),
                ("test_acc", results.testAcc, fixture.results.testAcc),
            ]
            for (name, swift, python) in pairs {
                #expect(swift.count == python.count, "\(name)")
                for (epoch, (s, p)) in zip(swift, python).enumerated() {
                    #expect(Swift.abs(s - p) <= 1e-5, "\(name) of epoch \(epoch + 1): Swift \(s), PyTorch \(p)")
                }
            }
            for (name, parameter) in model.namedParameters() {
                let expected = try #require(fixture.finalState[name])
                let values = try parameter.to(.float64).doubles()
                #expect(parameter.shape == expected.shape, "\(name)")
                let sum = values.reduce(0, +)
                #expect(Swift.abs(sum - expected.sum) <= 1e-4 * max(1, Swift.abs(expected.sum)), "\(name)")
                for (s, p) in zip(values, expected.first) {
                    #expect(Swift.abs(s - p) <= 1e-5, "\(name)")
                }
            }

            // Predict every test image from the saved model, as `predict` does.
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let predictor = try Predictor(modelAt: try save(model, classNames: classNames, in: folder))
            for python in fixture.predictions {
                let swift = try predictor.predict(imageAt: parityData.appendingPathComponent(python.path))
                #expect(swift.className == python.class, "\(python.path)")
                #expect(Swift.abs(swift.probability - python.prob) <= 1e-5, "\(python.path)")
            }
        }

        @Test(
            .enabled(
                if: pythonWithTorch,
                "needs /usr/bin/python3 with torch (apt-get install python3-torch python3-torchvision)"))
        func pythonLoadsTheSwiftSavedModelAndPredictsTheSameClasses() throws {
            let (model, _, classNames) = try trainLikeTheReference()
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let modelPath = try save(model, classNames: classNames, in: folder)
            let predictor = try Predictor(modelAt: modelPath)
            let images = fixture.predictions.map { parityData.appendingPathComponent($0.path) }
            let swift = try images.map { try predictor.predict(imageAt: $0) }

            // reference/going_modular/predict.py loads with load_state_dict(strict=True): every key must match.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments =
                [
                    referenceFolder.appendingPathComponent("going_modular/predict.py").path, "--json",
                    "--model_path", modelPath.path, "--class_names", classNames.joined(separator: ","),
                    "--hidden_units", "\(fixture.settings.hiddenUnits)", "--image",
                ] + images.map(\.path)
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try #require(
                process.terminationStatus == 0, "reference/going_modular/predict.py failed on \(modelPath.path)")
            struct Line: Decodable {
                var `class`: String
                var prob: Double
            }
            let lines = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
                try JSONDecoder().decode(Line.self, from: Data($0.utf8))
            }
            #expect(lines.map(\.class) == swift.map(\.className))
            #expect(lines.map(\.class) == fixture.predictions.map(\.class))
            for (python, swift) in zip(lines, swift) {
                #expect(Swift.abs(python.prob - swift.probability) <= 1e-5)
            }
        }
    }
}
