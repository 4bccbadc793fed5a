/// Converts an 8-bit HWC image to CHW floats in `[0, 1]` (value / 255), like torchvision's `ToTensor`.
public struct ToTensor: Transform {
    /// The conversion.
    public init() {}

    public var isDeterministic: Bool { true }

    public func apply(_ value: TransformValue, random: inout RandomSource) throws -> TransformValue {
        switch value {
        case .planes:
            throw VisionError.invalidArgument("ToTensor received floats: it must come once, after image steps")
        case .image(let image): return .planes(Self.planes(image))
        }
    }

    /// The CHW float image of `image`.
    public static func planes(_ image: Image) -> FloatImage {
        let c = image.channels
        let plane = image.width * image.height
        var out = [Float](repeating: 0, count: plane * c)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<plane {
                    for k in 0..<c { dst[k * plane + i] = Float(src[i * c + k]) / 255 }
                }
            }
        }
        return FloatImage(unchecked: c, image.height, image.width, out)
    }
}

extension FloatImage {
    init(unchecked channels: Int, _ height: Int, _ width: Int, _ values: [Float]) {
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }
}
