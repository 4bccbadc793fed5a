import Foundation
import ModelBuilder
import Torch
import TorchVision

/// One image's predicted class and the model's probability for it.
public struct Prediction: Equatable, Sendable {
    /// The class index (label).
    public var classIndex: Int
    /// The class name.
    public var className: String
    /// The softmax probability of that class.
    public var probability: Double
}

/// A trained TinyVGG ready to classify images: rebuilt from its settings and loaded from its file.
public struct Predictor {
    /// The settings `train` saved beside the model.
    public let settings: ModelSettings
    private let model: TinyVGG
    private let transform: Compose

    /// Reads the settings beside `modelPath`, builds the model and loads its weights.
    public init(modelAt modelPath: URL) throws {
        settings = try ModelSettings.load(besideModel: modelPath)
        model = try TinyVGG(
            inputShape: settings.inputShape, hiddenUnits: settings.hiddenUnits,
            outputShape: settings.classNames.count)
        try loadModel(model, from: modelPath)
        model.eval()
        transform = Compose([Resize(settings.imageSize, settings.imageSize), ToTensor()])
    }

    /// The most likely class of the image file at `url`.
    public func predict(imageAt url: URL) throws -> Prediction {
        let image = try transform(try loadImage(url)).unsqueeze(0)
        return try noGrad {
            let probabilities = try model(image).softmax(dim: 1)
            let index = Int(try probabilities.argmax(dim: 1).item())
            let probability = try probabilities[0][index].item()
            return Prediction(classIndex: index, className: settings.classNames[index], probability: probability)
        }
    }
}

/// Predicts one image with the model at `modelPath` (whose settings `train` saved beside it).
public func predict(imageAt imageURL: URL, modelAt modelPath: URL) throws -> Prediction {
    try Predictor(modelAt: modelPath).predict(imageAt: imageURL)
}
