import Foundation

/// Small JSON files a training program keeps beside its model (settings, metrics), written atomically and read
/// back as untrusted input: every failure is one line naming the file.
public enum JSONFile {
    /// Writes `value` as pretty-printed JSON with sorted keys to `url`, atomically (a temporary file renamed over
    /// the target), creating its folder.
    ///
    /// - Throws: ``TorchError/file(path:_:)`` with ``TorchError/FileProblem/cannotWrite(_:)``; an earlier file at
    ///   `url` is then unchanged.
    public static func write<Value: Encodable>(_ value: Value, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(value)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw TorchError.file(
                path: url.path, .cannotWrite("cannot create its folder (\(error.localizedDescription))"))
        }
        try RuntimeFile.writeAtomically(data, to: url, what: "the JSON file")
    }

    /// Reads a `Value` from the JSON file at `url` and checks it with `problem` (nil: in range).
    ///
    /// - Parameters:
    ///   - type: the value's type.
    ///   - url: the file.
    ///   - what: what the file holds, for messages ("model settings").
    ///   - problem: what is wrong with a decoded value, or nil when every field is in range.
    /// - Throws: ``TorchError/file(path:_:)``: ``TorchError/FileProblem/cannotRead(_:)`` for a missing or unreadable
    ///   file, ``TorchError/FileProblem/corrupt(_:)`` when it is not `what` or `problem` finds a fault.
    public static func read<Value: Decodable>(
        _ type: Value.Type, from url: URL, what: String, problem: (Value) -> String? = { _ in nil }
    ) throws -> Value {
        let data = try RuntimeFile.read(url)
        let value: Value
        do {
            value = try JSONDecoder().decode(type, from: data)
        } catch {
            throw TorchError.file(path: url.path, .corrupt("not \(what) (\(reason(error)))"))
        }
        if let fault = problem(value) { throw TorchError.file(path: url.path, .corrupt(fault)) }
        return value
    }

    /// A decoding error in a few words: what is missing or wrong, and where.
    static func reason(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context):
            return "no \(key.stringValue) in \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(context.debugDescription) at \(path(context))"
        default:
            return "\(error)"
        }
    }
}
