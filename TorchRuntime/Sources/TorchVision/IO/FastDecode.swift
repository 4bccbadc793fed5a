import Foundation

/// The opt-in JPEG fast path: decode at a reduced DCT scale (1/2, 1/4 or 1/8) before the final `Resize`.
///
/// libjpeg-turbo can produce a smaller image straight from the DCT coefficients, which skips most of the IDCT,
/// upsampling and colour-conversion work. The reduction chosen is the largest that keeps both decoded sides at least
/// `oversampling` times the resize target, so the antialiased resize still averages several decoded pixels per
/// output pixel. The result is close to, but not byte-equal with, torchvision's (which decodes at full size);
/// the README's vision section gives the measured difference. PNGs and small JPEGs decode normally.
public struct FastDecode: Sendable {
    /// How many decoded pixels per output pixel (per side) the reduced decode must keep, at least 1.
    public let oversampling: Int

    /// A fast path that keeps at least `oversampling` (1 or more) decoded pixels per output pixel per side.
    public init(oversampling: Int = 2) {
        self.oversampling = max(1, oversampling)
    }

    /// Loads `url`, decoding a JPEG at the largest reduction that still fits `target` with the oversampling.
    func load(_ url: URL, target: Resize) throws -> Image {
        let bytes = try readBytes(url)
        guard ImageFormat(sniffing: bytes) == .jpeg else { return try decodeImage(bytes, name: url.path) }
        let size = try JPEGCodec.dimensions(of: bytes, name: url.path)
        let scale = JPEGCodec.Scale.largestReduction(
            width: size.width, height: size.height, toFit: (target.width, target.height), minimum: oversampling)
        return try JPEGCodec.decode(bytes, name: url.path, scale: scale)
    }
}
