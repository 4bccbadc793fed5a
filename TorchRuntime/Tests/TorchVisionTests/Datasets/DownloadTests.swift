import Foundation
import Testing
import ZIPFoundation

@testable import TorchVision

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Download.zip against a local server on 127.0.0.1 (never the internet).
@Suite(.serialized) struct DownloadTests {
    /// A zip holding `entries` (path → content), built with ZIPFoundation.
    static func makeZip(_ entries: [(String, String)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, content) in entries {
            let data = Data(content.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return [UInt8](archive.data!)
    }

    static let goodEntries = [
        ("pizza_steak_sushi/train/pizza/1.txt", "one"),
        ("pizza_steak_sushi/test/sushi/2.txt", String(repeating: "x", count: 5000)),
    ]

    /// Runs `body` with a server and an empty parent folder; checks afterwards that the server stopped.
    func withServer(
        _ routes: [String: LocalHTTPServer.Response], _ body: (LocalHTTPServer, URL) async throws -> Void
    ) async throws {
        let server = try LocalHTTPServer(routes: routes)
        let parent = try Fixtures.temporaryFolder()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: parent)
        }
        try await body(server, parent)
    }

    static let session = URLSession(configuration: .ephemeral)

    func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func downloadsVerifiesAndExtracts() async throws {
        let zip = try Self.makeZip(Self.goodEntries)
        try await withServer(["/data.zip": .body(zip)]) { server, parent in
            let destination = parent.appendingPathComponent("data")
            try await Download.zip(
                from: server.url("/data.zip"), to: destination, sha256: Fixtures.sha256Hex(zip).uppercased(),
                session: Self.session)
            #expect(contents(parent) == ["data"], "no temporary folder left beside the destination")
            let text = try String(
                contentsOf: destination.appendingPathComponent("pizza_steak_sushi/test/sushi/2.txt"), encoding: .utf8)
            #expect(text == String(repeating: "x", count: 5000))
            #expect(
                try String(
                    contentsOf: destination.appendingPathComponent("pizza_steak_sushi/train/pizza/1.txt"),
                    encoding: .utf8) == "one")
            await #expect(throws: VisionError.self) {
                try await Download.zip(from: server.url("/data.zip"), to: destination, session: Self.session)
            }
        }
    }

    @Test func checksumMismatchLeavesNothing() async throws {
        let zip = try Self.makeZip(Self.goodEntries)
        try await withServer(["/data.zip": .body(zip)]) { server, parent in
            let destination = parent.appendingPathComponent("data")
            await #expect {
                try await Download.zip(
                    from: server.url("/data.zip"), to: destination, sha256: String(repeating: "0", count: 64),
                    session: Self.session)
            } throws: { error in
                "\(error)".contains("SHA-256 mismatch") && "\(error)".contains("/data.zip")
            }
            #expect(contents(parent).isEmpty)
        }
    }

    @Test func zipSlipEntryIsRefused() async throws {
        let zip = try Self.makeZip([("data/ok.txt", "fine"), ("data/../../evil.txt", "escaped")])
        try await withServer(["/slip.zip": .body(zip)]) { server, parent in
            let destination = parent.appendingPathComponent("inner").appendingPathComponent("data")
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            await #expect {
                try await Download.zip(from: server.url("/slip.zip"), to: destination, session: Self.session)
            } throws: { error in
                guard case VisionError.unsafeArchive(_, let reason) = error else { return false }
                return reason.contains("evil.txt") && reason.contains("escapes")
            }
            #expect(contents(parent) == ["inner"])
            #expect(contents(parent.appendingPathComponent("inner")).isEmpty)
        }
    }

    @Test func droppedConnectionLeavesNothing() async throws {
        let zip = try Self.makeZip(Self.goodEntries)
        try await withServer(["/drop.zip": .dropAfter(body: zip, sending: zip.count / 2)]) { server, parent in
            let destination = parent.appendingPathComponent("data")
            await #expect {
                try await Download.zip(from: server.url("/drop.zip"), to: destination, session: Self.session)
            } throws: { error in
                guard case VisionError.downloadFailed(let url, _) = error else { return false }
                return url.hasSuffix("/drop.zip")
            }
            #expect(contents(parent).isEmpty)
        }
    }

    @Test func httpErrorsAndNonZipsAreClear() async throws {
        try await withServer(["/garbage.zip": .body(Array("not a zip".utf8))]) { server, parent in
            let destination = parent.appendingPathComponent("data")
            await #expect {
                try await Download.zip(from: server.url("/missing.zip"), to: destination, session: Self.session)
            } throws: { "\($0)".contains("HTTP status 404") }
            await #expect {
                try await Download.zip(from: server.url("/garbage.zip"), to: destination, session: Self.session)
            } throws: { "\($0)".contains("not a readable zip archive") }
            #expect(contents(parent).isEmpty)
        }
    }

    @Test func fileSHA256MatchesNISTVectors() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vectors: [(Data, String)] = [
            (Data(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Data("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                Data(repeating: 0x61, count: 1_000_000),
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            ),
            // Three million "a" (Python's hashlib): the file is read in three chunks.
            (
                Data(repeating: 0x61, count: 3_000_000),
                "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4"
            ),
        ]
        for (index, (content, digest)) in vectors.enumerated() {
            let file = folder.appendingPathComponent("vector-\(index)")
            try content.write(to: file)
            #expect(try Download.fileSHA256(file) == digest, "vector \(index)")
        }
        #expect(throws: VisionError.self) { try Download.fileSHA256(folder.appendingPathComponent("missing")) }
    }
}
