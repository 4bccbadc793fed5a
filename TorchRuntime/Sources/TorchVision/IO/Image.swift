/// An 8-bit image in memory: `height` rows of `width` pixels, each pixel `channels` interleaved bytes (HWC).
///
/// Decoders always produce RGB (`channels == 3`); one channel (grey) appears only inside the stand-in dataset
/// builder. This is the value transforms such as `Resize` work on before `ToTensor` turns it into floats.
public struct Image: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Bytes per pixel: 3 for RGB, 1 for grey.
    public var channels: Int
    /// Row-major interleaved pixel bytes, `width * height * channels` of them.
    public var pixels: [UInt8]

    /// Wraps pixel bytes; fails when the count does not match the dimensions.
    public init(width: Int, height: Int, channels: Int = 3, pixels: [UInt8]) throws {
        guard width > 0, height > 0, channels > 0, pixels.count == width * height * channels else {
            throw VisionError.invalidArgument(
                "an image of \(width)x\(height)x\(channels) needs \(max(0, width * height * channels)) bytes, "
                    + "got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The pixel bytes at (`x`, `y`).
    public subscript(x: Int, y: Int) -> ArraySlice<UInt8> {
        let start = (y * width + x) * channels
        return pixels[start..<start + channels]
    }

    /// The image mirrored left to right.
    public func flippedHorizontally() -> Image {
        var out = pixels
        let c = channels
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = y * width * c
                    for x in 0..<width {
                        let from = row + x * c
                        let to = row + (width - 1 - x) * c
                        for k in 0..<c { dst[to + k] = src[from + k] }
                    }
                }
            }
        }
        return Image(unchecked: width, height, c, out)
    }

    /// The image with its grey channel repeated into RGB, like PIL's `convert("RGB")` of an "L" image.
    public func rgb() -> Image {
        guard channels == 1 else { return self }
        var out = [UInt8](repeating: 0, count: pixels.count * 3)
        for (i, v) in pixels.enumerated() {
            out[3 * i] = v
            out[3 * i + 1] = v
            out[3 * i + 2] = v
        }
        return Image(unchecked: width, height, 3, out)
    }

    /// The most pixels a decoded image may have: PIL's decompression-bomb limit (`2 * Image.MAX_IMAGE_PIXELS`),
    /// above which PIL refuses to open a file. Checked from the header, before the pixels are allocated.
    public static let maximumPixelCount = 178_956_970

    /// Refuses a `width` x `height` header above ``maximumPixelCount``, naming the file.
    static func checkPixelCount(width: Int, height: Int, name: String) throws {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= maximumPixelCount else {
            throw VisionError.corruptImage(
                path: name, reason: "\(width)x\(height) pixels exceed the limit of \(maximumPixelCount)")
        }
    }

    /// Internal initializer for callers that already guarantee the byte count.
    init(unchecked width: Int, _ height: Int, _ channels: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}
