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
