/// Resizes an image to a fixed size, equal to torchvision 0.14's `Resize((height, width))` on a PIL image.
///
/// That transform calls PIL's `Image.resize((width, height), BILINEAR)`, an antialiased bilinear filter in
/// fixed point; `BilinearResampler` reimplements it, so the output equals torchvision's byte for byte.
/// Resize works on 8-bit images: place it before `ToTensor`.
public struct Resize: Transform {
    /// Output height in pixels.
    public let height: Int
    /// Output width in pixels.
    public let width: Int

    /// A resize to `height` x `width` (positive; checked when applied) (torchvision's argument order: `Resize((64, 64))` is `Resize(64, 64)`).
    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public var isDeterministic: Bool { true }

    public func apply(_ value: TransformValue, random: inout RandomSource) throws -> TransformValue {
        guard case .image(let image) = value else {
            throw VisionError.invalidArgument("Resize works on 8-bit images: place it before ToTensor")
        }
        return .image(try resize(image))
    }

    /// The image resized to this transform's size.
    public func resize(_ image: Image) throws -> Image {
        guard height > 0 && width > 0 else {
            throw VisionError.invalidArgument("Resize needs a positive size, got \(height)x\(width)")
        }
        return BilinearResampler.resize(image, width: width, height: height)
    }
}
