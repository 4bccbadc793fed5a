import CPNG

/// PNG decoding through libpng's simplified API, to RGB like PIL's `convert("RGB")`.
///
/// PIL ignores colour-space chunks and keeps stored sample values, so the chunks libpng would act on (`gAMA`, `cHRM`,
/// `sRGB`, `iCCP`) are removed before decoding. 8-bit images are read as RGBA and the alpha byte dropped (PIL's RGBA →
/// RGB conversion also drops alpha without compositing); grey and palette images come out expanded. Opaque 16-bit
/// images are read as 16-bit and reduced like PIL: RGB keeps the high byte, grey (PIL mode "I") clips to 255.
/// Known difference: 16-bit images with alpha (libpng premultiplies them) are reduced by libpng's own rules.
public enum PNGDecoder {
    /// Decodes PNG bytes to RGB; `name` is the file named by any error.
    public static func decode(_ data: [UInt8], name: String) throws -> Image {
        let stripped = strippingColourChunks(data)
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let begun = stripped.withUnsafeBufferPointer { src in
            png_image_begin_read_from_memory(&image, src.baseAddress, src.count)
        }
        guard begun != 0 else { throw failure(&image, name) }
        let width = Int(image.width)
        let height = Int(image.height)
        let fileFormat = image.format
        if fileFormat & PNG_FORMAT_FLAG_LINEAR != 0 && fileFormat & PNG_FORMAT_FLAG_ALPHA == 0 {
            image.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_LINEAR
            var samples = [UInt16](repeating: 0, count: width * height * 3)
            let finished = samples.withUnsafeMutableBufferPointer { dst in
                png_image_finish_read(&image, nil, dst.baseAddress, 0, nil)
            }
            guard finished != 0 else { throw failure(&image, name) }
            let isColour = fileFormat & PNG_FORMAT_FLAG_COLOR != 0
            let rgb = samples.map { isColour ? UInt8($0 >> 8) : UInt8(min($0, 255)) }
            return Image(unchecked: width, height, 3, rgb)
        }
        image.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = rgba.withUnsafeMutableBufferPointer { dst in
            png_image_finish_read(&image, nil, dst.baseAddress, 0, nil)
        }
        guard finished != 0 else { throw failure(&image, name) }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            rgb[3 * i] = rgba[4 * i]
            rgb[3 * i + 1] = rgba[4 * i + 1]
            rgb[3 * i + 2] = rgba[4 * i + 2]
        }
        return Image(unchecked: width, height, 3, rgb)
    }

    /// The PNG without its `gAMA`, `cHRM`, `sRGB` and `iCCP` chunks (unchanged when the chunk layout is malformed,
    /// so that libpng reports the damage).
    static func strippingColourChunks(_ data: [UInt8]) -> [UInt8] {
        let dropped: Set<[UInt8]> = [Array("gAMA".utf8), Array("cHRM".utf8), Array("sRGB".utf8), Array("iCCP".utf8)]
        var out = Array(data.prefix(8))
        var offset = 8
        while offset + 12 <= data.count {
            let length = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 12 + length
            guard end <= data.count else { return data }
            if !dropped.contains(Array(data[offset + 4..<offset + 8])) { out += data[offset..<end] }
            offset = end
        }
        return offset == data.count ? out : data
    }

    private static func failure(_ image: inout png_image, _ name: String) -> VisionError {
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return .corruptImage(path: name, reason: text.isEmpty ? "invalid PNG" : text)
    }
}
