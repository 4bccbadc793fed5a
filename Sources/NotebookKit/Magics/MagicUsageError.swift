/// An error IPython reports for a magic cell, worded as IPython words it (`UsageError: ...`, `ValueError: ...`).
public struct MagicUsageError: Error, Equatable, CustomStringConvertible {
    /// The full message, with its Python exception name.
    public var description: String

    /// An IPython `UsageError` with this message.
    public static func usage(_ message: String) -> MagicUsageError {
        MagicUsageError(description: "UsageError: \(message)")
    }

    /// Creates an error from its full text.
    public init(description: String) { self.description = description }
}

/// Python's `repr()` of a string, as argparse and OS errors quote names.
enum PythonRepr {
    static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Character(scalar) == quote: result += "\\\(quote)"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        result.append(quote)
        return result
    }
}
