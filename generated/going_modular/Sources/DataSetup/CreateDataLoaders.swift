import Foundation
import Torch
import TorchVision

/// DataLoader workers by default: one per core, like the lesson's `os.cpu_count()`.
public let defaultWorkers = ProcessInfo.processInfo.activeProcessorCount

/// Turns a training folder and a testing folder (one sub-folder of images per class) into data loaders.
///
/// - Parameters:
///   - trainDir: e.g. `data/pizza_steak_sushi/train`.
///   - testDir: e.g. `data/pizza_steak_sushi/test`; it must hold the same classes.
///   - transform: applied to every image, e.g. `Compose([Resize(64, 64), ToTensor()])`.
///   - batchSize: images per batch.
///   - workers: threads that decode images ahead of the training loop.
///   - shuffle: whether the training loader reshuffles every epoch (the test loader never shuffles).
///   - seed: the seed of the training loader's shuffles.
///   - trainOrder: a fixed order of the training images, replacing the shuffle (used by the parity tests).
/// - Returns: the training loader, the testing loader and the class names (the sorted sub-folder names).
/// - Throws: `DataSetupError` naming the folder when a folder is missing or empty or the classes differ.
public func createDataLoaders(
    trainDir: URL, testDir: URL, transform: Compose, batchSize: Int, workers: Int = defaultWorkers,
    shuffle: Bool = true, seed: UInt64 = 42, trainOrder: [Int]? = nil
) throws -> (train: DataLoader<ImageFolder>, test: DataLoader<ImageFolder>, classNames: [String]) {
    guard batchSize > 0 else { throw DataSetupError.badBatchSize(batchSize) }
    let trainData = try imageFolder(trainDir, transform: transform)
    let testData = try imageFolder(testDir, transform: transform)
    guard trainData.classes == testData.classes else {
        throw DataSetupError.classMismatch(
            train: trainDir, trainClasses: trainData.classes, test: testDir, testClasses: testData.classes)
    }
    guard workers > 0 else { throw DataSetupError.badWorkers(workers) }
    if let trainOrder, let bad = trainOrder.first(where: { !(0..<trainData.count).contains($0) }) {
        throw DataSetupError.badOrder(index: bad, count: trainData.count)
    }
    // Resize + ToTensor is deterministic, so every image is decoded once and its tensor reused in later epochs.
    let train = DataLoader(
        dataset: trainData, batchSize: batchSize, shuffle: shuffle, seed: seed, workers: workers, order: trainOrder,
        cache: true)
    let test = DataLoader(dataset: testData, batchSize: batchSize, workers: workers, cache: true)
    return (train, test, trainData.classes)
}

/// Opens one split's folder, turning "missing" and "no images" into errors that name it.
private func imageFolder(_ folder: URL, transform: Compose) throws -> ImageFolder {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
    else {
        throw DataSetupError.missingFolder(folder)
    }
    let dataset = try ImageFolder(root: folder, transform: transform)
    guard dataset.count > 0 else { throw DataSetupError.emptyFolder(folder) }
    return dataset
}
