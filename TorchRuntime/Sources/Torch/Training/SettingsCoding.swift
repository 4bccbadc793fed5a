import Foundation

/// A checkpoint's settings (any `Codable` value) as the plain Python values a `torch.save` dict holds, and back:
/// what `JSONEncoder` makes of them, as `dict`, `list`, `str`, `int`, `float`, `bool` and `None`. A Python program
/// reads them as `checkpoint["settings"]` and writes its own the same way.
enum SettingsCoding {
    /// `settings` as a Python value: its JSON, object keys sorted.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` when the settings cannot be encoded, or hold an
    ///   integer beyond 64 bits.
    static func value<Settings: Encodable>(_ settings: Settings) throws -> SavedValue {
        let operation = "Checkpoint.save"
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(
                with: try JSONEncoder().encode(settings), options: .fragmentsAllowed)
        } catch {
            throw TorchError.invalidArgument(operation: operation, message: "cannot encode the settings (\(error))")
        }
        return try value(ofJSON: object, operation: operation)
    }

    private static func value(ofJSON object: Any, operation: String) throws -> SavedValue {
        switch object {
        case is NSNull: return .none
        case let text as String: return .string(text)
        case let items as [Any]: return .list(try items.map { try value(ofJSON: $0, operation: operation) })
        case let members as [String: Any]:
            return .dict(
                SavedDict(
                    try members.keys.sorted().map {
                        (.string($0), try value(ofJSON: members[$0] as Any, operation: operation))
                    }))
        case let number as NSNumber:
            // Foundation's JSON numbers say what they were written as: "c" for true/false, "d"/"f" for a number with
            // a fraction or an exponent, an integer type otherwise.
            let type = String(cString: number.objCType)
            switch type {
            case "c", "B": return .bool(number.boolValue)
            case "d", "f": return .float(number.doubleValue)
            case "Q" where number.uint64Value > UInt64(Int.max):
                throw TorchError.invalidArgument(
                    operation: operation, message: "the setting \(number) is beyond a 64-bit signed integer")
            default: return .int(number.intValue)
            }
        default:
            throw TorchError.invalidArgument(operation: operation, message: "cannot encode the setting \(object)")
        }
    }

    /// The settings a checkpoint holds, decoded from its value's JSON.
    ///
    /// - Throws: a message (for ``TorchError/FileProblem/corrupt(_:)``) saying what is not a setting or does not
    ///   decode.
    static func settings<Settings: Decodable>(_ type: Settings.Type, from value: SavedValue) throws(Reason)
        -> Settings
    {
        var json = ""
        try write(value, into: &json)
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw Reason("the settings do not fit this run (\(JSONFile.reason(error)))")
        }
    }

    /// Why a value is not a checkpoint's settings.
    struct Reason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Appends `value` as JSON to `json`: what JSON cannot hold (a tensor, a tuple, `int` keys, `nan`) is refused.
    private static func write(_ value: SavedValue, into json: inout String, depth: Int = 0) throws(Reason) {
        guard depth < SavedValue.maxNestingDepth else { throw Reason("the settings nest too deeply") }
        switch value {
        case .none: json += "null"
        case .bool(let flag): json += flag ? "true" : "false"
        case .int(let number): json += String(number)
        case .float(let number):
            guard number.isFinite else { throw Reason("the settings hold \(number), which JSON has no number for") }
            json += "\(number)"
        case .string(let text): appendString(text, into: &json)
        case .list(let items):
            json += "["
            for (index, item) in items.enumerated() {
                if index > 0 { json += "," }
                try write(item, into: &json, depth: depth + 1)
            }
            json += "]"
        case .dict(let dict):
            json += "{"
            for (index, entry) in dict.enumerated() {
                guard case .string(let key) = entry.key else {
                    throw Reason("the settings have the key \(entry.key), not a str")
                }
                if index > 0 { json += "," }
                appendString(key, into: &json)
                json += ":"
                try write(entry.value, into: &json, depth: depth + 1)
            }
            json += "}"
        case .tensor, .tuple:
            throw Reason("the settings hold a \(value.typeName); only dict, list, str, int, float, bool and None")
        }
    }

    private static func appendString(_ text: String, into json: inout String) {
        json += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case _ where scalar.value < 0x20:
                json +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}
