extension StringProtocol {
    /// The text cut at each line feed only (a carriage return stays inside its line, unlike `split(separator: "\n")`,
    /// which sees `\r\n` as one character).
    var linesAtLineFeeds: [Substring] {
        String(self).utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}
