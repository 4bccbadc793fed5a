/// Line endings made alike, so that a file converted to CR LF (git's `autocrlf`, an editor) or to CR compares equal
/// to the one written with line feeds: export and update compare files and cells this way.
enum LineEndings {
    /// `bytes` with every CR LF pair and every lone CR made a line feed.
    static func normalized(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x0D) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard byte == 0x0D else {
                result.append(byte)
                continue
            }
            result.append(0x0A)
            if index < bytes.count && bytes[index] == 0x0A { index += 1 }
        }
        return result
    }

    /// `text` with every CR LF pair and every lone CR made a line feed.
    static func normalized(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        return String(decoding: normalized(Array(text.utf8)), as: UTF8.self)
    }
}
