import Foundation
import Testing

@testable import NotebookKit

/// The export state's text: what it records, and that a damaged state vouches for nothing.
@Suite("Export state files")
struct ExportStateTests {
    static let sample: ExportState = {
        var state = ExportState(style: .nbdev, notebook: "../nbs/a\tb\\c\nd.ipynb")
        state.files = [.init(path: "Sources/Core/co\tre.swift", hash: StableHash.hex("file"))]
        state.entries = [
            .init(path: "Sources/Core/co\tre.swift", key: "c0", hash: StableHash.hex("a")),
            .init(path: "Sources/Core/co\tre.swift", key: "x\ny\\t", hash: StableHash.hex("b")),
        ]
        return state
    }()

    @Test("tabs, line feeds and backslashes in paths and keys round-trip; every record is one line")
    func roundTrip() throws {
        let text = ExportStateCodec.text(of: Self.sample)
        #expect(text.split(separator: "\n").count == 6)
        #expect(try ExportStateCodec.state(from: Array(text.utf8)) == Self.sample)
    }

    @Test("a state cut at any byte, or with any one byte changed, is refused with its line")
    func damage() throws {
        let bytes = Array(ExportStateCodec.text(of: Self.sample).utf8)
        for length in 0..<bytes.count {
            #expect(throws: Diagnostic.self, "cut at \(length)") {
                try ExportStateCodec.state(from: Array(bytes.prefix(length)))
            }
        }
        for index in bytes.indices {
            var changed = bytes
            changed[index] = changed[index] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            #expect(throws: Diagnostic.self, "byte \(index) changed") {
                try ExportStateCodec.state(from: changed)
            }
        }
        let extra = Array("cell\tSources/x.swift\tc9\t0123456789abcdef\n".utf8)
        let end = try #require(bytes.lastIndex(of: 0x0A, before: bytes.count - 1))
        let inserted = Array(bytes[...end]) + extra + Array(bytes[(end + 1)...])
        let failure = #expect(throws: Diagnostic.self) { try ExportStateCodec.state(from: inserted) }
        #expect(failure?.description.hasPrefix("line 7:") == true, "\(failure?.description ?? "")")
    }

    @Test("the first format is read for update, marked as such; one bad line fails it")
    func legacy() throws {
        let text = "# nb2swift export state: swiftai nbs/01_a.ipynb\n# comment\nA.swift\t3\t0123456789abcdef\n"
        let state = try ExportStateCodec.state(from: Array(text.utf8))
        #expect(state.isLegacy && state.style == .swiftai && state.notebook == "nbs/01_a.ipynb")
        #expect(state.entries == [.init(path: "A.swift", key: "3", hash: "0123456789abcdef")])
        #expect(state.files.isEmpty)
        let broken = text + "A.swift\tx\ty\t0123456789abcdef\n"
        let failure = #expect(throws: Diagnostic.self) {
            try ExportStateCodec.state(from: Array(broken.utf8))
        }
        #expect(failure?.line == 4)
    }

    @Test("states are kept per notebook path: one name in two folders gives two files, readable names")
    func paths() {
        let a = ExportState.path(style: .nbdev, notebook: "nbs/a/core.ipynb")
        let b = ExportState.path(style: .nbdev, notebook: "nbs/b/core.ipynb")
        #expect(a != b)
        #expect(a.hasPrefix(".nb2swift/core.") && a.hasSuffix(".nbdev-state"))
        #expect(ExportState.isStatePath(a))
        let odd = ExportState.path(style: .swiftai, notebook: "../x/my notes\n.ipynb")
        #expect(odd.hasPrefix(".nb2swift/my_notes_.") && !odd.contains("\n") && !odd.contains(" "))
    }

    @Test("a lookup finds the notebook's state, a damaged one, another notebook's, or none")
    func lookup() throws {
        var state = ExportState(style: .nbdev, notebook: "nbs/core.ipynb")
        state.files = [.init(path: "f.swift", hash: StableHash.hex("f"))]
        let path = ExportState.path(style: .nbdev, notebook: "nbs/core.ipynb")
        let text = Array(ExportStateCodec.text(of: state).utf8)
        func lookup(_ files: [String: [UInt8]]) -> ExportState.Lookup {
            ExportState.lookup(style: .nbdev, notebook: "nbs/core.ipynb") { files[$0] }
        }
        guard case .found(path, state) = lookup([path: text]) else {
            Issue.record("not found")
            return
        }
        guard case .absent = lookup([:]) else {
            Issue.record("not absent")
            return
        }
        guard case .damaged(path, let failure) = lookup([path: Array(text.dropLast(3))]) else {
            Issue.record("not damaged")
            return
        }
        #expect(failure.message.contains("cut off"))
        var other = state
        other.notebook = "elsewhere.ipynb"
        let foreign = Array(ExportStateCodec.text(of: other).utf8)
        guard case .foreign(path, "elsewhere.ipynb", .nbdev) = lookup([path: foreign]) else {
            Issue.record("not foreign")
            return
        }
        // The first format at the old path, for this notebook only.
        let legacy = "# nb2swift export state: nbdev nbs/core.ipynb\nf.swift\tc0\t0123456789abcdef\n"
        let legacyPath = ".nb2swift/core.nbdev-state"
        guard case .found(legacyPath, let found) = lookup([legacyPath: Array(legacy.utf8)]), found.isLegacy else {
            Issue.record("legacy not found")
            return
        }
        let foreignLegacy = legacy.replacingOccurrences(of: "nbs/core", with: "other/core")
        guard case .absent = lookup([legacyPath: Array(foreignLegacy.utf8)]) else {
            Issue.record("another notebook's legacy state was used")
            return
        }
    }

    @Test("line endings: CR LF and lone CR become line feeds, nothing else changes")
    func lineEndings() {
        #expect(LineEndings.normalized(Array("a\r\nb\rc\n\r\n".utf8)) == Array("a\nb\nc\n\n".utf8))
        #expect(LineEndings.normalized("no carriage return\n") == "no carriage return\n")
    }

    @Test("Swift string literals and comment-safe text escape every line break and control character")
    func swiftLiterals() throws {
        #expect(SwiftStringLiteral.quoted("a\nb\"c\\d\u{0}\u{7F}\u{2028}é") == #""a\nb\"c\\d\0\u{7F}\u{2028}é""#)
        #expect(SwiftStringLiteral.commentSafe("a\nb\\n\u{85}") == #"a\u{A}b\n\u{85}"#)
        guard let swiftc = ScriptTestSupport.swiftc else { return }
        let folder = try CoreTestSupport.temporaryFolder("literal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hostile = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\"\\\u{7F}\u{85}\u{2028}\u{2029}x"
        let source =
            "// \(SwiftStringLiteral.commentSafe(hostile))\nlet s = \(SwiftStringLiteral.quoted(hostile))\n"
            + "\(ScriptSourceLocation.directive(notebook: hostile, cellIndex: 3))\nprint(s == \(SwiftStringLiteral.quoted(hostile)))\n"
        try CoreTestSupport.write(source, to: folder + "/check.swift")
        let result = try CoreTestSupport.run(URL(fileURLWithPath: swiftc), ["-parse", "check.swift"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
    }
}

extension Array where Element == UInt8 {
    /// The last index of `byte` before `end`.
    fileprivate func lastIndex(of byte: UInt8, before end: Int) -> Int? {
        self[..<end].lastIndex(of: byte)
    }
}
