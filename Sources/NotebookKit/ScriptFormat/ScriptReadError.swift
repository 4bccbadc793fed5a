/// Why a script could not be read back, with the file and line.
public struct ScriptReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The script, as shown to the user.
    public var path: String
    /// The 1-based line.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `notebook.swift:12: message`.
    public var description: String { "\(path):\(line): \(message)" }
}
