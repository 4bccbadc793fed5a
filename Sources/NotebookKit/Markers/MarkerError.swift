/// A problem `nb2swift update` found, located at a file and line (an exported file's marker, or a notebook cell).
public struct MarkerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as shown to the user.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong, in one sentence.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `Sources/Core/core.swift:12: message`.
    public var description: String { file + (line.map { ":\($0)" } ?? "") + ": " + message }
}

/// `nb2swift update` refused: every problem found, and nothing was written.
public struct UpdateRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in the order found.
    public var errors: [MarkerError]

    /// Creates a refusal.
    public init(errors: [MarkerError]) { self.errors = errors }

    /// One line per problem.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
