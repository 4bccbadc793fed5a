import Foundation

/// What `predict` needs to rebuild a trained model: saved by `train` beside the model file.
public struct ModelSettings: Codable, Equatable, Sendable {
    /// The architecture, e.g. `tinyvgg`.
    public var model: String
    /// Colour channels of the input images.
    public var inputShape: Int
    /// Hidden units of each convolution.
    public var hiddenUnits: Int
    /// Height and width the images are resized to.
    public var imageSize: Int
    /// The class names, in label order.
    public var classNames: [String]

    public init(model: String, inputShape: Int, hiddenUnits: Int, imageSize: Int, classNames: [String]) {
        self.model = model
        self.inputShape = inputShape
        self.hiddenUnits = hiddenUnits
        self.imageSize = imageSize
        self.classNames = classNames
    }

    /// Where the settings of the model file `modelPath` live: the same name with `.json` in place of `.pth`.
    public static func url(besideModel modelPath: URL) -> URL {
        modelPath.deletingPathExtension().appendingPathExtension("json")
    }

    /// Writes the settings beside the model file, atomically.
    public func save(besideModel modelPath: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: Self.url(besideModel: modelPath))
    }

    /// Reads the settings that `train` saved beside the model file.
    public static func load(besideModel modelPath: URL) throws -> ModelSettings {
        let url = url(besideModel: modelPath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw UtilsError.missingFile(url, hint: "train saves it beside the model; train again or copy it")
        }
        do {
            return try JSONDecoder().decode(ModelSettings.self, from: data)
        } catch {
            throw UtilsError.unreadable(url, reason: "not model settings (\(error))")
        }
    }
}
