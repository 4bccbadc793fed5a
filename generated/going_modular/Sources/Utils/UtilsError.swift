import Foundation

/// What can go wrong while saving or loading a model, its settings, metrics or checkpoints.
public enum UtilsError: Error, CustomStringConvertible {
    /// The model file name does not end in `.pth` or `.pt`.
    case badModelName(String)
    /// A file could not be written.
    case cannotWrite(URL, reason: String)
    /// A file that should be there is not.
    case missingFile(URL, hint: String)
    /// A file is there but cannot be read as what it should hold.
    case unreadable(URL, reason: String)
    /// A checkpoint was made with different settings than the run that wants to resume from it.
    case checkpointMismatch(URL, reason: String)

    public var description: String {
        switch self {
        case .badModelName(let name):
            return "model name '\(name)' should end with '.pth' or '.pt'"
        case .cannotWrite(let url, let reason):
            return "cannot write \(url.path): \(reason)"
        case .missingFile(let url, let hint):
            return "\(url.path) not found: \(hint)"
        case .unreadable(let url, let reason):
            return "cannot read \(url.path): \(reason)"
        case .checkpointMismatch(let url, let reason):
            return "cannot resume from \(url.path): \(reason)"
        }
    }
}
