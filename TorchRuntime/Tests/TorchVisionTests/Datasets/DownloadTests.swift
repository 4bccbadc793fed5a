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
                from: server.url("/data.zip"), to: destination, sha256: SHA256.hex(of: zip).uppercased(),
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
}
