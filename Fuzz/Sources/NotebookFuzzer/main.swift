import Foundation

@testable import NotebookKit

/// A notebook with one exported cell in each two-way style, for `update` to read the fuzzed exported files against;
/// in the nbdev style also a cell documented by the markdown cell above it and a `//| test` cell, so that update
/// takes a doc comment and a test function off the fuzzed text.
let markedNotebook = Array(
    #"""
    {"cells": [
      {"cell_type": "code", "id": "c0", "metadata": {}, "outputs": [], "execution_count": null,
       "source": ["//| default_exp Core\n", "//| export\n", "public let a = 1"]},
      {"cell_type": "code", "id": "c1", "metadata": {}, "outputs": [], "execution_count": null,
       "source": ["// export\n", "public let b = 2"]},
      {"cell_type": "markdown", "id": "m2", "metadata": {}, "source": ["The *third* value."]},
      {"cell_type": "code", "id": "c3", "metadata": {}, "outputs": [], "execution_count": null,
       "source": ["//| export\n", "public let c = 3"]},
      {"cell_type": "code", "id": "c4", "metadata": {}, "outputs": [], "execution_count": null,
       "source": ["//| test\n", "import Foundation\n", "#expect(c == 3)"]}
     ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    """#.utf8)

/// libFuzzer's entry point: the bytes are read as a notebook (lenient and strict; the notebook read is planned for
/// `%%writefile` cells, exported in every style and written as a DocC article with its outputs), as a Swift script in the percent format (lenient and strict; the
/// notebook it gives is written back), and as a code cell whose magic line and body go through each IPython release's
/// input handling and `%%writefile` argument parsing, as base64 (an image output), as markdown rendered for DocC and
/// as the code and prose of a documented nbdev cell; then, for `nb2swift update` in each two-way style, as every
/// file under the output root (the exported files and the export state) of a fixed notebook. (A project's
/// `nb2swift.toml` has its own target, `ConfigFuzzer`.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebookKit(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    for reader in [NotebookReader(strict: false), NotebookReader(strict: true)] {
        if let notebook = try? reader.read(bytes: bytes, displayName: "fuzz.ipynb") {
            var files = VirtualFileSystem(readingDisk: false)
            let source = NotebookSource(
                displayPath: "fuzz.ipynb", outputRoot: "/nonexistent-root", pathFromRoot: "fuzz.ipynb")
            _ = WritefilePlanner(options: .init(addsHeader: true)).plan(notebook, source: source, files: &files)
            for style in ExportStyle.allCases {
                var exported = VirtualFileSystem(readingDisk: false)
                _ = style.planner().exportPlan(notebook, source: source, files: &exported)
            }
            _ = DocsArticle(notebook, outputs: DocsCellOutputs(notebookBytes: bytes), source: source)
        }
    }
    // `clean` is idempotent: a notebook cleaned once is its own cleaning, byte for byte.
    if let clean = try? NotebookCleaning().cleaned(bytes, file: "fuzz.ipynb") {
        precondition((try? NotebookCleaning().cleaned(clean, file: "fuzz.ipynb")) == clean, "clean is not idempotent")
    }
    let text = String(decoding: bytes, as: UTF8.self)
    for reader in [ScriptReader(strict: false), ScriptReader(strict: true)] {
        if let notebook = try? reader.notebook(fromScript: text, path: "fuzz.swift") {
            _ = NotebookWriter().json(for: notebook)
        }
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
    _ = DocsBase64.decode(text)
    _ = DocCMarkdownRenderer(linkDestination: DocsArticle.docCDestination).lines(
        of: MarkdownDocument(parsing: text).blocks)
    _ = NbdevDocComment.framing(forCode: text, markdown: text)
    let source = NotebookSource(
        displayPath: "nbs/01_core.ipynb", outputRoot: "/fuzz", pathFromRoot: "nbs/01_core.ipynb")
    let marked = try! NotebookReader().read(bytes: markedNotebook, displayName: source.displayPath)
    for style in [ExportStyle.nbdev, .swiftai] {
        _ = UpdatePlanner(style: style).update(marked, bytes: markedNotebook, source: source) { _ in bytes }
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
exit(runFuzzerDriver(&argumentCount, &argumentValues, { fuzzNotebookKit($0, $1) }))
