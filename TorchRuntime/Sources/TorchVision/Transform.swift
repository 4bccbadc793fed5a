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

/// A channels-first (CHW) float image, the payload of one `[C, H, W]` tensor.
public struct FloatImage: Sendable, Equatable {
    /// Number of channels (3 for RGB).
    public var channels: Int
    /// Height in pixels.
    public var height: Int
    /// Width in pixels.
    public var width: Int
    /// `channels * height * width` values, channel planes one after another.
    public var values: [Float]

    /// Wraps CHW values; fails when the count does not match the shape.
    public init(channels: Int, height: Int, width: Int, values: [Float]) throws {
        guard channels > 0, height > 0, width > 0, values.count == channels * height * width else {
            throw VisionError.invalidArgument(
                "a [\(channels), \(height), \(width)] float image needs \(channels * height * width) values, "
                    + "got \(values.count)")
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    /// The shape as `[C, H, W]`.
    public var shape: [Int] { [channels, height, width] }
}
