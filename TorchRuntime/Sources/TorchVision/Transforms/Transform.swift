/// What a transform receives and returns: an 8-bit image before `ToTensor`, CHW floats after it.
public enum TransformValue: Sendable, Equatable {
    /// An 8-bit RGB image (HWC), as decoded.
    case image(Image)
    /// A channels-first float image, as produced by `ToTensor`.
    case planes(FloatImage)
}

/// One step of a preprocessing pipeline, the Swift counterpart of a torchvision transform.
public protocol Transform: Sendable {
    /// Whether the output depends only on the input (no randomness): lets `DataLoader` cache results.
    var isDeterministic: Bool { get }

    /// Applies the transform; random transforms draw from `random`, which the caller seeds per sample.
    func apply(_ value: TransformValue, random: inout RandomSource) throws -> TransformValue
}
