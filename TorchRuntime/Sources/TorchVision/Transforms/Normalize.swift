/// Normalizes CHW floats per channel, `(x - mean[c]) / std[c]`, like torchvision's `Normalize`.
public struct Normalize: Transform {
    /// Per-channel means.
    public let mean: [Float]
    /// Per-channel standard deviations (non-zero).
    public let std: [Float]

    /// A normalization with one mean and one non-zero standard deviation per channel (checked when applied).
    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    public var isDeterministic: Bool { true }

    public func apply(_ value: TransformValue, random: inout RandomSource) throws -> TransformValue {
        guard case .planes(var planes) = value else {
            throw VisionError.invalidArgument("Normalize works on floats: place it after ToTensor")
        }
        guard mean.count == std.count, !std.contains(0) else {
            throw VisionError.invalidArgument("Normalize needs one mean and one non-zero std per channel")
        }
        guard planes.channels == mean.count else {
            throw VisionError.invalidArgument(
                "Normalize has \(mean.count) channel statistics for an image of \(planes.channels) channels")
        }
        let plane = planes.height * planes.width
        planes.values.withUnsafeMutableBufferPointer { values in
            for c in 0..<planes.channels {
                let m = mean[c]
                let s = std[c]
                for i in (c * plane)..<((c + 1) * plane) { values[i] = (values[i] - m) / s }
            }
        }
        return .planes(planes)
    }
}
