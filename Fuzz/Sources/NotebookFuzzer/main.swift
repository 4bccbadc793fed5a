import Foundation
import NotebookKit

/// libFuzzer's entry point: the bytes are read as a notebook (lenient and strict), as a Swift script in the percent
/// format (and the notebook it gives is written back), and as a code cell whose magic line and body go through each
/// IPython release's input handling and `%%writefile` argument parsing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebookKit(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    for reader in [NotebookReader(strict: false), NotebookReader(strict: true)] {
        if let notebook = try? reader.read(bytes: bytes, displayName: "fuzz.ipynb") {
            var files = VirtualFileSystem(readingDisk: false)
            let source = NotebookSource(
                displayPath: "fuzz.ipynb", outputRoot: "/nonexistent-root", pathFromRoot: "fuzz.ipynb")
            _ = WritefilePlanner(options: .init(addsHeader: true)).plan(notebook, source: source, files: &files)
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if let notebook = try? ScriptReader().notebook(fromScript: text, path: "fuzz.swift") {
        _ = NotebookWriter().json(for: notebook)
    }
    for version in IPythonVersion.allCases {
        let interpreter = CellInterpreter(
            version: version, expansion: MagicLineExpansion(definitions: ["name": "value"]), homeDirectory: "/home/fuzz"
        )
        _ = interpreter.effect(ofCode: text)
    }
    _ = try? MagicArgumentSplitter.split(text)
    _ = try? WritefileCommand.parse(line: text, homeDirectory: "/home/fuzz")
    _ = MagicLineExpansion(definitions: ["a": "1"]).expand(text)
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
exit(runFuzzerDriver(&argumentCount, &argumentValues, { fuzzNotebookKit($0, $1) }))
