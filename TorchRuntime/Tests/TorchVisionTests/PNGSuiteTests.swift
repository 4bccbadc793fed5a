import Foundation
import Testing

@testable import TorchVision

/// The PNG suite written by `Fixtures/make_fixtures.py`: every size, colour type, bit depth, interlacing, filter and
/// chunk layout listed there, compared pixel for pixel (through a SHA-256 of all pixel bytes) with PIL's
/// `convert("RGB")` and with torchvision's `Resize((64, 64))` of it, the lesson's transform.
@Suite struct PNGSuiteTests {
    struct Case: Decodable, CustomStringConvertible, Sendable {
        let name: String
        let width: Int
        let height: Int
        let sha256: String
        /// SHA-256 of torchvision's `Resize((64, 64))` of PIL's RGB image.
        let resizedSHA256: String
        var description: String { name }

        enum CodingKeys: String, CodingKey {
            case name, width, height, sha256
            case resizedSHA256 = "resized64x64_sha256"
        }
    }

    struct Suite: Decodable {
        let cases: [Case]
    }

    static let cases: [Case] = try! JSONDecoder().decode(
        Suite.self, from: Data(contentsOf: Fixtures.expected.appendingPathComponent("png-suite.json"))
    ).cases

    @Test func suiteCoversTheColourTypesAndSizes() {
        let names = Self.cases.map(\.name)
        for part in ["adam7", "palette", "trns", "grey16", "rgb16", "-la-", "rgba", "bilevel", "i16", "split-idat"] {
            #expect(names.contains { $0.contains(part) }, "no \(part) case")
        }
        #expect(Self.cases.contains { $0.width == 640 && $0.height == 480 })
        #expect(Self.cases.contains { $0.width == 300 && $0.height == 300 })
        #expect(Self.cases.count >= 60)
    }

    @Test(arguments: cases)
    func decodeEqualsPIL(_ fixture: Case) throws {
        let image = try loadImage(Fixtures.folder.appendingPathComponent("png").appendingPathComponent(fixture.name))
        #expect(image.width == fixture.width && image.height == fixture.height && image.channels == 3)
        #expect(Fixtures.sha256Hex(image.pixels) == fixture.sha256, "\(fixture.name): pixels differ from PIL's")
        let resized = try Resize(64, 64).resize(image)
        #expect(
            Fixtures.sha256Hex(resized.pixels) == fixture.resizedSHA256,
            "\(fixture.name): Resize((64, 64)) differs from torchvision's")
    }

    /// Large random PNGs built here (stored deflate blocks, every row filter, IDAT split in pieces): the sizes of the
    /// reported failures (64, 200, 300, 640x480) and larger, each decoded back to exactly its pixels.
    @Test(arguments: [(64, 64), (200, 200), (300, 300), (640, 480), (1023, 769)])
    func largeRandomPNGsDecodeExactly(size: (Int, Int)) throws {
        var generator = SplitMix64(seed: UInt64(size.0 * 10_000 + size.1))
        let pixels = (0..<(size.0 * size.1 * 3)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let png = PNGWriter.rgb(width: size.0, height: size.1, pixels: pixels)
        let image = try decodeImage(png, name: "random-\(size.0)x\(size.1).png")
        #expect(image.width == size.0 && image.height == size.1)
        #expect(image.pixels == pixels)
    }

    @Test func truncatedAndCorruptPNGsAreErrorsNamingTheFile() throws {
        let png = PNGWriter.rgb(width: 300, height: 300, pixels: [UInt8](repeating: 7, count: 300 * 300 * 3))
        // Like PIL: a missing IEND chunk is tolerated, image data that ends early is not.
        #expect(try decodeImage(Array(png.dropLast(12)), name: "no-iend.png") == (try decodeImage(png, name: "ok.png")))
        for damaged in [Array(png.prefix(png.count / 2)), Array(png.prefix(200)), Array(png.dropLast(30))] {
            #expect {
                _ = try decodeImage(damaged, name: "damaged.png")
            } throws: { error in
                guard case VisionError.corruptImage(let path, let reason) = error else { return false }
                return path == "damaged.png" && !reason.isEmpty
            }
        }
        var flipped = png
        flipped[png.count / 2] ^= 0xFF
        #expect(throws: VisionError.self) { _ = try decodeImage(flipped, name: "flipped.png") }
    }

    @Test func aHeaderClaimingAHugeImageIsRefusedBeforeAllocating() throws {
        // 100000 x 100000 RGB declared in 60-odd bytes: refused as truncated, not a 40 GB allocation.
        var png = PNGWriter.rgb(width: 1, height: 1, pixels: [1, 2, 3])
        png.replaceSubrange(16..<24, with: [0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0])
        png.replaceSubrange(29..<33, with: PNGWriter.crc32(Array(png[12..<29])).bigEndianBytes)
        #expect {
            _ = try decodeImage(png, name: "bomb.png")
        } throws: { error in
            guard case VisionError.corruptImage("bomb.png", let reason) = error else { return false }
            return reason.contains("100000x100000")
        }
    }
}

/// A deterministic 64-bit generator for test images.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A minimal PNG encoder for tests: 8-bit RGB, rows filtered with filters 0-4 in turn, zlib stream of stored
/// (uncompressed) deflate blocks, IDAT split into chunks of at most 8 KiB.
enum PNGWriter {
    static func rgb(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        let stride = width * 3
        var raw: [UInt8] = []
        raw.reserveCapacity((stride + 1) * height)
        var prior = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            let row = Array(pixels[y * stride..<(y + 1) * stride])
            let kind = y % 5
            raw.append(UInt8(kind))
            for i in 0..<stride {
                let a = i >= 3 ? Int(row[i - 3]) : 0
                let b = Int(prior[i])
                let c = i >= 3 ? Int(prior[i - 3]) : 0
                let predictor: Int
                switch kind {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                default: predictor = paeth(a, b, c)
                }
                raw.append(UInt8(truncatingIfNeeded: Int(row[i]) - predictor))
            }
            prior = row
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, raw.count - offset)
            let last: UInt8 = offset + count == raw.count ? 1 : 0
            zlib += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            zlib += raw[offset..<offset + count]
            offset += count
        } while offset < raw.count
        zlib += adler32(raw).bigEndianBytes
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", UInt32(width).bigEndianBytes + UInt32(height).bigEndianBytes + [8, 2, 0, 0, 0])
        for start in Swift.stride(from: 0, to: zlib.count, by: 8192) {
            png += chunk("IDAT", Array(zlib[start..<min(start + 8192, zlib.count)]))
        }
        return png + chunk("IEND", [])
    }

    static func chunk(_ kind: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(kind.utf8) + data
        return UInt32(data.count).bigEndianBytes + body + crc32(body).bigEndianBytes
    }

    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] {
        [UInt8(self >> 24), UInt8(self >> 16 & 0xFF), UInt8(self >> 8 & 0xFF), UInt8(self & 0xFF)]
    }
}
