import Foundation
import ZIPFoundation

/// gzip (RFC 1952) decompression of a single-member file, through ZIPFoundation's raw-deflate inflater (zlib).
enum Gzip {
    /// The decompressed content of the gzip file at `url`; errors name the file.
    static func decompress(contentsOf url: URL) throws -> [UInt8] {
        try decompress(Data(readBytes(url)), name: url.path)
    }

    static func decompress(_ data: Data, name: String) throws -> [UInt8] {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> VisionError { .invalidDataset(path: name, reason: "gzip: \(reason)") }
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 8 else {
            throw fail("not a gzip file")
        }
        let flags = bytes[3]
        var offset = 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard offset + 2 <= bytes.count else { throw fail("truncated header") }
            offset += 2 + Int(bytes[offset]) + Int(bytes[offset + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while offset < bytes.count && bytes[offset] != 0 { offset += 1 }
            offset += 1
        }
        if flags & 0x02 != 0 { offset += 2 }  // FHCRC
        guard offset < bytes.count - 8 else { throw fail("truncated header") }
        let body = data.subdata(in: offset..<(bytes.count - 8))
        var output = Data()
        let crc: UInt32
        do {
            crc = try Data.decompress(
                size: Int64(body.count), bufferSize: 1 << 16, skipCRC32: false,
                provider: { position, size in
                    guard position < body.count else {
                        throw fail("truncated")
                    }
                    let start = Int(position)
                    return body.subdata(in: start..<min(start + size, body.count))
                },
                consumer: { output.append($0) })
        } catch let error as VisionError {
            throw error
        } catch {
            throw fail("invalid deflate data")
        }
        let trailer = bytes.suffix(8).map(UInt32.init)
        let storedCRC = trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24
        let storedSize = trailer[4] | trailer[5] << 8 | trailer[6] << 16 | trailer[7] << 24
        guard crc == storedCRC else { throw fail("CRC mismatch") }
        guard UInt32(truncatingIfNeeded: output.count) == storedSize else { throw fail("size mismatch") }
        return [UInt8](output)
    }
}
