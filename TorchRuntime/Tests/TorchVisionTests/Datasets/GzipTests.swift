import Foundation
import Testing
import ZIPFoundation

@testable import TorchVision

@Suite struct GzipTests {
    /// A gzip member holding `content` in one stored (uncompressed) deflate block, built by hand from RFC 1951/1952.
    static func storedGzip(_ content: [UInt8], crcOverride: UInt32? = nil) -> Data {
        var bytes: [UInt8] = [0x1F, 0x8B, 8, 0x08, 0, 0, 0, 0, 0, 0xFF] + Array("name.idx".utf8) + [0]
        let length = UInt16(content.count)
        bytes += [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        bytes += content
        let crc = crcOverride ?? Data(content).crc32(checksum: 0)
        for value in [crc, UInt32(content.count)] {
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
        return Data(bytes)
    }

    @Test func decompressesAndChecksTheTrailer() throws {
        let content = Array("Fashion-MNIST idx bytes \u{1}\u{2}\u{3}".utf8)
        #expect(try Gzip.decompress(Self.storedGzip(content), name: "a.gz") == content)
        #expect(throws: VisionError.invalidDataset(path: "b.gz", reason: "gzip: CRC mismatch")) {
            try Gzip.decompress(Self.storedGzip(content, crcOverride: 1), name: "b.gz")
        }
        #expect(throws: VisionError.invalidDataset(path: "c.gz", reason: "gzip: not a gzip file")) {
            try Gzip.decompress(Data(content), name: "c.gz")
        }
        let truncated = Self.storedGzip(content).prefix(30)
        #expect {
            try Gzip.decompress(Data(truncated), name: "d.gz")
        } throws: { "\($0)".hasPrefix("d.gz: gzip:") }
    }
}
