import Foundation

/// Writes files so that a reader (or a later run) sees either the old content or the new, never a torn file.
public enum AtomicFile {
    /// Writes `data` to `url` through a temporary file in the same folder, then renames it into place.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in try data.write(to: temporary) }
    }

    /// Lets `produce` write a temporary file beside `url`, then renames it over `url` (a rename is atomic on POSIX).
    public static func write(to url: URL, _ produce: (URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
        do {
            try produce(temporary)
            if rename(temporary.path, url.path) != 0 {
                throw UtilsError.cannotWrite(url, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
