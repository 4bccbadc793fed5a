import Dispatch
import Foundation

/// A dataset laid out as `root/<class>/**/<image>`, equal to torchvision's `datasets.ImageFolder`.
///
/// Classes are the sorted names of `root`'s sub-folders (`classToIndex` maps them to 0, 1, ...). Samples are
/// gathered per class like torchvision's `make_dataset`: every folder under the class (symlinks followed), folders
/// in sorted path order, files sorted within a folder, keeping names whose lowercased extension is one of
/// `ImageFolder.extensions`. Sorting compares Unicode code points, as Python does.
public struct ImageFolder: Dataset {
    /// torchvision's `IMG_EXTENSIONS`. JPEG and PNG decode; the others are listed (as torchvision lists them) but
    /// loading one is an `unsupportedFormat` error naming the file.
    public static let extensions = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"]

    /// The dataset folder.
    public let root: URL
    /// Sorted class names.
    public let classes: [String]
    /// Class name → class index.
    public let classToIndex: [String: Int]
    /// Image files with their class index, in torchvision's order.
    public let samples: [(url: URL, label: Int)]
    /// Applied to each decoded image; must end with `ToTensor` for batching.
    public let transform: (any Transform)?
    /// Opt-in fast path: decode JPEGs at a reduced DCT scale before the transform's first `Resize`
    /// (see `FastDecode`). Off by default because results then differ slightly from torchvision's.
    public let fastDecode: FastDecode?

    /// The samples' class indices (`dataset.targets`).
    public var targets: [Int] { samples.map(\.label) }

    public var count: Int { samples.count }

    public var isDeterministic: Bool { transform?.isDeterministic ?? true }

    /// Scans `root`. With `skipCorrupt`, every file is decoded once up front (in parallel) and files that fail are
    /// left out with a warning on standard error; otherwise a bad file surfaces as an error when it is loaded.
    public init(
        root: URL, transform: (any Transform)? = nil, skipCorrupt: Bool = false, fastDecode: FastDecode? = nil
    ) throws {
        self.root = root
        self.transform = transform
        self.fastDecode = fastDecode
        let classes = try Self.findClasses(root)
        self.classes = classes
        var classToIndex: [String: Int] = [:]
        for (index, name) in classes.enumerated() { classToIndex[name] = index }
        self.classToIndex = classToIndex
        var samples: [(url: URL, label: Int)] = []
        var empty: [String] = []
        for (label, name) in classes.enumerated() {
            let files = try Self.imageFiles(in: root.appendingPathComponent(name, isDirectory: true))
            if files.isEmpty { empty.append(name) }
            samples += files.map { ($0, label) }
        }
        if !empty.isEmpty {
            throw VisionError.invalidDataset(
                path: root.path,
                reason: "found no valid file for the classes \(empty.joined(separator: ", ")); supported extensions "
                    + "are: \(Self.extensions.joined(separator: ", "))")
        }
        if skipCorrupt { samples = Self.keepingDecodable(samples) }
        self.samples = samples
    }

    /// Loads, decodes and transforms sample `index`.
    public func example(at index: Int, random: inout RandomSource) throws -> Example {
        let (url, label) = samples[index]
        var value = TransformValue.image(try load(url))
        if let transform { value = try transform.apply(value, random: &random) }
        guard case .planes(let planes) = value else {
            throw VisionError.invalidArgument("ImageFolder's transform must end with ToTensor to produce a tensor")
        }
        return Example(image: planes, label: label)
    }

    /// The decoded, untransformed image of sample `index` and its label.
    public func image(at index: Int) throws -> (image: Image, label: Int) {
        (try loadImage(samples[index].url), samples[index].label)
    }

    private func load(_ url: URL) throws -> Image {
        guard let fastDecode, let target = firstResize else { return try loadImage(url) }
        return try fastDecode.load(url, target: target)
    }

    private var firstResize: Resize? {
        if let resize = transform as? Resize { return resize }
        guard let compose = transform as? Compose, let first = compose.transforms.first as? Resize else { return nil }
        return first
    }

    // MARK: Scanning

    private static func findClasses(_ root: URL) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        } catch {
            throw VisionError.invalidDataset(path: root.path, reason: "cannot list the dataset folder")
        }
        let classes = names.filter { isDirectory(root.appendingPathComponent($0)) }.sorted(by: codePointOrder)
        if classes.isEmpty {
            throw VisionError.invalidDataset(path: root.path, reason: "couldn't find any class folder")
        }
        return classes
    }

    /// Like `for root, _, files in sorted(os.walk(top, followlinks=True)): for f in sorted(files)`.
    private static func imageFiles(in top: URL) throws -> [URL] {
        var folders: [(path: String, files: [String])] = []
        var pending = [top.path]
        var seen = Set<String>()
        while let folder = pending.popLast() {
            let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            guard seen.insert(real).inserted else { continue }  // a symlink cycle
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw VisionError.unreadable(path: folder, reason: "cannot list the folder")
            }
            var files: [String] = []
            for name in names {
                let path = folder + "/" + name
                if isDirectory(URL(fileURLWithPath: path)) {
                    pending.append(path)
                } else if hasImageExtension(name) {
                    files.append(name)
                }
            }
            folders.append((folder, files))
        }
        folders.sort { codePointOrder($0.path, $1.path) }
        return folders.flatMap { folder in
            folder.files.sorted(by: codePointOrder).map { URL(fileURLWithPath: folder.path + "/" + $0) }
        }
    }

    /// Whether `name`'s lowercased form ends with one of `extensions` (torchvision's `has_file_allowed_extension`).
    static func hasImageExtension(_ name: String) -> Bool {
        let lower = name.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }

    private static func keepingDecodable(_ samples: [(url: URL, label: Int)]) -> [(url: URL, label: Int)] {
        let failures = ParallelMap.run(count: samples.count, workers: ProcessInfo.processInfo.activeProcessorCount) {
            index -> String? in
            do {
                _ = try loadImage(samples[index].url)
                return nil
            } catch {
                return "\(error)"
            }
        }
        var kept: [(url: URL, label: Int)] = []
        for (sample, failure) in zip(samples, failures) {
            if case .success(let message?) = failure {
                FileHandle.standardError.write(Data("warning: skipping \(message)\n".utf8))
            } else {
                kept.append(sample)
            }
        }
        return kept
    }
}

/// Python's string order: lexicographic by Unicode code point.
func codePointOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}
