#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A syntax error found by ``JSONScanner``, at a byte offset.
struct JSONSyntaxError: Error, Equatable {
    var message: String
    var offset: Int
    /// For a key that an object repeats: the key (quoted as JSON writes it), and the offset of its first occurrence
    /// (`offset` is the second's).
    var duplicateKey: (key: String, firstOffset: Int)?

    init(message: String, offset: Int, duplicateKey: (key: String, firstOffset: Int)? = nil) {
        self.message = message
        self.offset = offset
        self.duplicateKey = duplicateKey
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.message == rhs.message && lhs.offset == rhs.offset && lhs.duplicateKey?.key == rhs.duplicateKey?.key
            && lhs.duplicateKey?.firstOffset == rhs.duplicateKey?.firstOffset
    }
}

/// A pull scanner over JSON bytes: it reads the values the caller asks for and skips the others without building
/// them (skipping a string is a `memchr` for its closing quote), which is what makes reading a notebook full of
/// outputs fast.
///
/// It works on a buffer pointer that lives only inside ``JSONScanner/scan(_:_:)`` (the reader's mapped file or array);
/// nothing unsafe leaves the reader.
struct JSONScanner: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The current read position.
    private(set) var offset = 0
    /// The last offset whose line was computed, and that line, so that locating cells in order stays linear.
    private var lineMark = (offset: 0, line: 1)
    /// The member names of the objects open now, innermost last: one stack for the whole scan, so that reading an
    /// object allocates nothing for its names.
    private var memberNames: [MemberName] = []
    /// The names of each open object with more than ``linearMemberLimit`` members, decoded, by the position of its
    /// first name in `memberNames`.
    private var largeObjects: [Int: Set<String>] = [:]
    /// The open containers of the value being skipped: for an object, the position of its first name in
    /// `memberNames`; -1 for an array.
    private var skippedContainers: [Int] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Runs `body` with a scanner over `buffer`, which must stay valid during the call.
    static func scan<Result>(
        _ buffer: UnsafeBufferPointer<UInt8>, _ body: (inout JSONScanner) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        var scanner = JSONScanner(bytes: buffer)
        return try body(&scanner)
    }

    // MARK: Structure

    /// The kinds of value a position can start.
    enum ValueKind: Equatable {
        case object, array, string, number, bool, null
    }

    private func error(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: position ?? offset)
    }

    private func endError() -> JSONSyntaxError {
        JSONSyntaxError(message: "the file ends in the middle of the JSON (truncated?)", offset: bytes.count)
    }

    /// Skips JSON whitespace.
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// Whether only whitespace is left.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return offset >= bytes.count
    }

    /// The kind of the next value, after whitespace.
    mutating func peekKind() throws(JSONSyntaxError) -> ValueKind {
        skipWhitespace()
        guard offset < bytes.count else { throw endError() }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error(unexpectedMessage(bytes[offset], expecting: "a value"))
        }
    }

    private func unexpectedMessage(_ byte: UInt8, expecting: String) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return "expected \(expecting), found `\(Character(Unicode.Scalar(byte)))`"
        }
        return "expected \(expecting), found byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset < bytes.count else { throw endError() }
        guard bytes[offset] == byte else { throw error(unexpectedMessage(bytes[offset], expecting: what)) }
        offset += 1
    }

    /// Reads an object's members, calling `member` with each key; `member` must consume the value.
    mutating func readObject(
        _ member: (String, Int, inout JSONScanner) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "{"), "`{`")
        skipWhitespace()
        guard offset < bytes.count else { throw endError() }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return
        }
        let names = memberNames.count
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw endError() }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                throw error(unexpectedMessage(bytes[offset], expecting: "a member name in quotes"))
            }
            let keyOffset = offset
            let key = try readString()
            try recordMemberName(quote: keyOffset, end: offset, object: names)
            try expect(UInt8(ascii: ":"), "`:` after a member name")
            try member(key, keyOffset, &self)
            skipWhitespace()
            guard offset < bytes.count else { throw endError() }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                closeObject(names: names)
                return
            }
            throw error(unexpectedMessage(bytes[offset], expecting: "`,` or `}`"))
        }
    }

    /// Reads an array's elements, calling `element` with each index; `element` must consume the value.
    mutating func readArray(
        _ element: (Int, inout JSONScanner) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "["), "`[`")
        skipWhitespace()
        guard offset < bytes.count else { throw endError() }
        if bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return
        }
        var index = 0
        while true {
            skipWhitespace()
            try element(index, &self)
            index += 1
            skipWhitespace()
            guard offset < bytes.count else { throw endError() }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return
            }
            throw error(unexpectedMessage(bytes[offset], expecting: "`,` or `]`"))
        }
    }

    // MARK: Member names

    /// One member name of an open object: its text between the quotes.
    private struct MemberName {
        var start: Int
        var end: Int
        /// Whether the text holds an escape (then names are compared decoded).
        var isEscaped: Bool
    }

    /// The most members an object's names are compared one by one; past that, they are kept in a set.
    private static let linearMemberLimit = 16

    /// Records the member name quoted at `quote..<end` (opening quote to past the closing one) in the object whose
    /// names start at `first` in `memberNames`; throws when that object already has a member of that name. JSON
    /// parsers disagree on which of two equal names counts (Python's `json` takes the last, others the first), so a
    /// notebook that repeats one means different things to different tools: the scanner refuses it.
    private mutating func recordMemberName(quote: Int, end: Int, object first: Int) throws(JSONSyntaxError) {
        let start = quote + 1
        let stop = max(start, end - 1)
        let isEscaped = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\\")), stop - start) != nil
        let name = MemberName(start: start, end: stop, isEscaped: isEscaped)
        let count = memberNames.count - first
        if count < Self.linearMemberLimit {
            for earlier in memberNames[first...] where try sameName(earlier, name) {
                throw try duplicate(name, first: earlier)
            }
            memberNames.append(name)
            if count + 1 == Self.linearMemberLimit {
                var names = Set<String>()
                for member in memberNames[first...] { names.insert(try decoded(member)) }
                largeObjects[first] = names
            }
            return
        }
        let text = try decoded(name)
        if largeObjects[first]?.insert(text).inserted == false {
            for earlier in memberNames[first...] where try decoded(earlier) == text {
                throw try duplicate(name, first: earlier)
            }
        }
        memberNames.append(name)
    }

    /// Forgets the names of the object whose names start at `first` (it is closed).
    private mutating func closeObject(names first: Int) {
        memberNames.removeSubrange(first...)
        if !largeObjects.isEmpty { largeObjects[first] = nil }
    }

    private func sameName(_ a: MemberName, _ b: MemberName) throws(JSONSyntaxError) -> Bool {
        if !a.isEscaped && !b.isEscaped {
            return a.end - a.start == b.end - b.start
                && memcmp(bytes.baseAddress! + a.start, bytes.baseAddress! + b.start, a.end - a.start) == 0
        }
        return try decoded(a) == decoded(b)
    }

    private func decoded(_ name: MemberName) throws(JSONSyntaxError) -> String {
        try string(at: name.start - 1).text
    }

    private func duplicate(_ name: MemberName, first: MemberName) throws(JSONSyntaxError) -> JSONSyntaxError {
        var quoted = ""
        NotebookWriter.writeString(try decoded(name), into: &quoted)
        return JSONSyntaxError(
            message: "the key \(quoted) appears twice in one object", offset: name.start - 1,
            duplicateKey: (quoted, first.start - 1))
    }

    // MARK: Skipping

    /// Skips one value of any kind without building it (strings are not decoded; their UTF-8 is not checked).
    mutating func skipValue() throws(JSONSyntaxError) {
        switch try peekKind() {
        case .string: try skipString()
        case .number: _ = try readNumberText()
        case .bool, .null: _ = try readLiteral()
        case .object, .array:
            // Track nesting with a stack of the open containers; strings inside are skipped with memchr, the
            // member names of objects too, and recorded to refuse a name that an object repeats.
            skippedContainers.removeAll(keepingCapacity: true)
            var expectsName = false
            repeat {
                guard offset < bytes.count else { throw endError() }
                let byte = bytes[offset]
                switch byte {
                case UInt8(ascii: "{"):
                    skippedContainers.append(memberNames.count)
                    expectsName = true
                    offset += 1
                case UInt8(ascii: "["):
                    skippedContainers.append(-1)
                    expectsName = false
                    offset += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    let names = skippedContainers.removeLast()
                    if names >= 0 { closeObject(names: names) }
                    expectsName = false
                    offset += 1
                case UInt8(ascii: ","):
                    expectsName = (skippedContainers.last ?? -1) >= 0
                    offset += 1
                case UInt8(ascii: "\""):
                    let quote = offset
                    try skipString()
                    if expectsName {
                        try recordMemberName(
                            quote: quote, end: offset, object: skippedContainers[skippedContainers.count - 1])
                        expectsName = false
                    }
                default: offset += 1
                }
            } while !skippedContainers.isEmpty
        }
    }

    /// Skips a string, from its opening quote past its closing one.
    mutating func skipString() throws(JSONSyntaxError) {
        let base = bytes.baseAddress!
        var position = offset + 1
        while true {
            guard position < bytes.count,
                let found = memchr(base + position, Int32(UInt8(ascii: "\"")), bytes.count - position)
            else { throw endError() }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 >= position, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") {
                backslashes += 1
            }
            position = quote + 1
            if backslashes % 2 == 0 { break }
        }
        offset = position
    }

    // MARK: Reading

    /// Reads a string value, decoding escapes and checking UTF-8.
    mutating func readString() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard offset < bytes.count else { throw endError() }
        guard bytes[offset] == UInt8(ascii: "\"") else {
            throw error(unexpectedMessage(bytes[offset], expecting: "a string"))
        }
        let (text, end) = try string(at: offset)
        offset = end
        return text
    }

    /// The string whose opening quote is at `quote`, decoded, and the offset just past its closing quote.
    private func string(at quote: Int) throws(JSONSyntaxError) -> (text: String, end: Int) {
        let start = quote + 1
        // Fast path: no escapes, no control characters.
        var position = firstSpecialStringByte(from: start)
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
            return (try decodeUTF8(from: start, to: position), position + 1)
        }
        var buffer = [UInt8](bytes[start..<min(position, bytes.count)])
        while true {
            guard position < bytes.count else { throw endError() }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                return (try decodeUTF8(buffer, startingAt: start), position + 1)
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw endError() }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4(at: position)
                    position += 4
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else { throw error("a \\u escape leaves a lone UTF-16 surrogate", at: position - 6) }
                        let low = try readHex4(at: position + 2)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("a \\u escape leaves a lone UTF-16 surrogate", at: position - 6)
                        }
                        position += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a \\u escape leaves a lone UTF-16 surrogate", at: position - 6)
                    }
                    buffer.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
                default:
                    throw error("invalid escape `\\\(Character(Unicode.Scalar(escape)))` in a string", at: position - 2)
                }
            default:
                if byte < 0x20 {
                    throw error("a raw control character (0x\(String(byte, radix: 16))) inside a string", at: position)
                }
                buffer.append(byte)
                position += 1
            }
        }
    }

    private func readHex4(at position: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw endError() }
        var value: UInt32 = 0
        for index in position..<(position + 4) {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape in a string", at: position - 2)
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Reads a string as ``readString()`` does, appending its UTF-8 bytes to `buffer` (a cell's source lines are
    /// gathered this way into one string, without a string per line).
    mutating func readString(appendingTo buffer: inout [UInt8]) throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            buffer += try readString().utf8
            return
        }
        let start = offset + 1
        let position = firstSpecialStringByte(from: start)
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
            if !Self.isASCII(slice), String(validating: slice, as: UTF8.self) == nil {
                throw error("invalid UTF-8", at: start + Self.firstInvalidUTF8(slice))
            }
            buffer.append(contentsOf: slice)
            offset = position + 1
            return
        }
        // Escapes or control characters (or the end): the general path.
        buffer += try readString().utf8
    }

    /// The offset of the first byte from `start` on that ends a string's plain run: a quote, a backslash or a control
    /// character (below 0x20); the end of the bytes when there is none. Eight bytes are looked at a time.
    private func firstSpecialStringByte(from start: Int) -> Int {
        var position = start
        #if _endian(little)
            if let base = bytes.baseAddress {
                let raw = UnsafeRawPointer(base)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                while position + 8 <= bytes.count {
                    let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                    // A lane of `quotes` or `backslashes` that is zero (the byte matched), or a lane of `word` below
                    // 0x20, gets its high bit set; lanes above a real match may be flagged falsely (borrows), so the
                    // lowest flagged lane is the first match.
                    let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
                    let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
                    let zeroQuotes = (quotes &- ones) & ~quotes
                    let zeroBackslashes = (backslashes &- ones) & ~backslashes
                    let controls = (word &- ones &* 0x20) & ~word
                    let flags = (zeroQuotes | zeroBackslashes | controls) & highs
                    if flags != 0 { return position + flags.trailingZeroBitCount / 8 }
                    position += 8
                }
            }
        #endif
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return position }
            position += 1
        }
        return position
    }

    private func decodeUTF8(from start: Int, to end: Int) throws(JSONSyntaxError) -> String {
        try Self.decodeUTF8(UnsafeBufferPointer(rebasing: bytes[start..<end]), startingAt: start)
    }

    private func decodeUTF8(_ buffer: [UInt8], startingAt start: Int) throws(JSONSyntaxError) -> String {
        try buffer.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> String in
            try Self.decodeUTF8(buffer, startingAt: start)
        }
    }

    /// The text of `buffer` (found at `start`), which must be valid UTF-8. Most strings of a notebook are ASCII, which
    /// is always valid and is checked eight bytes at a time; only the others go through the full validation.
    private static func decodeUTF8(
        _ buffer: UnsafeBufferPointer<UInt8>, startingAt start: Int
    ) throws(JSONSyntaxError) -> String {
        if isASCII(buffer) { return String(decoding: buffer, as: UTF8.self) }
        if let text = String(validating: buffer, as: UTF8.self) { return text }
        throw JSONSyntaxError(message: "invalid UTF-8", offset: start + firstInvalidUTF8(buffer))
    }

    /// Whether every byte of `buffer` is below 0x80.
    private static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var position = 0
        while position + 8 <= buffer.count {
            if raw.loadUnaligned(fromByteOffset: position, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                return false
            }
            position += 8
        }
        while position < buffer.count {
            if buffer[position] >= 0x80 { return false }
            position += 1
        }
        return true
    }

    /// The offset of the first byte of `buffer` that starts an invalid UTF-8 sequence (approximately).
    private static func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var position = 0
        while position < buffer.count {
            let byte = buffer[position]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return position
            }
            guard position + length <= buffer.count else { return position }
            let sequence = UnsafeBufferPointer(rebasing: buffer[position..<(position + length)])
            if String(validating: sequence, as: UTF8.self) == nil { return position }
            position += length
        }
        return position
    }

    /// Reads a number and returns its exact text.
    mutating func readNumberText() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        let start = offset
        var position = offset
        func digits() -> Int {
            let begin = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                position += 1
            }
            return position - begin
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("invalid number", at: start) }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            throw error("invalid number (leading zero)", at: start)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("invalid number", at: start) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw error("invalid number", at: start) }
        }
        offset = position
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Reads `true`, `false` or `null`.
    mutating func readLiteral() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
            let utf8 = Array(word.utf8)
            if offset + utf8.count <= bytes.count, bytes[offset..<(offset + utf8.count)].elementsEqual(utf8) {
                offset += utf8.count
                return value
            }
        }
        if offset + 1 >= bytes.count { throw endError() }
        throw error("invalid literal (expected true, false or null)")
    }

    /// Reads any value into a ``JSONValue``.
    mutating func readValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        guard depth < 512 else { throw error("JSON nested more than 512 levels deep") }
        switch try peekKind() {
        case .string: return .string(try readString())
        case .number: return .number(try readNumberText())
        case .bool, .null: return try readLiteral()
        case .array:
            var items: [JSONValue] = []
            try readArray { (_, scanner) throws(JSONSyntaxError) in
                items.append(try scanner.readValue(depth: depth + 1))
            }
            return .array(items)
        case .object:
            var members = JSONValue.OrderedMembers()
            try readObject { (key, _, scanner) throws(JSONSyntaxError) in
                members.members.append((key: key, value: try scanner.readValue(depth: depth + 1)))
            }
            return .object(members)
        }
    }

    // MARK: Locations

    /// The 1-based line of a byte offset (linear overall when asked in increasing order).
    /// The 1-based column (in bytes, as compilers count it) of the byte at `position`.
    func column(at position: Int) -> Int {
        let end = min(max(position, 0), bytes.count)
        var start = end
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        return end - start + 1
    }

    mutating func line(at position: Int) -> Int {
        let end = min(max(position, 0), bytes.count)
        if end < lineMark.offset { lineMark = (0, 1) }
        guard let base = bytes.baseAddress else { return 1 }
        let line =
            lineMark.line
            + Self.lineFeeds(in: UnsafeBufferPointer(start: base + lineMark.offset, count: end - lineMark.offset))
        lineMark = (end, line)
        return line
    }

    /// How many line feeds `bytes` holds. A notebook saved with indentation has a line every few dozen bytes, too
    /// many for a `memchr` each, and outputs hold megabytes without one, which `memchr` skips fastest: each line feed
    /// `memchr` finds is followed by a stretch counted eight bytes at a time.
    static func lineFeeds(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var position = 0
        while position < bytes.count, let found = memchr(base + position, 0x0A, bytes.count - position) {
            count += 1
            let next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            position = min(next + 256, bytes.count)
            count += denseLineFeeds(in: UnsafeBufferPointer(rebasing: bytes[next..<position]))
        }
        return count
    }

    /// How many line feeds `bytes` holds, counted eight bytes at a time.
    private static func denseLineFeeds(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var position = 0
        #if _endian(little)
            let raw = UnsafeRawPointer(base)
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while position + 8 <= bytes.count {
                // Exact zero-lane test (no borrow between lanes): a lane of `x` is zero exactly when its high bit stays
                // clear in `((x & 0x7F..) + 0x7F..) | x`.
                let x = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                count += (~(((x & lows) &+ lows) | x | lows)).nonzeroBitCount
                position += 8
            }
        #endif
        while position < bytes.count {
            if bytes[position] == 0x0A { count += 1 }
            position += 1
        }
        return count
    }
}
