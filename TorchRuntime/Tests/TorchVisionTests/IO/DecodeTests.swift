import Foundation
import Testing

@testable import TorchVision

@Suite struct DecodeTests {
    @Test(arguments: try! Fixtures.manifest().cases.map(\.name))
    func decodeEqualsPIL(name: String) throws {
        let image = try loadImage(Fixtures.images.appendingPathComponent(name))
        let expected = try Fixtures.bytes(name + ".rgb")
        let fixture = try Fixtures.manifest().cases.first { $0.name == name }!
        #expect(image.channels == 3)
        #expect(image.width == fixture.width && image.height == fixture.height)
        let difference = Fixtures.maxDifference(image.pixels, expected)
        #expect(difference == 0, "\(name): max difference \(difference) from PIL's convert(\"RGB\")")
    }

    @Test func corruptJPEGNamesTheFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = [UInt8](try Data(contentsOf: Fixtures.images.appendingPathComponent("rgb420.jpg")))
        let truncated = folder.appendingPathComponent("truncated.jpg")
        try Data(original.prefix(original.count / 3)).write(to: truncated)
        #expect {
            _ = try loadImage(truncated)
        } throws: { error in
            "\(error)".contains(truncated.path) && "\(error)".contains("corrupt")
        }
        let png = [UInt8](try Data(contentsOf: Fixtures.images.appendingPathComponent("rgb.png")))
        let truncatedPNG = folder.appendingPathComponent("truncated.png")
        try Data(png.prefix(png.count / 2)).write(to: truncatedPNG)
        #expect {
            _ = try loadImage(truncatedPNG)
        } throws: { error in
            guard case VisionError.corruptImage(let path, let reason) = error else { return false }
            return path == truncatedPNG.path && !reason.isEmpty
        }
        let garbage = folder.appendingPathComponent("garbage.png")
        try Data("hello".utf8).write(to: garbage)
        #expect {
            _ = try loadImage(garbage)
        } throws: { error in
            "\(error)".contains(garbage.path)
        }
    }

    @Test func aJPEGHeaderAbovePILsPixelLimitIsRefusedBeforeAllocating() throws {
        // rgb420.jpg with its frame header (SOF0) claiming 60000 x 60000: 10 GB of RGB, refused from the header.
        var bytes = [UInt8](try Data(contentsOf: Fixtures.images.appendingPathComponent("rgb420.jpg")))
        let frame = try #require((0..<(bytes.count - 9)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes.replaceSubrange((frame + 5)..<(frame + 9), with: [0xEA, 0x60, 0xEA, 0x60])
        #expect {
            _ = try decodeImage(bytes, name: "bomb.jpg")
        } throws: { error in
            guard case VisionError.corruptImage("bomb.jpg", let reason) = error else { return false }
            return reason.contains("60000x60000") && reason.contains("\(Image.maximumPixelCount)")
        }
    }

    @Test func libjpegWarningsAreToleratedLikePIL() throws {
        // PIL decodes a JPEG with stray bytes before the end marker (a libjpeg warning) to the same pixels.
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = [UInt8](try Data(contentsOf: Fixtures.images.appendingPathComponent("rgb420.jpg")))
        let extra = folder.appendingPathComponent("extra.jpg")
        try Data(original.dropLast(2) + [0, 0, 0xFF, 0xD9]).write(to: extra)
        #expect(try loadImage(extra).pixels == (try Fixtures.bytes("rgb420.jpg.rgb")))
    }

    /// A progressive JPEG with stray bytes after its first scan (a warning) and a bogus Huffman table before a later
    /// scan (a fatal error): TurboJPEG reports the pair as a warning, PIL fails ("broken data stream"); so do we,
    /// naming the file and the error.
    @Test func aFatalErrorAfterAWarningIsAnError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = [UInt8](try Data(contentsOf: Fixtures.images.appendingPathComponent("progressive.jpg")))
        func markers(_ kind: UInt8) -> [Int] {
            (0..<(bytes.count - 1)).filter { bytes[$0] == 0xFF && bytes[$0 + 1] == kind }
        }
        let firstScan = try #require(markers(0xDA).first)
        let tables = markers(0xC4).filter { $0 > firstScan }
        try #require(tables.count >= 2)
        for k in 0..<16 { bytes[tables[1] + 5 + k] = 0xFF }  // Huffman code counts far above 256 codes
        bytes.insert(contentsOf: [0x12, 0x34, 0x56], at: tables[0])  // stray bytes before a marker: a warning
        let broken = folder.appendingPathComponent("warning-then-fatal.jpg")
        try Data(bytes).write(to: broken)
        #expect {
            _ = try loadImage(broken)
        } throws: { error in
            guard case VisionError.corruptImage(let path, let reason) = error else { return false }
            return path == broken.path && reason.contains("Huffman")
        }
    }

    @Test func unsupportedFormatsAndMissingFilesAreNamed() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bmp = folder.appendingPathComponent("picture.bmp")
        try Data([0x42, 0x4D] + [UInt8](repeating: 0, count: 60)).write(to: bmp)
        #expect(throws: VisionError.unsupportedFormat(path: bmp.path, format: "BMP")) { _ = try loadImage(bmp) }
        let missing = folder.appendingPathComponent("missing.jpg")
        #expect {
            _ = try loadImage(missing)
        } throws: { error in
            guard case VisionError.unreadable(let path, _) = error else { return false }
            return path == missing.path
        }
    }

    @Test func jpegRoundTripIsCloseAndDeterministic() throws {
        let source = try loadImage(Fixtures.images.appendingPathComponent("rgb.png"))
        let first = try JPEGCodec.encode(source, quality: 95, chromaSubsampling420: false)
        let second = try JPEGCodec.encode(source, quality: 95, chromaSubsampling420: false)
        #expect(first == second)
        let decoded = try decodeImage(first, name: "memory")
        #expect(decoded.width == source.width && decoded.height == source.height)
        let meanError = zip(decoded.pixels, source.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        #expect(Double(meanError) / Double(source.pixels.count) < 6)
    }

    @Test func reducedScaleDecodeHasScaledSize() throws {
        let bytes = [UInt8](try Data(contentsOf: Fixtures.images.appendingPathComponent("rgb420.jpg")))
        let full = try JPEGCodec.decode(bytes, name: "rgb420.jpg")
        for scale in JPEGCodec.Scale.allCases {
            let image = try JPEGCodec.decode(bytes, name: "rgb420.jpg", scale: scale)
            #expect(image.width == (full.width + scale.rawValue - 1) / scale.rawValue)
            #expect(image.height == (full.height + scale.rawValue - 1) / scale.rawValue)
        }
    }
}
