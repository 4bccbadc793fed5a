import Foundation
import Torch

/// Saves `model`'s state dict as `targetDir/modelName`, creating the folder; prints `[INFO] Saving model to: PATH`.
///
/// The file is PyTorch's format: Python loads it with `torch.load` and `TinyVGG.load_state_dict`.
/// - Throws: `UtilsError.badModelName` unless `modelName` ends in `.pth` or `.pt`.
@discardableResult
public func saveModel(_ model: Module, targetDir: URL, modelName: String) throws -> URL {
    guard modelName.hasSuffix(".pth") || modelName.hasSuffix(".pt") else {
        throw UtilsError.badModelName(modelName)
    }
    let path = targetDir.appendingPathComponent(modelName)
    print("[INFO] Saving model to: \(path.path)")
    try AtomicFile.write(to: path) { temporary in try model.stateDict().save(to: temporary) }
    return path
}

/// Loads a state dict saved by `saveModel` (or by PyTorch) into `model`; every key must match.
public func loadModel(_ model: Module, from path: URL) throws {
    guard FileManager.default.fileExists(atPath: path.path) else {
        throw UtilsError.missingFile(path, hint: "train a model first (train --model-dir ...)")
    }
    do {
        try model.loadStateDict(try StateDict(contentsOf: path))
    } catch {
        throw UtilsError.unreadable(path, reason: "\(error)")
    }
}
