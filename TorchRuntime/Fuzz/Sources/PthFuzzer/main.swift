import Foundation
import Torch

/// A small module whose parameters a fuzzed state dict is loaded into, so the strict `load_state_dict` checks run
/// on whatever the reader accepted. libFuzzer calls in from one thread.
nonisolated(unsafe) let model = try! Sequential(Linear(inFeatures: 2, outFeatures: 3), ReLU())

/// libFuzzer's entry point: the bytes are read as a `.pth` file (zip archive, pickle, tensor storages) and, when
/// they form a state dict, loaded into `model`. Every outcome must be a value or a `TorchError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStateDict(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        let stateDict = try StateDict(data: data, describedAs: "fuzz.pth")
        for (_, tensor) in stateDict.entries {
            _ = tensor.shape
        }
        try model.loadStateDict(stateDict)
    } catch is TorchError {
        // The expected outcome for most inputs.
    } catch {
        fatalError("not a TorchError: \(error)")
    }
    return 0
}

/// libFuzzer's driver, entered explicitly because SwiftPM gives executables a Swift `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &argumentValues, { fuzzStateDict($0, $1) }))
