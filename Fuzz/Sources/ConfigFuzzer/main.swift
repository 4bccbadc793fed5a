import Foundation
import NotebookKit
import NotebookProject

/// libFuzzer's entry point: the bytes are read as a project's `nb2swift.toml`, which is either read or refused with
/// one error at the config file and a line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    do throws(Diagnostic) {
        let config = try ProjectConfig(text: text, file: "/fuzz/nb2swift.toml")
        precondition(!config.pairings.isEmpty, "a config without pairing groups was read")
    } catch {
        precondition(error.file == "/fuzz/nb2swift.toml" && error.line != nil, "a config error without its place")
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
exit(runFuzzerDriver(&argumentCount, &argumentValues, { fuzzConfig($0, $1) }))
