import Foundation
import Testing

@testable import NotebookKit

/// Runs the built `nb2swift`.
private func nb2swift(_ arguments: [String], in directory: String) throws -> (
    status: Int32, stdout: String, stderr: String
) {
    try CoreTestSupport.run(try #require(CoreTestSupport.executable), arguments, in: directory)
}

/// A few end-to-end runs that keep the binary honest: subcommands, their options, exit statuses and streams. What a
/// conversion does is tested through the library (``ConversionTests``).
@Suite(
    "The nb2swift command",
    .enabled(if: CoreTestSupport.executable != nil, "the nb2swift executable was not built next to the tests"))
struct CommandLineTests {
    @Test("files is the default subcommand; each mode is a subcommand, and the old --to flag is a usage error")
    func subcommands() throws {
        let folder = try CoreTestSupport.temporaryFolder("cli")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile a.swift\nlet a = 1", "let b = 2"]), to: folder + "/w.ipynb")
        try CoreTestSupport.write(CoreTestSupport.notebookJSON(["let s = 1"]), to: folder + "/s.ipynb")
        let plain = try nb2swift(["w.ipynb", "s.ipynb"], in: folder)
        #expect(plain.status == 0)
        #expect(plain.stderr == "Writing a.swift\n")
        #expect(CoreTestSupport.files(under: folder) == ["a.swift", "s.ipynb", "s.swift", "w.ipynb"])
        #expect(try nb2swift(["files", "--check", "w.ipynb", "s.ipynb"], in: folder).status == 0)
        let filesOnly = try nb2swift(["files", "--no-scripts", "--list", "w.ipynb", "s.ipynb"], in: folder)
        #expect(filesOnly.stdout == "a.swift\t10 bytes\tw.ipynb: c0\n")
        #expect(try nb2swift(["files", "--no-scripts", "--list", "s.ipynb"], in: folder).stdout == "")
        let script = try nb2swift(["script", "-q", "w.ipynb"], in: folder)
        #expect(script.status == 0 && script.stderr.isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder + "/w.swift"))
        #expect(try nb2swift(["script", "--check", "w.ipynb"], in: folder).status == 0)
        for arguments in [["--to", "script", "w.ipynb"], ["--to=script", "w.ipynb"]] {
            let legacy = try nb2swift(arguments, in: folder)
            #expect(legacy.status == 2 && legacy.stderr.contains("Unknown option"), "\(arguments): \(legacy.stderr)")
        }
        #expect(try nb2swift(["ipynb", "w.swift", "-o", "back"], in: folder).status == 0)
        #expect(try nb2swift(["ipynb", "--check", "w.swift", "-o", "back"], in: folder).status == 0)
    }

    @Test("--check: differences on standard output, the summary on standard error, exit 1; nothing written")
    func check() throws {
        let folder = try CoreTestSupport.temporaryFolder("cli")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(["%%writefile g.swift\nlet a = 1"]), to: folder + "/n.ipynb")
        try CoreTestSupport.write("let a = 2\n", to: folder + "/g.swift")
        let stale = try nb2swift(["--check", "n.ipynb"], in: folder)
        #expect(stale.status == 1)
        #expect(stale.stdout.hasPrefix("stale: g.swift\n"))
        #expect(stale.stdout.contains("-let a = 2\n+let a = 1\n"))
        #expect(stale.stderr == "nb2swift: --check: 1 file(s) stale, missing or orphaned\n")
        #expect(CoreTestSupport.read(folder + "/g.swift") == Array("let a = 2\n".utf8))
    }

    @Test("usage errors exit 2: options a mode does not take, bad values, --check with --list")
    func usageErrors() throws {
        let folder = try CoreTestSupport.temporaryFolder("cli")
        try CoreTestSupport.write("// %%\nlet a = 1\n", to: folder + "/s.swift")
        for arguments in [
            ["ipynb", "--pretty", "s.swift"], ["ipynb", "--docs", "s.swift"], ["ipynb", "--add-ids", "s.swift"],
            ["ipynb", "--ipython", "9", "s.swift"],
            ["ipynb", "--header", "s.swift"], ["--width", "5", "n.ipynb"], ["--define", "=x", "n.ipynb"],
            ["--check", "--list", "n.ipynb"], ["--ipython", "10", "n.ipynb"],
        ] {
            let result = try nb2swift(arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/s.ipynb"))
        let missing = try nb2swift(["nope.ipynb"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr == "nope.ipynb: error: no such file or folder\n")
    }

    @Test("--help lists the subcommands and describes every mode; --version prints the version")
    func helpAndVersion() throws {
        let folder = try CoreTestSupport.temporaryFolder("cli")
        let help = try nb2swift(["--help"], in: folder)
        #expect(help.status == 0)
        for name in ["files (default)", "script", "ipynb", "%%writefile", "percent format", "back to NAME.ipynb"] {
            #expect(help.stdout.contains(name), "\(name)")
        }
        let version = try nb2swift(["--version"], in: folder)
        #expect(version.status == 0)
        #expect(version.stdout == Conversion.version + "\n")
    }
}
