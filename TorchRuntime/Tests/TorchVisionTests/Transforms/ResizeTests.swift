import Foundation
import Testing

@testable import TorchVision

@Suite struct ResizeTests {
    struct ResizeCase: CustomStringConvertible, Sendable {
        let name: String
        let width: Int
        let height: Int
        let target: [Int]
        var description: String { "\(name) → \(target[0])x\(target[1])" }
    }

    static let cases: [ResizeCase] = try! Fixtures.manifest().cases.flatMap { fixture in
        fixture.resizes.map { ResizeCase(name: fixture.name, width: fixture.width, height: fixture.height, target: $0) }
    }

    /// The resize alone: PIL's decoded bytes in, torchvision's resized bytes expected (exact).
    @Test(arguments: cases)
    func resizeEqualsTorchvision(_ resizeCase: ResizeCase) throws {
        let decoded = try Image(
            width: resizeCase.width, height: resizeCase.height, pixels: try Fixtures.bytes(resizeCase.name + ".rgb"))
        let resized = try Resize(resizeCase.target[0], resizeCase.target[1]).resize(decoded)
        let expected = try Fixtures.bytes("\(resizeCase.name).\(resizeCase.target[0])x\(resizeCase.target[1]).rgb")
        #expect(resized.height == resizeCase.target[0] && resized.width == resizeCase.target[1])
        let difference = Fixtures.maxDifference(resized.pixels, expected)
        #expect(difference == 0, "\(resizeCase): max difference \(difference)")
    }

    @Test func greyResizeMatchesRGBResizeOfGrey() throws {
        let grey = try Image(width: 5, height: 4, channels: 1, pixels: (0..<20).map { UInt8($0 * 12) })
        let viaGrey = try Resize(3, 7).resize(grey).rgb()
        let viaRGB = try Resize(3, 7).resize(grey.rgb())
        #expect(viaGrey == viaRGB)
    }

    @Test func sameSizeIsIdentity() throws {
        let image = try loadImage(Fixtures.images.appendingPathComponent("rgb.png"))
        #expect(try Resize(image.height, image.width).resize(image) == image)
    }

    @Test func fastDecodeStaysClose() throws {
        let url = Fixtures.images.appendingPathComponent("rgb420.jpg")
        let exact = try Resize(32, 32).resize(try loadImage(url))
        let fast = try Resize(32, 32).resize(try FastDecode(oversampling: 2).load(url, target: Resize(32, 32)))
        #expect(fast.width == 32 && fast.height == 32)
        let meanError = zip(exact.pixels, fast.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        #expect(Double(meanError) / Double(exact.pixels.count) < 3)
    }
}
