import Foundation

/// Builds the offline stand-in for the lesson's pizza/steak/sushi data from Debian's `dataset-fashion-mnist`
/// (MIT licence, real photographs of clothes, installed under `/usr/share/datasets/fashion-mnist/`).
///
/// Layout: `train/` and `test/`, each with the classes `pullover`, `shirt` and `tshirt_top` (three look-alike
/// Fashion-MNIST classes: labels 2, 6 and 0), 78/75/72 train and 25/19/31 test images, like the lesson's data.
///
/// Selection rule (deterministic): for each class, the first N images of that label in file order — the training
/// split from `train-*-idx*-ubyte.gz`, the test split from `t10k-*`. Each file is named by its index in the source
/// file, e.g. `train/shirt/fmnist-train-00019.jpg`. Each 28×28 grey image is upscaled with PIL-equal bilinear
/// resampling (`Resize`) to 512 wide × 384 high, the grey repeated into RGB, and encoded as a baseline JPEG at
/// quality 90 with 4:2:0 chroma subsampling. The same source gives the same bytes on every run.
public enum FashionMNISTStandIn {
    /// Where Debian installs the dataset.
    public static let defaultSource = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")
    /// Class folder names with their Fashion-MNIST labels.
    public static let classes: [(name: String, label: UInt8)] = [("pullover", 2), ("shirt", 6), ("tshirt_top", 0)]
    /// Images per class for the train split, in `classes` order.
    public static let trainCounts = [78, 75, 72]
    /// Images per class for the test split, in `classes` order.
    public static let testCounts = [25, 19, 31]
    /// Output image width.
    public static let width = 512
    /// Output image height.
    public static let height = 384
    /// Marker file written last; its presence means the folder is a complete stand-in.
    public static let markerName = ".fashion-mnist-stand-in"

    /// Builds the dataset into `destination` (which must not exist, or be a previously built stand-in, which is kept).
    /// The work happens in a temporary sibling folder renamed at the end, so a failure leaves nothing behind.
    public static func build(into destination: URL, source: URL = defaultSource) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) {
            if manager.fileExists(atPath: destination.appendingPathComponent(markerName).path) { return }
            throw VisionError.invalidDataset(
                path: destination.path, reason: "already exists and is not a Fashion-MNIST stand-in; remove it first")
        }
        let parent = destination.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw VisionError.unreadable(
                path: staging.path, reason: "cannot create: \((error as NSError).localizedDescription)")
        }
        do {
            try writeSplit("train", prefix: "train", counts: trainCounts, source: source, into: staging)
            try writeSplit("test", prefix: "t10k", counts: testCounts, source: source, into: staging)
            try Data("Fashion-MNIST stand-in: see FashionMNISTStandIn in TorchVision\n".utf8)
                .write(to: staging.appendingPathComponent(markerName))
            try manager.moveItem(at: staging, to: destination)
        } catch {
            try? manager.removeItem(at: staging)
            if error is VisionError { throw error }
            throw VisionError.invalidDataset(path: destination.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Writes one split (`train` from the `train-*` files, `test` from `t10k-*`) under `root`.
    static func writeSplit(_ split: String, prefix: String, counts: [Int], source: URL, into root: URL) throws {
        let images = try IDXFile(gzippedAt: source.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz"))
        let labels = try IDXFile(gzippedAt: source.appendingPathComponent("\(prefix)-labels-idx1-ubyte.gz"))
        guard images.dimensions.count == 3, labels.dimensions.count == 1, images.dimensions[0] == labels.dimensions[0]
        else {
            throw VisionError.invalidDataset(path: source.path, reason: "\(prefix): images and labels do not match")
        }
        let side = (images.dimensions[1], images.dimensions[2])
        var jobs: [(index: Int, folder: URL)] = []
        for ((name, label), count) in zip(classes, counts) {
            let picked = labels.values.indices.filter { labels.values[$0] == label }.prefix(count)
            guard picked.count == count else {
                throw VisionError.invalidDataset(
                    path: source.path, reason: "\(prefix): fewer than \(count) \(name) images")
            }
            let folder = root.appendingPathComponent(split).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            jobs += picked.map { ($0, folder) }
        }
        let pixels = images.values
        let tasks = jobs
        let results = ParallelMap.run(count: tasks.count, workers: ProcessInfo.processInfo.activeProcessorCount) { j in
            let (index, folder) = tasks[j]
            let start = index * side.0 * side.1
            let grey = Image(unchecked: side.1, side.0, 1, Array(pixels[start..<start + side.0 * side.1]))
            let large = try Resize(height, width).resize(grey).rgb()
            let jpeg = try JPEGCodec.encode(large, quality: 90, chromaSubsampling420: true)
            let name = "fmnist-\(prefix == "t10k" ? "test" : "train")-\(String(format: "%05d", index)).jpg"
            try Data(jpeg).write(to: folder.appendingPathComponent(name))
        }
        for result in results { try result.get() }
    }
}
