import Foundation
import Testing

@testable import TorchVision

/// The resampler's kernels (SSE2 on x86-64, and the scalar reference) against torchvision's `Resize` of the images in
/// `expected/resample-suite.json`: random, black-and-white and white RGB images at the lesson's 512x384 and at odd,
/// thin, wide and tiny sizes, rebuilt here from their seeds, every output byte compared through a SHA-256.
@Suite struct ResampleSuiteTests {
    struct Resized: Decodable, Sendable {
        let size: [Int]
        let sha256: String
    }

    struct Case: Decodable, CustomStringConvertible, Sendable {
        let pattern: String
        let width: Int
        let height: Int
        let seed: UInt64
        let resizes: [Resized]
        var description: String { "\(pattern) \(width)x\(height)" }

        /// The image `make_fixtures.py` built: low bytes of SplitMix64 from `seed`, then the pattern.
        func image() throws -> Image {
            var generator = SplitMix64(seed: seed)
            let pixels = (0..<(width * height * 3)).map { _ -> UInt8 in
                let byte = UInt8(truncatingIfNeeded: generator.next())
                switch pattern {
                case "extremes": return byte & 1 == 1 ? 255 : 0
                case "white": return 255
                default: return byte
                }
            }
            return try Image(width: width, height: height, pixels: pixels)
        }
    }

    struct Suite: Decodable {
        let cases: [Case]
    }

    static let cases: [Case] = try! JSONDecoder().decode(
        Suite.self, from: Data(contentsOf: Fixtures.expected.appendingPathComponent("resample-suite.json"))
    ).cases

    static let kernels: [BilinearResampler.Kernels] = [.fastest, .scalar]

    @Test func suiteCoversTheLessonAndTheEdges() {
        #expect(Self.cases.contains { $0.width == 512 && $0.height == 384 && $0.pattern == "noise" })
        #expect(Self.cases.contains { $0.pattern == "extremes" } && Self.cases.contains { $0.pattern == "white" })
        #expect(Self.cases.contains { $0.width == 1 && $0.height == 1 })
        #expect(Self.cases.contains { $0.width >= 4000 })
        #expect(Self.cases.flatMap(\.resizes).count >= 20)
    }

    @Test(arguments: cases, kernels)
    func resizeEqualsTorchvision(_ fixture: Case, kernels: BilinearResampler.Kernels) throws {
        let image = try fixture.image()
        for resized in fixture.resizes {
            let (height, width) = (resized.size[0], resized.size[1])
            let out = BilinearResampler.resize(image, width: width, height: height, kernels: kernels)
            #expect(out.width == width && out.height == height && out.channels == 3)
            #expect(
                Fixtures.sha256Hex(out.pixels) == resized.sha256,
                "\(fixture) → \(height)x\(width) with \(kernels) kernels differs from torchvision's Resize")
        }
    }

    /// Many more shapes than the suite, the SSE2 kernels against the scalar ones: every remainder of the row length
    /// by sixteen bytes, windows that end at the image's last bytes, upscales and downscales on either axis.
    @Test func fastestKernelsEqualScalarKernels() throws {
        var generator = SplitMix64(seed: 42)
        for (width, height) in [(2, 2), (5, 3), (17, 9), (33, 65), (100, 7), (129, 130), (512, 384)] {
            let pixels = (0..<(width * height * 3)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let image = try Image(width: width, height: height, pixels: pixels)
            for (outWidth, outHeight) in [
                (1, 1), (3, 5), (16, 16), (21, 11), (64, 64), (width + 3, height), (width, 2),
            ] {
                let fast = BilinearResampler.resize(image, width: outWidth, height: outHeight, kernels: .fastest)
                let scalar = BilinearResampler.resize(image, width: outWidth, height: outHeight, kernels: .scalar)
                #expect(fast.width == outWidth && fast.height == outHeight)
                let difference = Fixtures.maxDifference(fast.pixels, scalar.pixels)
                #expect(difference == 0, "\(width)x\(height) → \(outWidth)x\(outHeight): max difference \(difference)")
            }
        }
    }

    /// The coefficient tables are computed once per (input, output) length and shared across threads.
    @Test func coefficientsAreSharedAcrossImagesAndThreads() throws {
        let first = ResamplingCoefficients.shared(inputSize: 512, outputSize: 64)
        #expect(first === ResamplingCoefficients.shared(inputSize: 512, outputSize: 64))
        #expect(first !== ResamplingCoefficients.shared(inputSize: 384, outputSize: 64))
        #expect(first.weights == ResamplingCoefficients(inputSize: 512, outputSize: 64).weights)

        let image = try Self.cases[0].image()
        let expected = BilinearResampler.resize(image, width: 64, height: 64, kernels: .scalar)
        let results = ParallelMap.run(count: 16, workers: 4) { index in
            // Sizes no other test uses, so the threads race to fill the cache.
            BilinearResampler.resize(image, width: 64 + index % 4, height: 64, kernels: .fastest)
        }
        for (index, result) in results.enumerated() {
            let resized = try result.get()
            let reference =
                index % 4 == 0
                ? expected : BilinearResampler.resize(image, width: 64 + index % 4, height: 64, kernels: .scalar)
            #expect(Fixtures.maxDifference(resized.pixels, reference.pixels) == 0, "job \(index)")
        }
    }
}
