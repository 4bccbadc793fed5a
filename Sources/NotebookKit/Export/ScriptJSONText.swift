/// JSON on one line, for the attribute values of script marker and header lines: compact text and a parser that
/// stops at the end of one value and hands back the rest of the line.
enum JSONText {
    /// The value on one line with no spaces, keys in their order (`{"a":[1,"x"]}`).
    static func compact(_ value: JSONValue) -> String {
        var output = ""
        NotebookWriter.write(value, into: &output, indent: nil)
        return output
    }

    /// Reads one JSON value from the start of a line.
    struct Parser {
        private var scalars: Substring.UnicodeScalarView

        init(_ text: Substring) { scalars = text.unicodeScalars }

        /// What follows the value read.
        var remainder: Substring { Substring(scalars) }

        mutating func parseValue() throws(ScriptSyntaxError) -> JSONValue {
            skipWhitespace()
            guard let first = scalars.first else { throw ScriptSyntaxError("missing JSON value") }
            switch first {
            case "\"": return .string(try parseString())
            case "[":
                scalars.removeFirst()
                var items: [JSONValue] = []
                skipWhitespace()
                if scalars.first == "]" {
                    scalars.removeFirst()
                    return .array(items)
                }
                while true {
                    items.append(try parseValue())
                    skipWhitespace()
                    guard let next = scalars.popFirst() else { throw ScriptSyntaxError("unclosed JSON list") }
                    if next == "]" { return .array(items) }
                    guard next == "," else { throw ScriptSyntaxError("expected , or ] in JSON list") }
                }
            case "{":
                scalars.removeFirst()
                var members = JSONValue.OrderedMembers()
                skipWhitespace()
                if scalars.first == "}" {
                    scalars.removeFirst()
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    guard scalars.first == "\"" else { throw ScriptSyntaxError("expected a key in JSON object") }
                    let key = try parseString()
                    skipWhitespace()
                    guard scalars.popFirst() == ":" else { throw ScriptSyntaxError("expected : in JSON object") }
                    members.members.append((key: key, value: try parseValue()))
                    skipWhitespace()
                    guard let next = scalars.popFirst() else { throw ScriptSyntaxError("unclosed JSON object") }
                    if next == "}" { return .object(members) }
                    guard next == "," else { throw ScriptSyntaxError("expected , or } in JSON object") }
                }
            default:
                let word = String(
                    String.UnicodeScalarView(scalars.prefix { "+-.0123456789eEtruefalsn".unicodeScalars.contains($0) }))
                scalars.removeFirst(word.unicodeScalars.count)
                switch word {
                case "null": return .null
                case "true": return .bool(true)
                case "false": return .bool(false)
                default:
                    guard !word.isEmpty, Double(word) != nil else { throw ScriptSyntaxError("invalid JSON value") }
                    return .number(word)
                }
            }
        }

        private mutating func skipWhitespace() {
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        }

        private mutating func parseString() throws(ScriptSyntaxError) -> String {
            scalars.removeFirst()
            var result = String.UnicodeScalarView()
            var pendingHighSurrogate: UInt32?
            while let scalar = scalars.popFirst() {
                if scalar == "\"" { return String(result) }
                guard scalar == "\\" else {
                    result.append(scalar)
                    continue
                }
                guard let escape = scalars.popFirst() else { break }
                switch escape {
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "u":
                    let hex = String(String.UnicodeScalarView(scalars.prefix(4)))
                    guard hex.unicodeScalars.count == 4, let value = UInt32(hex, radix: 16) else {
                        throw ScriptSyntaxError("invalid \\u escape in JSON string")
                    }
                    scalars.removeFirst(4)
                    if (0xD800..<0xDC00).contains(value) {
                        pendingHighSurrogate = value
                    } else if (0xDC00..<0xE000).contains(value), let high = pendingHighSurrogate {
                        let combined = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                        result.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                        pendingHighSurrogate = nil
                    } else {
                        result.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    }
                default: result.append(escape)
                }
            }
            throw ScriptSyntaxError("unclosed JSON string")
        }
    }
}
