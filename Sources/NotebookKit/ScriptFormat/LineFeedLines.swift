#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension StringProtocol {
    /// The text cut at each line feed only (a carriage return stays inside its line, unlike `split(separator: "\n")`,
    /// which sees `\r\n` as one character).
    var linesAtLineFeeds: [Substring] {
        var text = String(self)
        text.makeContiguousUTF8()
        let utf8 = text.utf8
        var lines: [Substring] = []
        // A line feed is a character boundary in UTF-8 (no multi-byte sequence holds its byte), so each cut is too.
        let cut: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while start < bytes.count,
                let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
            {
                let end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                lines.append(
                    text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
                start = end + 1
            }
            lines.append(text[utf8.index(utf8.startIndex, offsetBy: start)...])
        }
        if cut == nil || text.isEmpty {
            lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
                Substring($0)
            }
        }
        return lines
    }
}
