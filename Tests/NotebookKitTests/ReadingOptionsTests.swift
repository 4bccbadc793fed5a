import Foundation
import Testing

@testable import NotebookKit

/// A mode as the tests run it: the arguments before and after the input, what goes in the work folder first, and the
/// input the reading options apply to.
struct ModeCase: CustomStringConvertible, Sendable {
    /// The subcommand and its options.
    var arguments: [String]
    /// The input, relative to the work folder.
    var input: String
    /// Prepares the work folder: writes the input (from the notebook text given) and what the mode needs besides.
    var prepare: @Sendable (_ folder: String, _ notebook: String) throws -> Void

    var description: String { arguments.joined(separator: " ") }

    /// A notebook for every mode: a `%%writefile` cell, an nbdev-exported cell and a fastai/swiftai-exported one,
    /// with `extra` members added at the top level.
    static func notebook(extra: String = "") -> String {
        CoreTestSupport.notebookJSON([
            "%%writefile w.swift\nlet w = 1", "//| default_exp Core\n//| export\npublic let a = 1",
            "// export\npublic let b = 2",
        ]).replacingOccurrences(of: "\"metadata\":{},\"nbformat\"", with: "\"metadata\":{},\(extra)\"nbformat\"")
    }

    /// Writes `text` as the notebook `nbs/01_core.ipynb`.
    @Sendable static func writeNotebook(_ folder: String, _ text: String) throws {
        try CoreTestSupport.write(text, to: folder + "/nbs/01_core.ipynb")
    }

    static let all: [ModeCase] = [
        ModeCase(arguments: ["files", "-o", "out"], input: "nbs/01_core.ipynb", prepare: writeNotebook),
        ModeCase(arguments: ["script", "-o", "out"], input: "nbs/01_core.ipynb", prepare: writeNotebook),
        ModeCase(
            arguments: ["ipynb", "-o", "out"], input: "s/01_core.swift",
            prepare: { folder, text in
                // The script of the notebook: with the `extra` members, its header records them.
                try writeNotebook(folder, text)
                let report = Conversion(ConversionOptions(mode: .scripts, outputFolder: folder + "/s"))
                    .run([folder + "/nbs/01_core.ipynb"])
                guard report.status == .success else { throw CocoaError(.fileWriteUnknown) }
            }),
        ModeCase(
            arguments: ["export", "--style", "fastai", "-o", "out"], input: "nbs/01_core.ipynb", prepare: writeNotebook),
        ModeCase(
            arguments: ["export", "--style", "swiftai", "-o", "out"], input: "nbs/01_core.ipynb", prepare: writeNotebook
        ),
        ModeCase(
            arguments: ["export", "--style", "nbdev", "-o", "out"], input: "nbs/01_core.ipynb", prepare: writeNotebook),
        ModeCase(
            arguments: ["update", "-o", "out"], input: "nbs/01_core.ipynb",
            prepare: { folder, text in
                // Exported, then the exported file edited: there is a cell to bring back.
                try writeNotebook(folder, notebook())
                let options = ConversionOptions(mode: .export(.nbdev), outputFolder: folder + "/out")
                guard Conversion(options).run([folder + "/nbs/01_core.ipynb"]).status == .success else {
                    throw CocoaError(.fileWriteUnknown)
                }
                let module = folder + "/out/Sources/Core/01_core.swift"
                let exported = String(decoding: CoreTestSupport.read(module) ?? [], as: UTF8.self)
                try CoreTestSupport.write(exported.replacingOccurrences(of: "a = 1", with: "a = 10"), to: module)
                try writeNotebook(folder, text)
            }),
    ]
}

/// Every reading option works in every mode, because every mode reads through the walk's one reader
/// (``InputReader``): a test per option and mode, through the command line.
@Suite(
    "Reading options in every mode",
    .enabled(if: CoreTestSupport.executable != nil, "the nb2swift executable was not built next to the tests"))
