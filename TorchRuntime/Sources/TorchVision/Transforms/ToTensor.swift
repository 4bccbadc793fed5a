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
        let count = plane * c
        let out = [Float](unsafeUninitializedCapacity: count) { dst, initialized in
            image.pixels.withUnsafeBufferPointer { src in
                scaled.withUnsafeBufferPointer { scaled in
                    // Channel by channel, so the float planes are written in order.
                    for k in 0..<c {
                        var from = k
                        for i in (k * plane)..<((k + 1) * plane) {
                            dst[i] = scaled[Int(src[from])]
                            from &+= c
                        }
                    }
                }
            }
            initialized = count
        }
        return FloatImage(unchecked: c, image.height, image.width, out)
    }

    /// `Float(v) / 255` for every byte `v`: the same floats as dividing each pixel (torchvision's `div(255)`),
    /// looked up instead of divided.
    private static let scaled: [Float] = (0...255).map { Float($0) / 255 }
}

extension FloatImage {
    init(unchecked channels: Int, _ height: Int, _ width: Int, _ values: [Float]) {
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }
}
