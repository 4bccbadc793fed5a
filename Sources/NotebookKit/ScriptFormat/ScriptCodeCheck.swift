/// Quick lexical checks that tell a code cell that cannot be Swift on its own, which the script writer comments out
/// whole so that the script still parses. They look for:
/// - brackets, string literals or block comments that do not close within the cell (the cell would swallow the
///   cells after it);
/// - a magic or shell line that is indented (only lines starting with `%` or `!` are commented out one by one);
/// - a Python-style `# comment` line (Swift has no `#` followed by a space);
/// - Swift for TensorFlow's `@differentiable(vjp: ...)` / `jvp:` derivative registration, which Swift removed in
///   favour of `@derivative(of:)` and which `swiftc -parse` rejects today.
enum ScriptCodeCheck {
    /// Why a code cell cannot be Swift on its own, or `nil` when it can.
    ///
    /// - Parameters:
    ///   - lines: the cell's source lines.
    ///   - encodedText: the same lines as ``ScriptCodeLines`` writes them (magic lines commented out), joined with line
    ///     feeds.
    static func reasonNotSwift(lines: [Substring], encodedText: String) -> String? {
        for line in lines where mayBeFlagged(line) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.startIndex != line.startIndex && ScriptCodeLines.isMagic(trimmed) {
                return "an indented magic line"
            }
            if trimmed == "#" || trimmed.hasPrefix("# ") { return "a Python-style # comment" }
            // The byte test first: `firstRange(of:)` sets up a substring searcher on every call.
            if trimmed.utf8.contains(UInt8(ascii: "@")), let attribute = trimmed.firstRange(of: "@differentiable(") {
                let arguments = trimmed[attribute.upperBound...]
                if arguments.contains("vjp:") || arguments.contains("jvp:") {
                    return "Swift for TensorFlow's @differentiable(vjp:/jvp:)"
                }
            }
        }
        return isBalanced(encodedText) ? nil : "an unclosed bracket, string or comment"
    }

    /// Whether the checks above could flag `line`: its first byte after spaces and tabs is `%`, `!` or `#`, or it
    /// holds an `@`. Most lines have none of these, and bytes are quicker to look at than characters (a flagged line
    /// always passes: each check needs one of these bytes where this looks for it).
    private static func mayBeFlagged(_ line: Substring) -> Bool {
        func test(_ bytes: some Collection<UInt8>) -> Bool {
            let first = bytes.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            if first == UInt8(ascii: "%") || first == UInt8(ascii: "!") || first == UInt8(ascii: "#") { return true }
            return bytes.contains(UInt8(ascii: "@"))
        }
        return line.utf8.withContiguousStorageIfAvailable(test) ?? test(line.utf8)
    }

    private enum Context: Equatable {
        case bracket(closer: UInt8)
        case interpolation
        case string(hashes: Int, multiline: Bool)
        case blockComment
    }

    /// Whether `code` closes everything it opens.
    static func isBalanced(_ code: String) -> Bool {
        var code = code
        code.makeContiguousUTF8()
        return code.utf8.withContiguousStorageIfAvailable(isBalanced)
            ?? Array(code.utf8).withUnsafeBufferPointer(isBalanced)
    }

    /// Whether the code in `bytes` closes everything it opens.
    private static func isBalanced(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var stack: [Context] = []
        var index = 0
        func byte(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        func hashes(from start: Int) -> Int {
            var count = 0
            while start + count < bytes.count && bytes[start + count] == UInt8(ascii: "#") { count += 1 }
            return count
        }
        func quotes(at position: Int) -> Int {
            var count = 0
            while position + count < bytes.count && bytes[position + count] == UInt8(ascii: "\"") && count < 3 {
                count += 1
            }
            return count
        }
        while index < bytes.count {
            let current = bytes[index]
            switch stack.last {
            case .string(let hashCount, let multiline)?:
                if current == UInt8(ascii: "\\") && hashes(from: index + 1) >= hashCount {
                    index += 1 + hashCount
                    if byte(0) == UInt8(ascii: "(") { stack.append(.interpolation) }
                    index += 1
                    continue
                }
                if current == UInt8(ascii: "\"") {
                    let needed = multiline ? 3 : 1
                    if quotes(at: index) >= needed && hashes(from: index + needed) >= hashCount {
                        stack.removeLast()
                        index += needed + hashCount
                        continue
                    }
                }
                if !multiline && (current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r")) { return false }
                index += 1
            case .blockComment?:
                if current == UInt8(ascii: "/") && byte(1) == UInt8(ascii: "*") {
                    stack.append(.blockComment)
                    index += 2
                } else if current == UInt8(ascii: "*") && byte(1) == UInt8(ascii: "/") {
                    stack.removeLast()
                    index += 2
                } else {
                    index += 1
                }
            default:
                if current == UInt8(ascii: "/") && byte(1) == UInt8(ascii: "/") {
                    while index < bytes.count && bytes[index] != UInt8(ascii: "\n")
                        && bytes[index] != UInt8(ascii: "\r")
                    {
                        index += 1
                    }
                    continue
                }
                if current == UInt8(ascii: "/") && byte(1) == UInt8(ascii: "*") {
                    stack.append(.blockComment)
                    index += 2
                    continue
                }
                if current == UInt8(ascii: "#") || current == UInt8(ascii: "\"") {
                    let hashCount = hashes(from: index)
                    let quoteCount = quotes(at: index + hashCount)
                    if quoteCount > 0 {
                        let multiline = quoteCount == 3
                        stack.append(.string(hashes: hashCount, multiline: multiline))
                        index += hashCount + (multiline ? 3 : 1)
                        continue
                    }
                    index += max(hashCount, 1)
                    continue
                }
                switch current {
                case UInt8(ascii: "("): stack.append(.bracket(closer: UInt8(ascii: ")")))
                case UInt8(ascii: "["): stack.append(.bracket(closer: UInt8(ascii: "]")))
                case UInt8(ascii: "{"): stack.append(.bracket(closer: UInt8(ascii: "}")))
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if current == UInt8(ascii: ")") && stack.last == .interpolation {
                        stack.removeLast()
                    } else if stack.last == .bracket(closer: current) {
                        stack.removeLast()
                    } else {
                        return false
                    }
                default: break
                }
                index += 1
            }
        }
        return stack.isEmpty
    }
}
