extension Substring {
    /// The range of the last occurrence of `pattern`, compared Unicode scalar by Unicode scalar (Foundation's
    /// `range(of:options: .backwards)` for the ASCII patterns nb2swift searches), or `nil`.
    func lastRange(of pattern: String) -> Range<Index>? {
        let scalars = unicodeScalars
        let wanted = Array(pattern.unicodeScalars)
        var end = scalars.endIndex
        while let start = scalars.index(end, offsetBy: -wanted.count, limitedBy: scalars.startIndex) {
            if scalars[start..<end].elementsEqual(wanted) { return start..<end }
            end = scalars.index(before: end)
        }
        return nil
    }
}
