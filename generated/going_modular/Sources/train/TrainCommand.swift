import ArgumentParser
import DataSetup
import Engine
import Foundation
import ModelBuilder
import Torch
import TorchVision
import Utils

/// `train`: trains TinyVGG on an image folder, like the lesson's `python train.py --num_epochs 5 ...`.
@main
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train TinyVGG on a folder of images (one sub-folder per class).",
        discussion: """
            Prints one line per epoch, saves the model to MODEL_DIR/05_going_modular_script_mode_tinyvgg_model.pth \
            with its settings (.json), metrics (.metrics.json) and loss/accuracy curves (.curves.svg) beside it, \
            and checkpoints every epoch in MODEL_DIR/checkpoint so that --resume carries on after a kill.
            The lesson's spellings (--batch_size, --num_epochs, --hidden_units, --learning_rate, --train_dir, \
            --test_dir) work too.
            """
    )

    @Option(help: "The model to train (only tinyvgg).")
    var model = "tinyvgg"

    @Option(name: [.customLong("batch-size"), .customLong("batch_size")], help: "Images per batch.")
    var batchSize = 32

    @Option(
        name: [.customLong("lr"), .customLong("learning-rate"), .customLong("learning_rate")],
        help: "The Adam optimizer's learning rate.")
    var learningRate = 0.001

    @Option(name: [.customLong("num-epochs"), .customLong("num_epochs")], help: "Epochs to train.")
    var numEpochs = 5

    @Option(name: [.customLong("hidden-units"), .customLong("hidden_units")], help: "Filters per convolution.")
    var hiddenUnits = 10

    @Option(name: [.customLong("train-dir"), .customLong("train_dir")], help: "The training images.")
    var trainDir = "data/pizza_steak_sushi/train"

    @Option(name: [.customLong("test-dir"), .customLong("test_dir")], help: "The testing images.")
    var testDir = "data/pizza_steak_sushi/test"

    @Option(name: [.customLong("model-dir"), .customLong("model_dir")], help: "Where the model and its files go.")
    var modelDir = "models"

    @Option(help: "Seed of the initial weights and of the shuffles.")
    var seed: UInt64 = 42

    @Option(help: "Torch threads (0: one per core).")
    var threads = 0

    @Option(help: "DataLoader worker threads (default: one per core).")
    var workers = defaultWorkers

    @Flag(help: "Carry on from the checkpoint in MODEL_DIR instead of starting over.")
    var resume = false

    /// The file name the lesson saves its model under.
    static let modelName = "05_going_modular_script_mode_tinyvgg_model.pth"

    func validate() throws {
        guard model == "tinyvgg" else { throw ValidationError("unknown model '\(model)': only 'tinyvgg' is built") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        guard numEpochs > 0 else { throw ValidationError("--num-epochs must be positive, got \(numEpochs)") }
        guard hiddenUnits > 0 else { throw ValidationError("--hidden-units must be positive, got \(hiddenUnits)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--lr must be a positive number, got \(learningRate)")
        }
        guard threads >= 0 else { throw ValidationError("--threads cannot be negative, got \(threads)") }
        guard workers > 0 else { throw ValidationError("--workers must be positive, got \(workers)") }
    }

    /// Errors from the pipeline are worded for people: ArgumentParser prints `Error: MESSAGE` and exits 1.
    func run() throws {
        if threads > 0 { Torch.setNumThreads(threads) }
        Torch.manualSeed(seed)
        print(
            "[INFO] Training a \(model) model for \(numEpochs) epochs with batch size \(batchSize), "
                + "hidden units \(hiddenUnits) and learning rate \(learningRate)")

        let transform = Compose([Resize(64, 64), ToTensor()])
        let (trainLoader, testLoader, classNames) = try createDataLoaders(
            trainDir: URL(fileURLWithPath: trainDir), testDir: URL(fileURLWithPath: testDir),
            transform: transform, batchSize: batchSize, workers: workers, seed: seed)
        let settings = ModelSettings(
            model: model, inputShape: 3, hiddenUnits: hiddenUnits, imageSize: 64, classNames: classNames)

        let network = try TinyVGG(inputShape: 3, hiddenUnits: hiddenUnits, outputShape: classNames.count)
        let lossFunction = CrossEntropyLoss()
        let optimizer = try Adam(network.parameters(), lr: learningRate)

        let modelFolder = URL(fileURLWithPath: modelDir)
        var results = TrainingResults()
        if resume, let checkpoint = try Checkpoint.load(in: modelFolder) {
            try checkpoint.checkCompatible(
                settings: settings, batchSize: batchSize, learningRate: learningRate, seed: seed, in: modelFolder)
            try checkpoint.restore(model: network, in: modelFolder)
            results = checkpoint.results
            print("[INFO] Resuming after epoch \(checkpoint.epoch) from \(Checkpoint.folder(in: modelFolder).path)")
            for epoch in 0..<results.epochs { print(results.line(epoch: epoch)) }
        } else if resume {
            print("[INFO] No checkpoint in \(modelFolder.path): starting from epoch 1")
        }

        let bar = ProgressBar()
        results = try Engine.train(
            model: network, trainDataLoader: trainLoader, testDataLoader: testLoader, optimizer: optimizer,
            lossFunction: lossFunction, epochs: numEpochs, results: results,
            onEpoch: { epoch, soFar in
                bar.clear()
                let checkpoint = Checkpoint(
                    epoch: epoch, results: soFar, settings: settings, batchSize: batchSize,
                    learningRate: learningRate, seed: seed)
                try checkpoint.save(model: network, in: modelFolder)
            },
            progress: { step in
                bar.update(
                    label: "Epoch \(step.epoch)/\(step.epochs) \(step.phase)", done: step.batch, total: step.batches)
            })
        bar.clear()

        let modelPath = try saveModel(network, targetDir: modelFolder, modelName: Self.modelName)
        try settings.save(besideModel: modelPath)
        let (json, svg) = try MetricsReport.write(results, besideModel: modelPath)
        print("[INFO] Metrics: \(json.path)")
        print("[INFO] Loss and accuracy curves: \(svg.path)")
    }
}
