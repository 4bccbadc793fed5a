import Foundation
import Testing

/// The repository's root folder (TorchRuntime/Tests/TorchTests/ is three levels below it).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The interop venv's Python, which has PyPI's `tensorboard` and `torchinfo==1.8.0` over Debian's torch 1.13:
/// `TORCH_RUNTIME_INTEROP_PYTHON`, else `.venvs/interop/bin/python` at the repository root (scripts/install-deps.sh
/// creates it, so `make test` has it); `nil` when it cannot import tensorboard.
let interopPython: URL? = {
    let python = URL(
        fileURLWithPath: ProcessInfo.processInfo.environment["TORCH_RUNTIME_INTEROP_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venvs/interop/bin/python").path)
    guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
    let result = try? runProcess(python, ["-c", "import tensorboard"])
    return result?.status == 0 ? python : nil
}()

/// Why the interop tests are skipped when `interopPython` is `nil`.
let interopPythonMissing: Comment =
    "no Python with tensorboard: run scripts/install-deps.sh (makes .venvs/interop) or set TORCH_RUNTIME_INTEROP_PYTHON"
