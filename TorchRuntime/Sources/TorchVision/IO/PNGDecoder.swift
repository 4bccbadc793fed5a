import CPNG

/// PNG decoding through libpng's simplified API, to RGB like PIL's `convert("RGB")`.
///
/// PIL ignores colour-space chunks and keeps stored sample values, so the chunks libpng would act on (`gAMA`, `cHRM`,
/// `sRGB`, `iCCP`) are removed before decoding. 8-bit images are read as RGBA and the alpha byte dropped (PIL's RGBA →
/// RGB conversion also drops alpha without compositing); grey and palette images come out expanded. Opaque 16-bit
/// images are read as 16-bit and reduced like PIL: RGB keeps the high byte, grey (PIL mode "I") clips to 255.
/// 16-bit images with transparency, which libpng only offers premultiplied, are checked by libpng and then read by
/// `PNGSixteenBitReader` with the same reduction.
///
/// libpng keeps two pointers for the whole read: one to the `png_image` control value (its error handler writes the
/// message there) and one to the PNG bytes. Both therefore stay pinned, and the `png_image` freed, for the whole
/// session, from `png_image_begin_read_from_memory` to `png_image_finish_read` (see its private `Session`).
public enum PNGDecoder {
    /// Decodes PNG bytes to RGB; `name` is the file named by any error.
    public static func decode(_ data: [UInt8], name: String) throws -> Image {
        let stripped = strippingColourChunks(data)
        try checkDeclaredSize(stripped, name: name)
        var control = png_image()
        control.version = UInt32(PNG_IMAGE_VERSION)
        return try withUnsafeMutablePointer(to: &control) { image in
            try stripped.withUnsafeBufferPointer { bytes in
                let session = Session(image: image, name: name)
                defer { session.close() }
                return try session.decode(bytes)
            }
        }
    }

    /// One libpng read, valid only inside the closures of `decode` that pin the control value and the bytes.
    private struct Session {
        let image: UnsafeMutablePointer<png_image>
        let name: String

        func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Image {
            guard png_image_begin_read_from_memory(image, bytes.baseAddress, bytes.count) != 0 else {
                throw failure()
            }
            let width = Int(image.pointee.width)
            let height = Int(image.pointee.height)
            try Image.checkPixelCount(width: width, height: height, name: name)
            let fileFormat = image.pointee.format
            if fileFormat & PNG_FORMAT_FLAG_LINEAR != 0 && fileFormat & PNG_FORMAT_FLAG_ALPHA != 0 {
                image.pointee.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_LINEAR
                var premultiplied = [UInt16](repeating: 0, count: width * height * 4)
                let finished = premultiplied.withUnsafeMutableBufferPointer { out in
                    png_image_finish_read(image, nil, out.baseAddress, 0, nil)
                }
                guard finished != 0 else { throw failure() }
                let rgb = try PNGSixteenBitReader.rgb(Array(bytes), width: width, height: height, name: name)
                return Image(unchecked: width, height, 3, rgb)
            }
            if fileFormat & PNG_FORMAT_FLAG_LINEAR != 0 && fileFormat & PNG_FORMAT_FLAG_ALPHA == 0 {
                image.pointee.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_LINEAR
                var samples = [UInt16](repeating: 0, count: width * height * 3)
                let finished = samples.withUnsafeMutableBufferPointer { out in
                    png_image_finish_read(image, nil, out.baseAddress, 0, nil)
                }
                guard finished != 0 else { throw failure() }
                let isColour = fileFormat & PNG_FORMAT_FLAG_COLOR != 0
                let rgb = samples.map { isColour ? UInt8($0 >> 8) : UInt8(min($0, 255)) }
                return Image(unchecked: width, height, 3, rgb)
            }
            image.pointee.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA
            var rgba = [UInt8](repeating: 0, count: width * height * 4)
            let finished = rgba.withUnsafeMutableBufferPointer { out in
                png_image_finish_read(image, nil, out.baseAddress, 0, nil)
            }
            guard finished != 0 else { throw failure() }
            var rgb = [UInt8](repeating: 0, count: width * height * 3)
            for i in 0..<(width * height) {
                rgb[3 * i] = rgba[4 * i]
                rgb[3 * i + 1] = rgba[4 * i + 1]
                rgb[3 * i + 2] = rgba[4 * i + 2]
            }
            return Image(unchecked: width, height, 3, rgb)
        }

        /// Releases libpng's state (a no-op once `png_image_finish_read` has released it).
        func close() { png_image_free(image) }

        /// The error libpng wrote into the control value, naming the file.
        private func failure() -> VisionError {
            let text = withUnsafeBytes(of: &image.pointee.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .corruptImage(path: name, reason: text.isEmpty ? "invalid PNG" : text)
        }
    }

    /// Refuses, before any allocation, a PNG whose compressed data cannot hold the image its header declares.
    ///
    /// Deflate expands at most 1032 to 1, so IDAT data shorter than 1/1032 of the filtered image can only end early:
    /// PIL refuses such files too ("image file is truncated"). This keeps a 60-byte file that claims a huge image
    /// from costing gigabytes.
    static func checkDeclaredSize(_ data: [UInt8], name: String) throws {
        guard data.count >= 33, Array(data[12..<16]) == Array("IHDR".utf8) else { return }  // libpng reports it
        func uint32(_ at: Int) -> Int { data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = uint32(16)
        let height = uint32(20)
        let bitDepth = Int(data[24])
        let samples = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(data[25])] ?? 4
        let rowBytes = (width * samples * bitDepth + 7) / 8 + 1
        var compressed = 0
        var offset = 8
        while offset + 12 <= data.count {
            let length = uint32(offset)
            if Array(data[offset + 4..<offset + 8]) == Array("IDAT".utf8) { compressed += length }
            offset += 12 + length
        }
        let (raw, overflow) = rowBytes.multipliedReportingOverflow(by: height)
        if overflow || raw / 1032 > compressed + 1 {
            throw VisionError.corruptImage(
                path: name, reason: "\(width)x\(height) image needs more data than the file holds (truncated)")
        }
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
}
