/// An error from the Torch runtime: an operation libtorch refused, shapes that do not fit, a bad argument, a model
/// or optimizer file that cannot be used.
///
/// Each case carries what a one-line message needs (`description`): the operation or the file, and the reason in
/// libtorch's words (without its C++ backtrace) or ours. Match on the case to tell them apart:
///
/// ```swift
/// do {
///     try model.loadStateDict(StateDict(contentsOf: url))
/// } catch TorchError.file(let path, .corrupt(let reason)) {
///     print("\(path) is damaged: \(reason)")
/// } catch TorchError.stateDictMismatch {
///     print("\(url.path) holds another model's weights")
/// }
/// ```
public enum TorchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The shapes of the operands do not fit `operation` (broadcasting, matrix product, a layer's input, ...).
    case shapeMismatch(operation: String, message: String)
    /// An index or dimension lies outside the tensor (libtorch's `IndexError`).
    case indexOutOfRange(operation: String, message: String)
    /// An argument is out of range or of the wrong kind: a negative size, a non-positive kernel size, a learning rate
    /// that is not finite, a dtype the operation has no kernel for, ...
    case invalidArgument(operation: String, message: String)
    /// Any other failure libtorch reported while running `operation`, with libtorch's message.
    case libtorch(operation: String, message: String)
    /// libtorch could not allocate memory for `operation`.
    case outOfMemory(operation: String, message: String)
    /// A state dict does not fit the module it is loaded into (`load_state_dict`, strict): the names missing from
    /// the state dict, the names the module does not have, and one line per shape difference.
    case stateDictMismatch(module: String, missing: [String], unexpected: [String], sizeMismatches: [String])
    /// A file the runtime reads or writes (a `.pth` state dict, an optimizer state) cannot be used.
    case file(path: String, FileProblem)
    /// A `Module` subclass was called without overriding `forward(_:)`.
    case notImplemented(String)

    /// Why a file cannot be used.
    public enum FileProblem: Equatable, Sendable, CustomStringConvertible {
        /// Reading failed (missing file, permissions, ...).
        case cannotRead(String)
        /// Writing failed (missing folder, full disk, permissions, ...); any earlier file at the path is unchanged.
        case cannotWrite(String)
        /// The bytes are not what they claim to be: not a zip, truncated, a CRC mismatch, a malformed pickle, sizes
        /// that overflow or reach past their storage.
        case corrupt(String)
        /// A well-formed file using something this reader does not read: compressed entries, an object that is not
        /// a dict of tensors, an unsupported dtype.
        case unsupported(String)
        /// A well-formed file that does not fit what it is loaded into (an SGD state into Adam, other shapes).
        case mismatched(String)

        /// The reason, in one line.
        public var reason: String {
            switch self {
            case .cannotRead(let reason), .cannotWrite(let reason), .corrupt(let reason), .unsupported(let reason),
                .mismatched(let reason):
                reason
            }
        }

        /// The reason, in one line.
        public var description: String { reason }
    }

    /// The message in one line (`state_dict` mismatches: PyTorch's multi-line report).
    public var description: String {
        switch self {
        case .shapeMismatch(let operation, let message), .indexOutOfRange(let operation, let message),
            .invalidArgument(let operation, let message), .libtorch(let operation, let message),
            .outOfMemory(let operation, let message):
            "\(operation): \(message)"
        case .stateDictMismatch(let module, let missing, let unexpected, let sizeMismatches):
            Self.stateDictReport(
                module: module, missing: missing, unexpected: unexpected, sizeMismatches: sizeMismatches)
        case .file(let path, let problem):
            "\(path): \(problem.reason)"
        case .notImplemented(let message):
            message
        }
    }

    /// The same text as `description`.
    public var message: String { description }

    /// PyTorch's wording of a strict `load_state_dict` failure.
    private static func stateDictReport(
        module: String, missing: [String], unexpected: [String], sizeMismatches: [String]
    ) -> String {
        var problems: [String] = []
        func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }
        if !missing.isEmpty {
            problems.append("Missing key(s) in state_dict: \(quoted(missing)).")
        }
        if !unexpected.isEmpty {
            problems.append("Unexpected key(s) in state_dict: \(quoted(unexpected)).")
        }
        problems += sizeMismatches
        return "Error(s) in loading state_dict for \(module):\n\t" + problems.joined(separator: "\n\t")
    }
}
