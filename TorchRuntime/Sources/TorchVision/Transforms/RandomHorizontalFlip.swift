/// Mirrors an image left to right with probability `p`, like torchvision's `RandomHorizontalFlip`.
///
/// The decision is drawn from the random source the caller passes for each sample (a `DataLoader` derives it
/// from its seed, the epoch and the sample index, so results do not depend on thread scheduling). A `seed`
/// given here is mixed into that draw, to vary flips independently of other random transforms.
public struct RandomHorizontalFlip: Transform {
    /// Probability of flipping.
    public let p: Double
    /// Optional seed mixed into each decision.
    public let seed: UInt64?

    /// A random flip with probability `p` (0...1, checked when applied).
    public init(p: Double = 0.5, seed: UInt64? = nil) {
        self.p = p
        self.seed = seed
    }

    public var isDeterministic: Bool { p == 0 || p == 1 }

    public func apply(_ value: TransformValue, random: inout RandomSource) throws -> TransformValue {
        guard (0...1).contains(p) else { throw VisionError.invalidArgument("RandomHorizontalFlip: p must be in 0...1") }
        var draw = random.nextUnitDouble()
        if let seed {
            var mixed = RandomSource(mixing: seed, random.next())
            draw = mixed.nextUnitDouble()
        }
        guard draw < p else { return value }
        switch value {
        case .image(let image): return .image(image.flippedHorizontally())
        case .planes(let planes): return .planes(planes.flippedHorizontally())
        }
    }
}

extension FloatImage {
    /// The float image mirrored left to right.
    public func flippedHorizontally() -> FloatImage {
        var out = values
        for row in 0..<(channels * height) {
            let start = row * width
            for x in 0..<width { out[start + x] = values[start + width - 1 - x] }
        }
        return FloatImage(unchecked: channels, height, width, out)
    }
}
