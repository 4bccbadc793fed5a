#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at a path on disk, read as `export` and `update` read the files an earlier export wrote: nothing, a
/// regular file's bytes (within the run's size limit), or something that cannot be read (a FIFO is never waited on).
enum ExistingFile: Equatable {
    case absent
    case unreadable
    case bytes([UInt8])

    /// What is at `path` (symbolic links followed).
    init(atPath path: String, sizeLimit: Int) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = errno == ENOENT || errno == ENOTDIR ? .absent : .unreadable
            return
        }
        guard let bytes = try? InputFile.bytes(atPath: path, sizeLimit: sizeLimit) else {
            self = .unreadable
            return
        }
        self = .bytes(bytes)
    }

    /// The bytes, when the file could be read.
    var bytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }
}
