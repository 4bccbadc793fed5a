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
