import Foundation
import Testing

@testable import TorchVision

@Suite struct TransformTests {
    @Test func pipelineEqualsTorchvision() throws {
        let transform = Compose([
            Resize(64, 64), ToTensor(), Normalize(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]),
        ])
        let tensor = try transform(try loadImage(Fixtures.images.appendingPathComponent("rgb420.jpg")))
        #expect(tensor.shape == [3, 64, 64])
        let values = try tensor.floats()
        let expected = try Fixtures.floats("pipeline.f32")
        #expect(values.count == expected.count)
        let worst = zip(values, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-6, "max difference \(worst) from torchvision's Resize+ToTensor+Normalize")
    }

    @Test func toTensorIsChannelsFirstOver255() throws {
        let image = try Image(width: 2, height: 1, pixels: [0, 51, 255, 10, 20, 30])
        var random = RandomSource(seed: 0)
        let value = try ToTensor().apply(.image(image), random: &random)
        guard case .planes(let planes) = value else {
            Issue.record("ToTensor did not produce floats")
            return
        }
        #expect(planes.shape == [3, 1, 2])
        #expect(planes.values == [0, Float(10) / 255, Float(51) / 255, Float(20) / 255, 1, Float(30) / 255])
    }

    /// Every byte value in every channel (a 16x16 image whose channels hold v, 255 - v and v * 7 mod 256) becomes
    /// exactly `Float(v) / 255` in its plane; a grey image gives one plane.
    @Test func toTensorConvertsEveryByteValueExactly() throws {
        let values = (0..<256).map { UInt8($0) }
        let pixels = values.flatMap { [$0, 255 - $0, $0 &* 7] }
        let planes = ToTensor.planes(try Image(width: 16, height: 16, pixels: pixels))
        #expect(planes.shape == [3, 16, 16])
        let expected =
            values.map { Float($0) / 255 } + values.map { Float(255 - $0) / 255 } + values.map { Float($0 &* 7) / 255 }
        #expect(planes.values == expected)
        let grey = ToTensor.planes(try Image(width: 8, height: 32, channels: 1, pixels: values))
        #expect(grey.shape == [1, 32, 8] && grey.values == values.map { Float($0) / 255 })
    }

    @Test func horizontalFlipProbabilityAndReproducibility() throws {
        let image = try Image(width: 3, height: 1, pixels: [1, 1, 1, 2, 2, 2, 3, 3, 3])
        var random = RandomSource(seed: 1)
        #expect(
            try RandomHorizontalFlip(p: 1).apply(.image(image), random: &random)
                == .image(
                    try Image(
                        width: 3, height: 1, pixels: [3, 3, 3, 2, 2, 2, 1, 1, 1])))
        #expect(try RandomHorizontalFlip(p: 0).apply(.image(image), random: &random) == .image(image))
        var flips = 0
        for seed in 0..<2000 {
            var source = RandomSource(seed: UInt64(seed))
            if try RandomHorizontalFlip(p: 0.5).apply(.image(image), random: &source) != .image(image) { flips += 1 }
        }
        #expect((850...1150).contains(flips), "\(flips) flips out of 2000 at p = 0.5")
        let compose1 = Compose([RandomHorizontalFlip(seed: 7), ToTensor()], seed: 3)
        let compose2 = Compose([RandomHorizontalFlip(seed: 7), ToTensor()], seed: 3)
        let run1 = try (0..<20).map { _ in try compose1.planes(image).values }
        let run2 = try (0..<20).map { _ in try compose2.planes(image).values }
        #expect(run1 == run2)
        #expect(Set(run1.map { $0[0] }).count == 2, "a seeded flip should both flip and keep over 20 calls")
    }

    @Test func misplacedStepsAreClearErrors() throws {
        let image = try Image(width: 2, height: 2, pixels: [UInt8](repeating: 9, count: 12))
        #expect(throws: VisionError.self) { try Compose([ToTensor(), Resize(1, 1)]).planes(image) }
        #expect(throws: VisionError.self) { try Compose([Normalize(mean: [0], std: [1])]).planes(image) }
        #expect(throws: VisionError.self) { try Compose([Resize(1, 1)]).planes(image) }
    }
}

@Suite struct InvalidSettingsTests {
    @Test func invalidParametersThrowInsteadOfCrashing() throws {
        let image = try Image(width: 2, height: 2, pixels: [UInt8](repeating: 9, count: 12))
        #expect(throws: VisionError.self) { try Resize(0, 4).resize(image) }
        #expect(throws: VisionError.self) {
            try Compose([ToTensor(), Normalize(mean: [0, 0, 0], std: [1, 0, 1])]).planes(image)
        }
        #expect(throws: VisionError.self) { try Compose([RandomHorizontalFlip(p: 2), ToTensor()]).planes(image) }
        let folder = try ImageFolder(root: Fixtures.imageFolder, transform: Compose([Resize(8, 6), ToTensor()]))
        #expect(throws: VisionError.self) { try DataLoader(dataset: folder, batchSize: 0).epoch() }
        #expect(DataLoader(dataset: folder, batchSize: 0).count == 0)
        #expect(throws: VisionError.self) { try DataLoader(dataset: folder, batchSize: 2, order: [0, 99]).epoch() }
    }
}
