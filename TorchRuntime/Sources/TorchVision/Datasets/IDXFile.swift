import Foundation

/// An array read from an IDX file (the MNIST format): `ubyte` data with its dimensions.
struct IDXFile {
    /// The dimensions, e.g. `[60000, 28, 28]` for images or `[60000]` for labels.
    let dimensions: [Int]
    /// The values, row-major.
    let values: [UInt8]

    /// Reads a gzip-compressed IDX file of unsigned bytes; errors name the file.
    init(gzippedAt url: URL) throws {
        let bytes = try Gzip.decompress(contentsOf: url)
        func fail(_ reason: String) -> VisionError { .invalidDataset(path: url.path, reason: "IDX: \(reason)") }
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else { throw fail("bad magic number") }
        guard bytes[2] == 0x08 else { throw fail("only unsigned-byte data is supported") }
        let rank = Int(bytes[3])
        guard bytes.count >= 4 + 4 * rank else { throw fail("truncated header") }
        var dimensions: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dimensions.append(
                Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let count = dimensions.reduce(1, *)
        guard bytes.count == 4 + 4 * rank + count else {
            throw fail("expected \(count) values, found \(bytes.count - 4 - 4 * rank)")
        }
        self.dimensions = dimensions
        self.values = Array(bytes[(4 + 4 * rank)...])
    }
}
