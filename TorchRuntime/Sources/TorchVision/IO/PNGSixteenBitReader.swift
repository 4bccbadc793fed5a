import Foundation
import ZIPFoundation

/// PIL's reading of 16-bit PNGs that carry transparency (an alpha channel or a `tRNS` chunk), which libpng's
/// simplified API only offers premultiplied: the samples are read again here, after libpng has accepted the file.
///
/// The IDAT stream is inflated (zlib, through ZIPFoundation), each row unfiltered and the Adam7 passes placed. Samples
/// are reduced as PIL's raw modes do: colour ("RGB;16B", "RGBA;16B") and grey + alpha ("LA;16B") keep the high byte;
/// grey (mode "I") is clipped to 255. Alpha is dropped, as by `convert("RGB")`.
enum PNGSixteenBitReader {
    /// Adam7's passes: first column, first row, column step, row step.
    static let adam7 = [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ]

    /// The RGB bytes of a 16-bit PNG of `width` x `height`; `name` is the file named by any error.
    static func rgb(_ data: [UInt8], width: Int, height: Int, name: String) throws -> [UInt8] {
        func fail(_ reason: String) -> VisionError { .corruptImage(path: name, reason: reason) }
        guard data.count >= 33, data[24] == 16 else { throw fail("not a 16-bit PNG") }
        let colourType = data[25]
        let channels: Int
        switch colourType {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw fail("invalid colour type \(colourType) for 16 bits")
        }
        let passes = data[28] == 1 ? adam7 : [(0, 0, 1, 1)]
        let bytesPerPixel = channels * 2
        let needed = passes.reduce(0) { total, pass in
            let passWidth = (width - pass.0 + pass.2 - 1) / pass.2
            let passHeight = (height - pass.1 + pass.3 - 1) / pass.3
            return passWidth > 0 && passHeight > 0 ? total + passHeight * (1 + passWidth * bytesPerPixel) : total
        }
        let raw = try inflatedImageData(data, limit: needed, name: name)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var position = 0
        for (x0, y0, dx, dy) in passes {
            let passWidth = (width - x0 + dx - 1) / dx
            let passHeight = (height - y0 + dy - 1) / dy
            guard passWidth > 0 && passHeight > 0 else { continue }
            let rowBytes = passWidth * bytesPerPixel
            var prior = [UInt8](repeating: 0, count: rowBytes)
            var row = [UInt8](repeating: 0, count: rowBytes)
            for r in 0..<passHeight {
                guard position + 1 + rowBytes <= raw.count else { throw fail("image data ends early") }
                let filter = raw[position]
                for i in 0..<rowBytes {
                    let a = i >= bytesPerPixel ? Int(row[i - bytesPerPixel]) : 0
                    let b = Int(prior[i])
                    let c = i >= bytesPerPixel ? Int(prior[i - bytesPerPixel]) : 0
                    let predictor: Int
                    switch filter {
                    case 0: predictor = 0
                    case 1: predictor = a
                    case 2: predictor = b
                    case 3: predictor = (a + b) / 2
                    case 4: predictor = paeth(a, b, c)
                    default: throw fail("invalid row filter \(filter)")
                    }
                    row[i] = UInt8(truncatingIfNeeded: Int(raw[position + 1 + i]) + predictor)
                }
                position += 1 + rowBytes
                let y = y0 + r * dy
                for p in 0..<passWidth {
                    let out = 3 * (y * width + x0 + p * dx)
                    let sample = p * bytesPerPixel
                    switch channels {
                    case 1:
                        let value = UInt8(min(Int(row[sample]) << 8 | Int(row[sample + 1]), 255))
                        (rgb[out], rgb[out + 1], rgb[out + 2]) = (value, value, value)
                    case 2:
                        (rgb[out], rgb[out + 1], rgb[out + 2]) = (row[sample], row[sample], row[sample])
                    default:
                        (rgb[out], rgb[out + 1], rgb[out + 2]) = (row[sample], row[sample + 2], row[sample + 4])
                    }
                }
                swap(&prior, &row)
            }
        }
        return rgb
    }

    /// Stops inflating once the image's bytes are there (extra data after them is never expanded).
    private struct Enough: Error {}

    /// The zlib stream of the IDAT chunks, inflated up to `limit` bytes.
    private static func inflatedImageData(_ data: [UInt8], limit: Int, name: String) throws -> [UInt8] {
        var stream: [UInt8] = []
        var offset = 8
        while offset + 12 <= data.count {
            let length = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard offset + 12 + length <= data.count else { break }
            if Array(data[offset + 4..<offset + 8]) == Array("IDAT".utf8) {
                stream += data[offset + 8..<offset + 8 + length]
            }
            offset += 12 + length
        }
        guard stream.count > 2, stream[0] & 0x0F == 8 else {
            throw VisionError.corruptImage(path: name, reason: "invalid zlib header in IDAT")
        }
        let body = Data(stream[2...])
        var output = Data()
        do {
            _ = try Data.decompress(
                size: Int64(body.count), bufferSize: 1 << 16, skipCRC32: true,
                provider: { position, size in
                    let start = Int(position)
                    return body.subdata(in: min(start, body.count)..<min(start + size, body.count))
                },
                consumer: { chunk in
                    output.append(chunk)
                    if output.count >= limit { throw Enough() }
                })
        } catch is Enough {
            return [UInt8](output.prefix(limit))
        } catch {
            throw VisionError.corruptImage(path: name, reason: "invalid deflate data in IDAT")
        }
        return [UInt8](output)
    }

    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    }
}
