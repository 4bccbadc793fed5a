import CTurboJPEG

/// JPEG decoding and encoding through libjpeg-turbo's TurboJPEG API.
///
/// Decoding matches PIL's `Image.open(...).convert("RGB")`: the same libjpeg-turbo, the accurate integer IDCT
/// (ISLOW) and fancy upsampling. Grey JPEGs come out with the grey value repeated; CMYK and YCCK JPEGs are read
/// as Adobe-inverted CMYK and converted with PIL's `cmyk2rgb` arithmetic. TurboJPEG handles live only inside this
/// file's functions: callers see `Image` values.
public enum JPEGCodec {
    /// A DCT scaling factor for decoding at a reduced size (the fast path): 1, 1/2, 1/4 or 1/8.
    public enum Scale: Int, Sendable, CaseIterable {
        case full = 1
        case half = 2
        case quarter = 4
        case eighth = 8

        /// The decoded length of a side of `length` pixels at this scale (rounded up, like `TJSCALED`).
        public func scaled(_ length: Int) -> Int { (length + rawValue - 1) / rawValue }

        /// The strongest reduction that keeps both decoded sides at least `minimum` times the target size.
        public static func largestReduction(
            width: Int, height: Int, toFit target: (width: Int, height: Int),
            minimum: Int = 2
        ) -> Scale {
            for scale in [Scale.eighth, .quarter, .half]
            where scale.scaled(width) >= target.width * minimum && scale.scaled(height) >= target.height * minimum {
                return scale
            }
            return .full
        }
    }

    /// Width and height of a JPEG, read from its header only.
    public static func dimensions(of data: [UInt8], name: String) throws -> (width: Int, height: Int) {
        guard let handle = tjInitDecompress() else { throw VisionError.corruptImage(path: name, reason: "no decoder") }
        defer { tjDestroy(handle) }
        let header = try readHeader(handle, data, name)
        return (header.width, header.height)
    }

    /// Decodes JPEG bytes to RGB; `name` is the file named by any error.
    public static func decode(_ data: [UInt8], name: String, scale: Scale = .full) throws -> Image {
        guard let handle = tjInitDecompress() else { throw VisionError.corruptImage(path: name, reason: "no decoder") }
        defer { tjDestroy(handle) }
        let header = try readHeader(handle, data, name)
        try Image.checkPixelCount(width: header.width, height: header.height, name: name)
        let width = scale.scaled(header.width)
        let height = scale.scaled(header.height)
        let flags = Int32(TJFLAG_ACCURATEDCT)
        let isCMYK = header.colorspace == Int32(TJCS_CMYK.rawValue) || header.colorspace == Int32(TJCS_YCCK.rawValue)
        let channels = isCMYK ? 4 : 3
        let format = isCMYK ? Int32(TJPF_CMYK.rawValue) : Int32(TJPF_RGB.rawValue)
        var out = [UInt8](repeating: 0, count: width * height * channels)
        let status = data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                tjDecompress2(
                    handle, src.baseAddress, UInt(src.count), dst.baseAddress, Int32(width), 0, Int32(height),
                    format, flags)
            }
        }
        if status != 0 && !isTolerableWarning(handle) {
            throw VisionError.corruptImage(path: name, reason: errorMessage(handle))
        }
        if isCMYK { return Image(unchecked: width, height, 3, rgb(fromInvertedCMYK: out)) }
        return Image(unchecked: width, height, 3, out)
    }

    /// Encodes an RGB or grey image as a baseline JPEG (deterministic: same input, same bytes).
    public static func encode(_ image: Image, quality: Int = 90, chromaSubsampling420: Bool = true) throws -> [UInt8] {
        guard image.channels == 3 || image.channels == 1 else {
            throw VisionError.invalidArgument("JPEG encoding needs 1 or 3 channels, got \(image.channels)")
        }
        guard let handle = tjInitCompress() else { throw VisionError.invalidArgument("no JPEG encoder") }
        defer { tjDestroy(handle) }
        let format = image.channels == 3 ? TJPF_RGB : TJPF_GRAY
        let subsampling = image.channels == 1 ? TJSAMP_GRAY : (chromaSubsampling420 ? TJSAMP_420 : TJSAMP_444)
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = image.pixels.withUnsafeBufferPointer { src in
            tjCompress2(
                handle, src.baseAddress, Int32(image.width), 0, Int32(image.height), Int32(format.rawValue),
                &buffer, &size, Int32(subsampling.rawValue), Int32(quality), Int32(TJFLAG_ACCURATEDCT))
        }
        defer { if let buffer { tjFree(buffer) } }
        guard status == 0, let buffer else {
            throw VisionError.invalidArgument("JPEG encoding: \(errorMessage(handle))")
        }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    private static func readHeader(_ handle: tjhandle, _ data: [UInt8], _ name: String) throws -> (
        width: Int, height: Int, colorspace: Int32
    ) {
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let status = data.withUnsafeBufferPointer { src in
            tjDecompressHeader3(handle, src.baseAddress, UInt(src.count), &width, &height, &subsampling, &colorspace)
        }
        guard status == 0, width > 0, height > 0 else {
            throw VisionError.corruptImage(path: name, reason: errorMessage(handle))
        }
        return (Int(width), Int(height), colorspace)
    }

    /// PIL decodes through libjpeg warnings such as "Corrupt JPEG data: 2 extraneous bytes before marker" but refuses
    /// a file that ends early ("image file is truncated"); the same split here.
    ///
    /// TurboJPEG reports a fatal error that follows a warning as `TJERR_WARNING` too (its code only says whether a
    /// warning happened), with the fatal error's message; PIL stops at that error. So the last message must be one of
    /// libjpeg's warnings (`JWRN_*` in `jerror.h`) for the image to be kept.
    private static func isTolerableWarning(_ handle: tjhandle) -> Bool {
        guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else { return false }
        let message = errorMessage(handle)
        return warningPrefixes.contains { message.hasPrefix($0) }
    }

    /// The starts of libjpeg-turbo's warning messages that PIL decodes through (`JWRN_JPEG_EOF`, "Premature end of
    /// JPEG file", is left out: PIL refuses truncated files).
    private static let warningPrefixes = [
        "Corrupt JPEG data:", "Warning: unknown JFIF revision number", "Unknown Adobe color transform code",
        "Inconsistent progression sequence", "Invalid SOS parameters for sequential JPEG",
        "Application transferred too many scanlines",
    ]

    private static func errorMessage(_ handle: tjhandle) -> String {
        guard let message = tjGetErrorStr2(handle) else { return "unknown JPEG error" }
        return String(cString: message)
    }

    /// PIL reads CMYK JPEGs as "CMYK;I" (Adobe inverted) and converts with `cmyk2rgb`:
    /// `nk = 255 - k; out = nk - muldiv255(c, nk)`.
    private static func rgb(fromInvertedCMYK cmyk: [UInt8]) -> [UInt8] {
        let count = cmyk.count / 4
        var out = [UInt8](repeating: 0, count: count * 3)
        for i in 0..<count {
            let nk = Int(cmyk[4 * i + 3])  // 255 - (255 - stored)
            for k in 0..<3 {
                let c = 255 - Int(cmyk[4 * i + k])
                let t = c * nk + 128
                let product = ((t >> 8) + t) >> 8
                out[3 * i + k] = UInt8(clamping: nk - product)
            }
        }
        return out
    }
}
