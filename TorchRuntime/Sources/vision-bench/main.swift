// vision-bench: one epoch of decode + Resize(64, 64) + ToTensor + batching over the Fashion-MNIST stand-in,
// TorchVision (Swift) against torchvision's ImageFolder + DataLoader(num_workers=2) in the same run.
//
//   swift run -c release vision-bench [--data DIR] [--repeats N] [--workers N] [--python PATH] [--stages [--no-peer]]
//
// --stages times the exact path stage by stage instead (decode, resize, to-tensor per image on one thread) against
// PIL on the same files (scripts/vision_stages_pil.py), in alternated rounds: see Stages.swift. --no-peer leaves PIL
// out (to profile the Swift side alone, e.g. under perf).
//
// --data is an ImageFolder root or a stand-in root (train/ is used); when it does not exist the Fashion-MNIST
// stand-in is built there first (without --data: in a temporary folder, removed afterwards).
import Foundation
import TorchVision

struct Options {
    var data: URL?
    var repeats = 5
    var workers = ProcessInfo.processInfo.activeProcessorCount
    var python = "/usr/bin/python3"
    var stages = false
    var peer = true

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            if flag == "--stages" || flag == "--no-peer" {
                if flag == "--stages" { stages = true } else { peer = false }
                continue
            }
            guard let value = rest.popFirst() else { throw VisionError.invalidArgument("\(flag) needs a value") }
            switch flag {
            case "--data": data = URL(fileURLWithPath: value)
            case "--repeats": repeats = Int(value) ?? repeats
            case "--workers": workers = Int(value) ?? workers
            case "--python": python = value
            default: throw VisionError.invalidArgument("unknown option \(flag)")
            }
        }
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func log(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Times `repeats` cold epochs (a new dataset and loader each time, as a fresh PyTorch epoch).
func timeSwift(_ root: URL, repeats: Int, workers: Int, fast: Bool) throws -> [Double] {
    try (0..<repeats).map { _ in
        let start = Date()
        let dataset = try ImageFolder(
            root: root, transform: Compose([Resize(64, 64), ToTensor()]), fastDecode: fast ? FastDecode() : nil)
        let loader = DataLoader(dataset: dataset, batchSize: 32, shuffle: true, seed: 42, workers: workers)
        let batches = try loader.epoch()
        precondition(batches.count == loader.count)
        return Date().timeIntervalSince(start)
    }
}

func timeTorchvision(_ root: URL, options: Options) throws -> [Double] {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/vision_bench_torchvision.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: options.python)
    process.arguments = [script.path, root.path, "--repeats", String(options.repeats), "--workers", "2"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let json = try JSONSerialization.jsonObject(with: output) as? [String: Any],
        let seconds = json["seconds"] as? [Double]
    else { throw VisionError.invalidArgument("the torchvision benchmark failed (\(options.python) \(script.path))") }
    return seconds
}

func run() throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    var temporary: URL?
    let folder: URL
    if let given = options.data {
        folder = given
    } else {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vision-bench-\(UUID().uuidString)")
        temporary = folder
    }
    defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
    if !FileManager.default.fileExists(atPath: folder.path) {
        log("building the Fashion-MNIST stand-in into \(folder.path) ...")
        try FashionMNISTStandIn.build(into: folder)
    }
    // A stand-in root holds train/ and test/: benchmark the train split.
    let train = folder.appendingPathComponent("train")
    let data = FileManager.default.fileExists(atPath: train.path) ? train : folder
    let count = try ImageFolder(root: data).count
    if options.stages { return try runStages(data, options: options) }
    log("data: \(data.path) (\(count) images); \(options.repeats) repeats, \(options.workers) Swift workers")

    log("torchvision: ImageFolder + Resize((64, 64)) + ToTensor + DataLoader(batch_size=32, num_workers=2) ...")
    let torchvision = median(try timeTorchvision(data, options: options))
    log("Swift TorchVision, exact decode ...")
    let exact = median(try timeSwift(data, repeats: options.repeats, workers: options.workers, fast: false))
    log("Swift TorchVision, FastDecode (reduced-scale JPEG decode) ...")
    let fast = median(try timeSwift(data, repeats: options.repeats, workers: options.workers, fast: true))

    // The lesson trains several epochs over the same data: with cache: true (Resize + ToTensor is deterministic)
    // only the first one decodes.
    let epochs = 5
    let cachedStart = Date()
    let cachedLoader = DataLoader(
        dataset: try ImageFolder(root: data, transform: Compose([Resize(64, 64), ToTensor()])), batchSize: 32,
        shuffle: true, seed: 42, workers: options.workers, cache: true)
    for _ in 0..<epochs { _ = try cachedLoader.epoch() }
    let cached = Date().timeIntervalSince(cachedStart) / Double(epochs)

    func row(_ name: String, _ seconds: Double) -> String {
        let ratio = seconds / torchvision
        return name.padding(toLength: 44, withPad: " ", startingAt: 0)
            + String(format: "%8.1f ms   %.3fx torchvision", seconds * 1000, ratio)
    }
    print("one epoch, \(count) images 512x384 JPEG -> [32, 3, 64, 64] batches (median of \(options.repeats))")
    print(row("torchvision 0.14 DataLoader(num_workers=2)", torchvision))
    print(row("TorchVision exact (equal to torchvision)", exact))
    print(row("TorchVision FastDecode (opt-in)", fast))
    print(row("TorchVision cache: true, mean of \(epochs) epochs", cached))
    print(String(format: "ratio exact / torchvision = %.3f (target <= 0.25)", exact / torchvision))
}

do {
    try run()
} catch {
    log("vision-bench: \(error)")
    exit(1)
}
