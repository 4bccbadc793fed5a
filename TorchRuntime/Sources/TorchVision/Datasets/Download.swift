import Crypto
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Safe download of a zip dataset.
public enum Download {
    /// Downloads the zip at `url`, checks its SHA-256 when `sha256` is given (hex, any case), and extracts it into
    /// `destination`, which must not exist yet.
    ///
    /// The archive is fetched and extracted inside a temporary sibling folder of `destination`; only a complete,
    /// verified extraction is renamed into place. Any failure — HTTP error, connection dropped before the announced
    /// length, checksum mismatch, corrupt archive, an entry escaping the folder (zip-slip) or a symbolic link —
    /// throws a `VisionError` naming the URL or archive, and leaves nothing behind.
    public static func zip(
        from url: URL, to destination: URL, sha256: String? = nil, session: URLSession = .shared
    ) async throws {
        let manager = FileManager.default
        let source = url.absoluteString
        if manager.fileExists(atPath: destination.path) {
            throw VisionError.downloadFailed(url: source, reason: "\(destination.path) already exists")
        }
        let staging = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).download-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw VisionError.downloadFailed(url: source, reason: "cannot create \(staging.path)")
        }
        defer { try? manager.removeItem(at: staging) }

        let archive = staging.appendingPathComponent("archive.zip")
        let response: URLResponse
        do {
            let (file, answer) = try await session.download(from: url)
            response = answer
            try manager.moveItem(at: file, to: archive)
        } catch {
            throw VisionError.downloadFailed(url: source, reason: (error as NSError).localizedDescription)
        }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw VisionError.downloadFailed(url: source, reason: "HTTP status \(http.statusCode)")
        }
        let size = (try? manager.attributesOfItem(atPath: archive.path)[.size] as? Int) ?? -1
        if response.expectedContentLength >= 0 && Int64(size) != response.expectedContentLength {
            throw VisionError.downloadFailed(
                url: source, reason: "connection ended after \(size) of \(response.expectedContentLength) bytes")
        }
        if let sha256 {
            let actual = try fileSHA256(archive)
            guard actual == sha256.lowercased() else {
                throw VisionError.downloadFailed(
                    url: source, reason: "SHA-256 mismatch: expected \(sha256), got \(actual)")
            }
        }
        let content = staging.appendingPathComponent("content")
        try SafeUnzip.extract(archive, into: content)
        do {
            try manager.moveItem(at: content, to: destination)
        } catch {
            throw VisionError.downloadFailed(url: source, reason: "cannot move into \(destination.path)")
        }
    }

    /// The lowercase hex SHA-256 of a file, read in 1 MiB chunks (swift-crypto's `SHA256`).
    public static func fileSHA256(_ url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw VisionError.unreadable(path: url.path, reason: "cannot open")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            hash.update(data: chunk)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
