import Foundation
import NotebookKit
import Testing

@testable import NotebookProject

/// `nb2swift.toml`: its schema, its errors at file, line and key, and how it is found.
@Suite("nb2swift.toml: the project's config")
struct ProjectConfigTests {
    static let file = "/p/nb2swift.toml"

    static func error(_ text: String) -> Diagnostic? {
        do throws(Diagnostic) {
            _ = try ProjectConfig(text: text, file: file)
            return nil
        } catch { return error }
    }

    @Test("pairing groups, release, header, exclusions and cleaning are read, paths under the config's folder")
    func reads() throws {
        let config = try ProjectConfig(
            text: """
                ipython = "9.4"
                header = true
                exclude = ["scratch", "**/*-Copy*.ipynb"]

                [clean]
                keep_outputs = true
                metadata_keys = ["colab"]

                [[pair]]
                notebooks = ["lessons"]
                kind = "files"
                output = "generated"
                scripts = false

                [[pair]]
                name = "scripts"
                notebooks = ["lessons/a.ipynb"]
                kind = "script"
                header = false

                [[pair]]
                notebooks = ["lib"]
                kind = "export"
                style = "nbdev"
                output = "Sources/Lib"
                """, file: Self.file)
        #expect(config.root == "/p")
        #expect(config.ipython == .v9Point4)
        #expect(config.excludedPaths == ["/p/scratch", "/p/**/*-Copy*.ipynb"])
        #expect(config.cleaning.keepsOutputs && config.cleaning.metadataKeys.contains("colab"))
        #expect(config.cleaning.metadataKeys.contains("kernelspec"))
        #expect(
            config.pairings == [
                Pairing(
                    name: "lessons", notebooks: ["/p/lessons"], kind: .files(scriptsWhenNoFiles: false),
                    output: "/p/generated", addsHeader: true, docs: false),
                Pairing(
                    name: "scripts", notebooks: ["/p/lessons/a.ipynb"], kind: .script, output: nil, addsHeader: false,
                    docs: false),
                Pairing(
                    name: "lib", notebooks: ["/p/lib"], kind: .export(.nbdev), output: "/p/Sources/Lib",
                    addsHeader: true, docs: false),
            ])
        #expect(config.pairings[2].kind.backMode == .update(.nbdev))
        #expect(config.pairings[1].kind.backMode == .notebooks)
        #expect(config.pairings[0].kind.backMode == nil)
    }

    @Test("unknown keys and bad values are errors at the file, line and column of the key, naming it")
    func errors() {
        let pairs = "[[pair]]\nnotebooks = [\"a\"]\nkind = \"files\"\n\n[[pair]]\nnotebooks = [\"b\"]\n"
        let cases: [(text: String, line: Int, column: Int, message: String)] = [
            ("colour = 1\n" + pairs + "kind = \"files\"\n", 1, 1, "colour: unknown key"),
            (pairs + "kind = \"script\"\n  style = \"nbdev\"\n", 8, 3, "style: unknown key"),
            (pairs + "kind = \"scripts\"\n", 7, 1, "kind: unknown kind \"scripts\""),
            (pairs + "kind = \"export\"\nstyle = \"jupytext\"\n", 8, 1, "style: unknown style"),
            ("ipython = \"6.1\"\n" + pairs + "kind = \"files\"\n", 1, 1, "ipython: "),
            ("header = \"yes\"\n" + pairs + "kind = \"files\"\n", 1, 1, "header: must be true or false"),
            ("exclude = \"x\"\n" + pairs + "kind = \"files\"\n", 1, 1, "exclude: must be a list of strings"),
            ("[clean]\nkeep = true\n" + pairs + "kind = \"files\"\n", 2, 1, "keep: unknown key"),
            (pairs + "kind = [\n", 7, 1, ""),
        ]
        for (text, line, column, message) in cases {
            guard let error = Self.error(text) else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(error.file == Self.file, "\(text)")
            #expect(error.line == line, "\(text): \(error)")
            if !message.isEmpty {
                #expect(error.column == column, "\(text): \(error)")
                #expect(error.message.hasPrefix(message), "\(text): \(error.message)")
            }
        }
        #expect(Self.error("header = true\n")?.message.contains("no [[pair]]") == true)
        // toml++ aborts on a table header that starts with another character: refused first, at its place.
        for header in ["[é]", "[[é]]", "  [ $]", "[[\t\u{FFFD}x]]", "[", "[[  "] {
            let error = Self.error("header = true\n\(header)\nx]\n")
            #expect(error?.line == 2 && error?.message.hasPrefix("a table header names its table") == true, "\(header)")
        }
        #expect(Self.error("[é]\n")?.column == 2)
        #expect(Self.error("#\r\n [#\r\n")?.line == 2)  // CR LF lines (fuzzer finding)
        // A value that starts with what ends one (toml++ asserts on it too).
        for (text, line, column) in [("exclude = [}]\n", 1, 12), ("x = ,\n", 1, 5), ("e = [\n  1,\n  , ]\n", 3, 3)] {
            let error = Self.error(text)
            #expect(error?.line == line && error?.column == column, "\(text): \(String(describing: error))")
            #expect(error?.message.hasPrefix("a value is missing") == true, "\(text)")
        }
        #expect(Self.error("exclude = [\n  \"a\", # x\n  \"b\",\n]\n")?.message.hasPrefix("no [[pair]]") == true)
        #expect(Self.error("exclude = []\n")?.message.hasPrefix("no [[pair]]") == true)
        #expect(Self.error("header = 1\r\n")?.line == 1)
        #expect(Self.error("# x\r\n\r\nheader = 1\r\n")?.line == 3)
        // Not a header: a line of a multi-line string, or of a multi-line array.
        let string = "x = \"\"\"\n[é]\n\"\"\"\n"
        #expect(Self.error(string)?.message.hasPrefix("x: unknown key") == true)
        for value in ["exclude = [\n  [\"a\"],\n]\n", "exclude = [ # [\n[\n 1]]\n", "x = { a = [\n[é]]}\n"] {
            #expect(Self.error(value)?.message.hasPrefix("a table header") == false, "\(value)")
        }
        #expect(Self.error("x = \"[\" # ]\n[\n")?.line == 2)
        let empty = Self.error("header = true\npair = []\n")
        #expect(empty?.line == 2 && empty?.message == "pair: no pairing group: nothing to convert")
        #expect(Self.error("[[pair]]\nkind = \"files\"\n")?.message.contains("notebooks") == true)
        let docs = "[[pair]]\nnotebooks = [\"a\"]\nkind = \"docs\"\n"
        #expect(Self.error(docs)?.message.contains("DocC catalog") == true)
        #expect(Self.error(docs + "output = \"A.docc\"\n") == nil)
    }

    @Test("found as git finds .git: in the folder or the nearest one above it; none is nil")
    func finds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nb2swift-config-\(UUID())").path
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        #expect(try ProjectConfig.find(from: root + "/a/b") == nil)
        try "[[pair]]\nnotebooks = [\"a\"]\nkind = \"files\"\n".write(
            toFile: root + "/nb2swift.toml", atomically: true, encoding: .utf8)
        let found = try #require(try ProjectConfig.find(from: root + "/a/b"))
        #expect(found.file == root + "/nb2swift.toml")
        #expect(found.pairings.first?.notebooks == [root + "/a"])
        try "[[pair]]\nnotebooks = [\"c\"]\nkind = \"script\"\n".write(
            toFile: root + "/a/nb2swift.toml", atomically: true, encoding: .utf8)
        #expect(try ProjectConfig.find(from: root + "/a/b")?.root == root + "/a")
    }
}
