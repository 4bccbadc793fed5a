/// Reading the files nb2swift converts (notebooks, scripts): regular files only, within a size limit.
public enum InputFile {
    /// The default size limit: 256 MiB.
    public static let defaultSizeLimit = 256 << 20

    /// The bytes of the file at `path`: a regular file (or a symbolic link to one) of at most `sizeLimit` bytes. A FIFO,
    /// a device or a folder is refused without blocking.
    public static func bytes(atPath path: String, sizeLimit: Int = defaultSizeLimit) throws(Diagnostic) -> [UInt8] {
        do throws(Diagnostic) {
            return try MappedFile(path: path, sizeLimit: sizeLimit).bytes
        } catch {
            throw error.located(file: path)
        }
    }

    /// Parses a byte count as the command line gives it: digits, optionally followed by `K`, `M` or `G` (or `KiB`,
    /// `MiB`, `GiB`: powers of 1024); `nil` when it is malformed, not positive or too large.
    public static func parseByteCount(_ text: String) -> Int? {
        let units: [(suffix: String, shift: Int)] = [
            ("KiB", 10), ("MiB", 20), ("GiB", 30), ("K", 10), ("M", 20), ("G", 30), ("", 0),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
                value > 0
            else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 1 << unit.shift)
            return overflow ? nil : scaled
        }
        return nil
    }
}
