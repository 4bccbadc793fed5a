import Foundation
import TorchVision

/// libFuzzer's entry point: the bytes go through both image decoders whatever their signature (PNG, then JPEG at a
/// DCT scale chosen by the input's length), through the sniffing `decodeImage`, and each decoded image through a
/// small `Resize`. Errors are expected; crashes, leaks and sanitizer reports are findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageDecoders(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let scale = JPEGCodec.Scale.allCases[count % JPEGCodec.Scale.allCases.count]
    var decoded: [Image] = []
    if let image = try? PNGDecoder.decode(bytes, name: "fuzz.png") { decoded.append(image) }
    if let image = try? JPEGCodec.decode(bytes, name: "fuzz.jpg", scale: scale) { decoded.append(image) }
    if let image = try? decodeImage(bytes, name: "fuzz") { decoded.append(image) }
    for image in decoded {
        precondition(image.channels == 3 && image.pixels.count == image.width * image.height * 3)
        _ = try? Resize(5, 7).resize(image)
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
exit(runFuzzerDriver(&argumentCount, &argumentValues, { fuzzImageDecoders($0, $1) }))
