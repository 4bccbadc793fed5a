import Crypto
import Foundation

/// Paths and readers for the fixtures written by `Fixtures/make_fixtures.py` (torchvision 0.14.1 + Pillow).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let images = folder.appendingPathComponent("images")
    static let expected = folder.appendingPathComponent("expected")
    static let imageFolder = folder.appendingPathComponent("imagefolder")

    struct Case: Decodable {
        let name: String
        let width: Int
        let height: Int
        let resizes: [[Int]]
    }

    struct Manifest: Decodable {
        let cases: [Case]
    }

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: expected.appendingPathComponent(name)))
    }

    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: expected.appendingPathComponent(name))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    /// Largest absolute difference between two byte arrays of equal length (Int.max when lengths differ).
    static func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard a.count == b.count else { return Int.max }
        return zip(a, b).reduce(0) { max($0, abs(Int($1.0) - Int($1.1))) }
    }

    /// The lowercase hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh empty temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tv-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
