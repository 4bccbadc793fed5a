import CPNG

/// PNG decoding through libpng's simplified API, to RGB like PIL's `convert("RGB")`.
///
/// Every PNG is read as 8-bit RGBA and the alpha byte dropped (PIL's RGBA → RGB conversion also drops alpha
/// without compositing); grey and palette images come out expanded. Known difference from PIL: libpng's simplified
/// API applies a file's gAMA chunk (when it is not sRGB) and reduces 16-bit samples through its own gamma path,
/// where PIL keeps the stored values; ordinary 8-bit PNGs without gAMA decode identically.
public enum PNGDecoder {
    /// Decodes PNG bytes to RGB; `name` is the file named by any error.
    public static func decode(_ data: [UInt8], name: String) throws -> Image {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let begun = data.withUnsafeBufferPointer { src in
            png_image_begin_read_from_memory(&image, src.baseAddress, src.count)
        }
        guard begun != 0 else {
            let reason = message(of: &image)
            png_image_free(&image)
            throw VisionError.corruptImage(path: name, reason: reason)
        }
        let width = Int(image.width)
        let height = Int(image.height)
        image.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = rgba.withUnsafeMutableBufferPointer { dst in
            png_image_finish_read(&image, nil, dst.baseAddress, 0, nil)
        }
        guard finished != 0 else {
            let reason = message(of: &image)
            png_image_free(&image)
            throw VisionError.corruptImage(path: name, reason: reason)
        }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            rgb[3 * i] = rgba[4 * i]
            rgb[3 * i + 1] = rgba[4 * i + 1]
            rgb[3 * i + 2] = rgba[4 * i + 2]
        }
        return Image(unchecked: width, height, 3, rgb)
    }

    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "invalid PNG" : text
    }
}
