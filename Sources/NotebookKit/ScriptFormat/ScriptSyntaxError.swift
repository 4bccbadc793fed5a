/// A problem in a script that keeps it from being read back as a notebook.
public struct ScriptSyntaxError: Error, Sendable, Equatable {
    /// What is wrong.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }
}
