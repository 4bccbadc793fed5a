import Foundation
import Testing

@testable import NotebookKit

/// Runs the built `nb2swift`.
private func nb2swift(_ arguments: [String], in directory: String) throws -> (
    status: Int32, stdout: String, stderr: String
) {
    try CoreTestSupport.run(try #require(CoreTestSupport.executable), arguments, in: directory)
}

@Suite(
    "nb2swift --to script / ipynb, --pretty, --docs",
    .enabled(if: CoreTestSupport.executable != nil, "the nb2swift executable was not built next to the tests"))
struct ScriptCommandLineTests {
    @Test("a notebook without %%writefile becomes NAME.swift; --check follows; --to ipynb brings it back")
    func scriptAndBack() throws {
        let folder = try CoreTestSupport.temporaryFolder("script-cli")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(
                ["let a = 1", "%install '.package(path: \"x\")' X\nprint(a)"], markdown: [1: "# Hi\n\n*/ text"]),
            to: folder + "/nb.ipynb")
        #expect(try nb2swift(["nb.ipynb"], in: folder).status == 0)
        let script = String(decoding: CoreTestSupport.read(folder + "/nb.swift") ?? [], as: UTF8.self)
        #expect(script.contains("// %% id=\"c0\"\nlet a = 1\n"))
        #expect(script.contains("// %% [markdown] id=\"m1\"\n// # Hi\n//\n// */ text\n"))
        #expect(script.contains("//%install '.package(path: \"x\")' X\nprint(a)\n"))
        #expect(try nb2swift(["--check", "nb.ipynb"], in: folder).status == 0)
        let pretty = try nb2swift(["--check", "--pretty", "nb.ipynb"], in: folder)
        #expect(pretty.status == 1)
        #expect(pretty.stdout.contains("+// MARK: - Hi"))
        #expect(try nb2swift(["--to", "files", "nb.ipynb", "-o", "files"], in: folder).status == 0)
        #expect(CoreTestSupport.files(under: folder + "/files") == [])

        #expect(try nb2swift(["--to", "ipynb", "nb.swift", "-o", "back"], in: folder).status == 0)
        let back = try NotebookReader().read(contentsOf: folder + "/back/nb.ipynb")
        let original = try NotebookReader().read(contentsOf: folder + "/nb.ipynb")
        #expect(back.cells.map(\.source) == original.cells.map(\.source))
        #expect(back.cells.map(\.id) == original.cells.map(\.id))
        #expect(try nb2swift(["--to", "ipynb", "--check", "nb.swift", "-o", "back"], in: folder).status == 0)
    }

    @Test("a script that cannot be read fails with exit 2, naming the file and line")
    func badScript() throws {
        let folder = try CoreTestSupport.temporaryFolder("script-cli-bad")
        try CoreTestSupport.write("// %%\nlet a = 1\n\n// %% [markdown]\nnot a comment\n", to: folder + "/bad.swift")
        let result = try nb2swift(["--to", "ipynb", "bad.swift"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.swift:5: "))
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.ipynb"))
        try CoreTestSupport.write("{}", to: folder + "/other.ipynb")
        let notScript = try nb2swift(["--to", "ipynb", "bad.swift", "other.ipynb"], in: folder)
        #expect(notScript.status == 2)
        #expect(notScript.stderr.contains("other.ipynb:1: --to ipynb reads Swift scripts"))
    }

    @Test("--docs puts the prose above a %%writefile file's code; --width is checked")
    func docs() throws {
        let folder = try CoreTestSupport.temporaryFolder("script-cli-docs")
        try CoreTestSupport.write(
            CoreTestSupport.notebookJSON(
                ["%%writefile m.swift\npublic let m = 1"], markdown: [0: "## Model\n\nThe model."]),
            to: folder + "/nb.ipynb")
        #expect(try nb2swift(["-q", "nb.ipynb"], in: folder).status == 0)
        #expect(CoreTestSupport.read(folder + "/m.swift") == Array("public let m = 1\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder + "/nb.swift"))
        #expect(try nb2swift(["--check", "--docs", "nb.ipynb"], in: folder).status == 1)
        #expect(try nb2swift(["-q", "--docs", "nb.ipynb"], in: folder).status == 0)
        let text = String(decoding: CoreTestSupport.read(folder + "/m.swift") ?? [], as: UTF8.self)
        #expect(text.contains("// MARK: - Model\n//\n// The model.\n"))
        #expect(text.hasSuffix("public let m = 1\n"))
        #expect(try nb2swift(["--check", "--docs", "nb.ipynb"], in: folder).status == 0)
        #expect(try nb2swift(["--width", "5", "nb.ipynb"], in: folder).status != 0)
    }
}