struct ReadingOptionsTests {
    private func run(_ mode: ModeCase, _ options: [String], in folder: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try CoreTestSupport.run(
            try #require(CoreTestSupport.executable), mode.arguments + options + [mode.input], in: folder)
    }

    /// Every file under `folder`, with a hash of its bytes.
    private func snapshot(_ folder: String) -> [String: String] {
        var files: [String: String] = [:]
        for file in CoreTestSupport.files(under: folder) {
            files[file] = StableHash.hex(bytes: CoreTestSupport.read(folder + "/" + file) ?? [])
        }
        return files
    }

    @Test(
        "--max-input-size: an input over the limit is refused, naming it and the option, nothing written; a higher limit reads it",
        arguments: ModeCase.all)
    func maxInputSize(mode: ModeCase) throws {
        let folder = try CoreTestSupport.temporaryFolder("reading")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try mode.prepare(folder, ModeCase.notebook())
        let before = snapshot(folder)
        let size = try #require(CoreTestSupport.read(folder + "/" + mode.input)).count
        let small = try run(mode, ["--max-input-size", "\(size - 1)"], in: folder)
        #expect(small.status == 2, "\(small.stderr)")
        #expect(
            small.stderr.contains("\(mode.input): error: ") || small.stderr.contains("\(mode.input):1:1: error: "),
            "\(small.stderr)")
        #expect(small.stderr.contains("--max-input-size"), "\(small.stderr)")
        #expect(snapshot(folder) == before, "something was written")
        let enough = try run(mode, ["--max-input-size", "\(size)"], in: folder)
        #expect(enough.status == 0, "\(enough.stderr)")
        #expect(snapshot(folder) != before, "nothing was written")
    }

    @Test(
        "--strict: a schema violation is an error at its file and line, nothing written; without it the input is read",
        arguments: ModeCase.all)
    func strict(mode: ModeCase) throws {
        let folder = try CoreTestSupport.temporaryFolder("reading")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // An unknown top-level key in a notebook; in a script, a cell whose marker gives no id in a 4.5 notebook.
        try mode.prepare(folder, ModeCase.notebook(extra: "\"extra\":1,"))
        if mode.input.hasSuffix(".swift") {
            let script = String(decoding: try #require(CoreTestSupport.read(folder + "/" + mode.input)), as: UTF8.self)
            try CoreTestSupport.write(
                script.replacingOccurrences(of: "// %% id=\"c1\"\n", with: "// %%\n"), to: folder + "/" + mode.input)
        }
        let before = snapshot(folder)
        let strict = try run(mode, ["--strict"], in: folder)
        #expect(strict.status == 2, "\(strict.stderr)")
        let violation = mode.input.hasSuffix(".swift") ? "needs an `id` on every cell" : "unknown top-level key `extra`"
        #expect(strict.stderr.contains("\(mode.input):") && strict.stderr.contains(violation), "\(strict.stderr)")
        #expect(snapshot(folder) == before, "something was written")
        let lenient = try run(mode, [], in: folder)
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(snapshot(folder) != before, "nothing was written")
    }

    @Test("export --add-ids --strict: ids are given before the strict reading, so a notebook without ids goes through")
    func addIDsBeforeStrict() throws {
        let folder = try CoreTestSupport.temporaryFolder("reading")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let withoutIDs = ModeCase.notebook().replacingOccurrences(
            of: #""id":"c\d","#, with: "", options: .regularExpression)
        try ModeCase.writeNotebook(folder, withoutIDs)
        let arguments = ["export", "--strict", "nbs/01_core.ipynb", "-o", "out"]
        let refused = try CoreTestSupport.run(try #require(CoreTestSupport.executable), arguments, in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("needs an `id` on every cell"), "\(refused.stderr)")
        let given = try CoreTestSupport.run(
            try #require(CoreTestSupport.executable), arguments + ["--add-ids"], in: folder)
        #expect(given.status == 0, "\(given.stderr)")
        #expect(
            try NotebookReader(strict: true).read(contentsOf: folder + "/nbs/01_core.ipynb").cells.allSatisfy {
                $0.id != nil
            })
    }
}
