import Foundation

/// Reads an image file and decodes it to RGB, choosing the decoder from the file's magic bytes.
///
/// JPEG and PNG are decoded; other formats torchvision lists (BMP, TIFF, WebP, PPM/PGM) are an
/// `unsupportedFormat` error naming the file, and unreadable or corrupt files are errors naming it too.
public func loadImage(_ url: URL) throws -> Image {
    try loadImage(url, jpegScale: .full)
}

/// Reads and decodes an image; JPEGs are decoded at the given DCT scale (the reduced-size fast path).
func loadImage(_ url: URL, jpegScale: JPEGCodec.Scale) throws -> Image {
    try decodeImage(readBytes(url), name: url.path, jpegScale: jpegScale)
}

/// The bytes of a file; an unreadable file is an error naming it.
func readBytes(_ url: URL) throws -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: url))
    } catch {
        throw VisionError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
    }
}

/// Decodes image bytes (JPEG or PNG) to RGB; `name` is the file named by errors.
public func decodeImage(_ bytes: [UInt8], name: String) throws -> Image {
    try decodeImage(bytes, name: name, jpegScale: .full)
}

func decodeImage(_ bytes: [UInt8], name: String, jpegScale: JPEGCodec.Scale) throws -> Image {
    switch ImageFormat(sniffing: bytes) {
    case .jpeg: return try JPEGCodec.decode(bytes, name: name, scale: jpegScale)
    case .png: return try PNGDecoder.decode(bytes, name: name)
    case .other(let format): throw VisionError.unsupportedFormat(path: name, format: format)
    case .unknown: throw VisionError.corruptImage(path: name, reason: "not a JPEG or PNG file (unknown signature)")
    }
}

/// An image container format recognised from its first bytes.
enum ImageFormat: Equatable {
    case jpeg
    case png
    case other(String)
    case unknown

    init(sniffing bytes: [UInt8]) {
        func starts(_ prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts([0x42, 0x4D]) {
            self = .other("BMP")
        } else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            self = .other("TIFF")
        } else if starts([0x52, 0x49, 0x46, 0x46]) && bytes.count >= 12 && Array(bytes[8..<12]) == Array("WEBP".utf8) {
            self = .other("WebP")
        } else if bytes.count >= 2 && bytes[0] == 0x50 && (0x31...0x36).contains(bytes[1]) {
            self = .other("PPM/PGM")
        } else {
            self = .unknown
        }
    }
}
