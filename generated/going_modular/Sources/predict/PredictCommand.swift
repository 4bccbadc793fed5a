import ArgumentParser
import Foundation
import ModelBuilder
import Torch
import TorchVision
import Utils

/// `predict`: the class of one image, from a model that `train` saved (its settings are read from beside it).
@main
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the class of an image with a model saved by train.",
        discussion: "Prints '[INFO] Pred class: NAME, Pred prob: 0.xxx'. The class names and model settings are "
            + "read from the .json file that train saved beside the model."
    )

    @Option(help: "The image to classify (JPEG or PNG).")
    var image: String

    @Option(
        name: [.customLong("model-path"), .customLong("model_path")],
        help: "The model file saved by train.")
    var modelPath = "models/05_going_modular_script_mode_tinyvgg_model.pth"

    /// Errors are worded for people: ArgumentParser prints `Error: MESSAGE` and exits 1.
    func run() throws {
        let prediction = try predict(imageAt: URL(fileURLWithPath: image), modelAt: URL(fileURLWithPath: modelPath))
        let probability = String(format: "%.3f", prediction.probability)
        print("[INFO] Pred class: \(prediction.className), Pred prob: \(probability)")
    }
}
