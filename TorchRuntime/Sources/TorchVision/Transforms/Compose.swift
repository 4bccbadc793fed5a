import Synchronization

/// Chains transforms, like torchvision's `Compose`: `Compose([Resize(64, 64), ToTensor()])`.
public final class Compose: Transform {
    /// The steps, applied in order.
    public let transforms: [any Transform]
    private let calls = Mutex<UInt64>(0)
    private let seed: UInt64

    /// A pipeline of `transforms`; `seed` fixes the random draws of direct calls (`compose(image)`).
    public init(_ transforms: [any Transform], seed: UInt64 = 0) {
        self.transforms = transforms
        self.seed = seed
    }

    public var isDeterministic: Bool { transforms.allSatisfy(\.isDeterministic) }

    public func apply(_ value: TransformValue, random: inout RandomSource) throws -> TransformValue {
        var value = value
        for transform in transforms { value = try transform.apply(value, random: &random) }
        return value
    }

    /// Applies the pipeline to one image; the pipeline must end in floats (`ToTensor`).
    /// The n-th direct call draws its randomness from (`seed`, n), so a sequence of calls is reproducible.
    public func planes(_ image: Image) throws -> FloatImage {
        let call = calls.withLock { count in
            defer { count += 1 }
            return count
        }
        var random = RandomSource(mixing: seed, call)
        guard case .planes(let planes) = try apply(.image(image), random: &random) else {
            throw VisionError.invalidArgument("the transform must end with ToTensor to produce a tensor")
        }
        return planes
    }
}
