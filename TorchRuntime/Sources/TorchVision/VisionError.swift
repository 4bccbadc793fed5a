/// Errors raised by TorchVision: every case that concerns a file names it.
public enum VisionError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The bytes are not a valid image of the format they claim to be.
    case corruptImage(path: String, reason: String)
    /// The file's extension or magic bytes name a format this module does not decode.
    case unsupportedFormat(path: String, format: String)
    /// A dataset folder does not have the expected layout.
    case invalidDataset(path: String, reason: String)
    /// A transform received a value it cannot handle, or a parameter is out of range.
    case invalidArgument(String)
    /// A download failed; nothing was left at the destination.
    case downloadFailed(url: String, reason: String)
    /// A zip archive is malformed or holds an entry that would escape the target folder.
    case unsafeArchive(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .corruptImage(let path, let reason): return "\(path): corrupt image: \(reason)"
        case .unsupportedFormat(let path, let format): return "\(path): unsupported format: \(format)"
        case .invalidDataset(let path, let reason): return "\(path): \(reason)"
        case .invalidArgument(let message): return message
        case .downloadFailed(let url, let reason): return "download of \(url) failed: \(reason)"
        case .unsafeArchive(let path, let reason): return "\(path): refused archive: \(reason)"
        }
    }
}
