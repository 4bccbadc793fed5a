// torch-bench: times TinyVGG training steps (batch 32, 64×64 RGB, Adam) in Swift on libtorch.
// scripts/torch-bench.sh runs it interleaved with the same steps in Python (scripts/torch_bench.py) and prints
// the Swift/Python step-time ratio.
//
// The workload is TinyVGGFixture's TinyVGG, the model the parity tests check against PyTorch.
//
// Usage: torch-bench [--threads N] [--steps K] [--warmup W] [--batch B] [--hidden H] [--channels-last]
// (`--channels-last`: the model and the batch in `MemoryFormat.channelsLast`, as the lesson's `train` does)
// Prints one line: `swift threads=N channels_last=0|1 median_ms=... min_ms=... cpu_ms=... mean_ms=... rss_start_mb=... rss_end_mb=...
// live_handles=...` (per step: median and minimum wall time, median process CPU time).
import Foundation
import TinyVGGFixture
import Torch

/// CPU time of the whole process (all threads) in milliseconds.
func processCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// The median of `values` (not empty).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

/// Resident set size in MiB, from /proc/self/statm.
func residentMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    guard let parsed = Int(arguments[index + 1]), parsed > 0 else {
        FileHandle.standardError.write(Data("torch-bench: \(name) needs a positive integer\n".utf8))
        exit(2)
    }
    return parsed
}

func run() throws {
    let threads = option("--threads", default: 1)
    let steps = option("--steps", default: 30)
    let warmup = option("--warmup", default: 5)
    let batch = option("--batch", default: 32)
    let hidden = option("--hidden", default: 10)
    let channelsLast = CommandLine.arguments.contains("--channels-last")
    Torch.setNumThreads(threads)
    Torch.manualSeed(42)
    let layout: MemoryFormat = channelsLast ? .channelsLast : .contiguous
    let model = try TinyVGG(inputShape: 3, hiddenUnits: hidden, outputShape: 3).to(memoryFormat: layout)
    let x = try Tensor.randn([batch, 3, 64, 64]).contiguous(memoryFormat: layout)
    let y = try Tensor((0..<batch).map { Int64($0 % 3) })
    let optimizer = try Adam(model.parameters(), lr: 0.001)
    let lossFunction = CrossEntropyLoss()
    model.train()
    func step() throws {
        try optimizer.zeroGrad()
        let loss = try lossFunction(model(x), y)
        try loss.backward()
        try optimizer.step()
    }
    for _ in 0..<warmup {
        try step()
    }
    let rssStart = residentMegabytes()
    var times: [Double] = []
    var cpuTimes: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<steps {
        let cpuStart = processCPUMilliseconds()
        let elapsed = try clock.measure { try step() }
        cpuTimes.append(processCPUMilliseconds() - cpuStart)
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    let mean = times.reduce(0, +) / Double(times.count)
    func format(_ value: Double) -> String { String(format: "%.3f", value) }
    print(
        "swift threads=\(Torch.numThreads) channels_last=\(channelsLast ? 1 : 0) median_ms=\(format(median(times))) min_ms=\(format(times.min() ?? 0)) "
            + "cpu_ms=\(format(median(cpuTimes))) mean_ms=\(format(mean)) rss_start_mb=\(String(format: "%.1f", rssStart)) "
            + "rss_end_mb=\(String(format: "%.1f", residentMegabytes())) live_handles=\(Torch.liveHandleCount)")
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("torch-bench: \(error)\n".utf8))
    exit(1)
}
