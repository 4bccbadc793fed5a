// `vision-bench --stages`: the exact JPEG path stage by stage (decode, resize, to-tensor), per image on one thread,
// against PIL/torchvision on the same files (scripts/vision_stages_pil.py), rounds alternated in the same run.
import Foundation
import TorchVision

/// The stages timed, in pipeline order, with the names the Python peer uses.
let stageNames = ["decode", "resize", "to_tensor"]

/// Per-image means of one pass, in microseconds, per stage: wall and thread CPU time.
struct StageTimes {
    var wall: [String: Double] = [:]
    var cpu: [String: Double] = [:]
    /// Swift only: the thread CPU time of reading the file, part of `decode`.
    var readCPU = Double.nan
}

/// Nanoseconds on `clock`.
func nanoseconds(_ clock: clockid_t) -> UInt64 {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// One pass over `urls`: `loadImage` (its two steps, reading the file and `decodeImage`, timed apart within it),
/// `Resize(size, size).resize`, `ToTensor.planes`, each timed on its own.
func swiftStagePass(_ urls: [URL], size: Int) throws -> StageTimes {
    let resize = Resize(size, size)
    var wall = [UInt64](repeating: 0, count: 3)
    var cpu = [UInt64](repeating: 0, count: 3)
    var read: UInt64 = 0
    for url in urls {
        let w0 = nanoseconds(CLOCK_MONOTONIC)
        let c0 = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        let bytes = [UInt8](try Data(contentsOf: url))
        read += nanoseconds(CLOCK_THREAD_CPUTIME_ID) - c0
        let image = try decodeImage(bytes, name: url.path)
        let w1 = nanoseconds(CLOCK_MONOTONIC)
        let c1 = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        let small = try resize.resize(image)
        let w2 = nanoseconds(CLOCK_MONOTONIC)
        let c2 = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        let planes = ToTensor.planes(small)
        let w3 = nanoseconds(CLOCK_MONOTONIC)
        let c3 = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        precondition(planes.shape == [3, size, size])
        wall[0] += w1 - w0
        wall[1] += w2 - w1
        wall[2] += w3 - w2
        cpu[0] += c1 - c0
        cpu[1] += c2 - c1
        cpu[2] += c3 - c2
    }
    var times = StageTimes()
    for (index, name) in stageNames.enumerated() {
        times.wall[name] = Double(wall[index]) / 1000 / Double(urls.count)
        times.cpu[name] = Double(cpu[index]) / 1000 / Double(urls.count)
    }
    times.readCPU = Double(read) / 1000 / Double(urls.count)
    return times
}

/// One pass of the Python peer (its own warm-up pass, then one measured pass).
func pilStagePass(_ root: URL, size: Int, python: String) throws -> StageTimes {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/vision_stages_pil.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script.path, root.path, "--repeats", "1", "--size", String(size)]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let json = try JSONSerialization.jsonObject(with: output) as? [String: Any],
        let stages = json["stages"] as? [String: [String: [Double]]]
    else { throw VisionError.invalidArgument("the PIL stage profile failed (\(python) \(script.path))") }
    var times = StageTimes()
    for name in stageNames {
        times.wall[name] = stages[name]?["wall_us"]?.first ?? .nan
        times.cpu[name] = stages[name]?["cpu_us"]?.first ?? .nan
    }
    return times
}

/// Alternates `repeats` rounds of PIL and Swift over the same files and prints per-stage medians and ratios.
func runStages(_ data: URL, options: Options) throws {
    let size = 64
    let urls = try ImageFolder(root: data).samples.map(\.url)
    log("per-stage profile: \(urls.count) images, \(options.repeats) alternated rounds (PIL, then Swift), one thread")
    _ = try swiftStagePass(urls, size: size)  // warm-up, as the Python side does
    var pil: [StageTimes] = []
    var swift: [StageTimes] = []
    for round in 1...max(1, options.repeats) {
        if options.peer {
            log("round \(round): PIL ...")
            pil.append(try pilStagePass(data, size: size, python: options.python))
        }
        log("round \(round): Swift ...")
        swift.append(try swiftStagePass(urls, size: size))
    }
    func column(_ rounds: [StageTimes], _ name: String, cpu: Bool) -> Double {
        median(rounds.map { (cpu ? $0.cpu[name] : $0.wall[name]) ?? .nan })
    }
    print(
        "per image, \(urls.count) images \(data.path) -> \(size)x\(size), median of \(swift.count) alternated rounds"
    )
    print("stage        PIL wall   Swift wall  ratio     PIL CPU   Swift CPU  ratio")
    var totals = (pilWall: 0.0, swiftWall: 0.0, pilCPU: 0.0, swiftCPU: 0.0)
    for name in stageNames {
        let pilWall = column(pil, name, cpu: false)
        let swiftWall = column(swift, name, cpu: false)
        let pilCPU = column(pil, name, cpu: true)
        let swiftCPU = column(swift, name, cpu: true)
        totals.pilWall += pilWall
        totals.swiftWall += swiftWall
        totals.pilCPU += pilCPU
        totals.swiftCPU += swiftCPU
        print(stageRow(name, pilWall, swiftWall, pilCPU, swiftCPU))
    }
    print(stageRow("sum", totals.pilWall, totals.swiftWall, totals.pilCPU, totals.swiftCPU))
    let readCPU = median(swift.map(\.readCPU))
    print(
        String(
            format: "Swift decode CPU = %.1f us reading the file + %.1f us decodeImage (libjpeg-turbo and our calls)",
            readCPU, column(swift, "decode", cpu: true) - readCPU))
}

func stageRow(_ name: String, _ pilWall: Double, _ swiftWall: Double, _ pilCPU: Double, _ swiftCPU: Double) -> String {
    name.padding(toLength: 10, withPad: " ", startingAt: 0)
        + String(
            format: "%8.1f us %8.1f us  %5.3fx  %8.1f us %8.1f us  %5.3fx", pilWall, swiftWall, swiftWall / pilWall,
            pilCPU, swiftCPU, swiftCPU / pilCPU)
}
