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
        // The offset of each line feed (`memchr` over the text's bytes).
        let feeds: [Int] =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                guard let base = bytes.baseAddress else { return [] }
                var feeds: [Int] = []
                var position = 0
                while position < bytes.count,
                    let found = memchr(base + position, Int32(UInt8(ascii: "\n")), bytes.count - position)
                {
                    let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    feeds.append(offset)
                    position = offset + 1
                }
                return feeds
            }
            ?? text.utf8.indices.filter { text.utf8[$0] == UInt8(ascii: "\n") }.map {
                text.utf8.distance(from: text.utf8.startIndex, to: $0)
            }
        // A line feed is a character boundary in UTF-8 (no multi-byte sequence holds its byte), so each cut is too.
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(feeds.count + 1)
        var start = utf8.startIndex
        for feed in feeds {
            let end = utf8.index(utf8.startIndex, offsetBy: feed)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }
}
