/// A deterministic 64-bit generator for test images.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A minimal PNG encoder for tests: 8-bit RGB, rows filtered with filters 0-4 in turn, zlib stream of stored
/// (uncompressed) deflate blocks, IDAT split into chunks of at most 8 KiB.
enum PNGWriter {
    static func rgb(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        let stride = width * 3
        var raw: [UInt8] = []
        raw.reserveCapacity((stride + 1) * height)
        var prior = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            let row = Array(pixels[y * stride..<(y + 1) * stride])
            let kind = y % 5
            raw.append(UInt8(kind))
            for i in 0..<stride {
                let a = i >= 3 ? Int(row[i - 3]) : 0
                let b = Int(prior[i])
                let c = i >= 3 ? Int(prior[i - 3]) : 0
                let predictor: Int
                switch kind {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                default: predictor = paeth(a, b, c)
                }
                raw.append(UInt8(truncatingIfNeeded: Int(row[i]) - predictor))
            }
            prior = row
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, raw.count - offset)
            let last: UInt8 = offset + count == raw.count ? 1 : 0
            zlib += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            zlib += raw[offset..<offset + count]
            offset += count
        } while offset < raw.count
        zlib += adler32(raw).bigEndianBytes
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", UInt32(width).bigEndianBytes + UInt32(height).bigEndianBytes + [8, 2, 0, 0, 0])
        for start in Swift.stride(from: 0, to: zlib.count, by: 8192) {
            png += chunk("IDAT", Array(zlib[start..<min(start + 8192, zlib.count)]))
        }
        return png + chunk("IEND", [])
    }

    static func chunk(_ kind: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(kind.utf8) + data
        return UInt32(data.count).bigEndianBytes + body + crc32(body).bigEndianBytes
    }

    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] {
        [UInt8(self >> 24), UInt8(self >> 16 & 0xFF), UInt8(self >> 8 & 0xFF), UInt8(self & 0xFF)]
    }
}
