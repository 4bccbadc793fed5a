import Foundation
import Synchronization
import Torch

/// Serialises tests that draw from libtorch's global generator (seeding, `randn`, creating layers): Swift Testing
/// runs tests in parallel, and interleaved draws would change every test's numbers.
let globalGeneratorLock = Mutex<Void>(())

/// Runs `body` while holding `globalGeneratorLock`.
func withGlobalGenerator<Result>(_ body: () throws -> Result) rethrows -> Result {
    try globalGeneratorLock.withLock { _ in try body() }
}

/// The committed fixtures, written by Fixtures/make_fixtures.py.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The largest absolute element-wise difference between two equally long arrays (infinity if the counts differ).
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
}

/// A scratch directory removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("torch-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `/usr/bin/python3` (Debian's, with torch), or `TORCH_RUNTIME_PYTHON` (`make test-torch2`: the torch 2.x venv's),
/// when it can import torch; `nil` otherwise.
let pythonWithTorch: URL? = {
    let python = URL(
        fileURLWithPath: ProcessInfo.processInfo.environment["TORCH_RUNTIME_PYTHON"] ?? "/usr/bin/python3")
    guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
    let result = try? runProcess(python, ["-c", "import torch"])
    return result?.status == 0 ? python : nil
}()

/// Runs `executable` with `arguments` and returns its exit status and combined output.
func runProcess(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
