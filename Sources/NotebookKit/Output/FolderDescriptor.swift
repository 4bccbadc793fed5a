#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open folder, and the file operations nb2swift makes relative to it (`openat`, `mkdirat`, `renameat`,
/// `unlinkat`, `fstatat`), so that a path once checked cannot be redirected by a folder swapped for a symbolic link.
///
/// Every name given to it is a single path component. Nothing here follows a symbolic link unless asked to. Its
/// properties never change and each operation is one or a few system calls on the descriptor, so several threads may
/// use one folder at once (the writer creates files in one folder on every core).
final class FolderDescriptor: @unchecked Sendable {
    /// The open descriptor (`O_DIRECTORY`), closed when the value goes away.
    let descriptor: Int32
    /// The absolute path the folder was reached by, for messages only (never opened again).
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// What a folder entry is, without following a symbolic link.
    enum EntryKind: Equatable {
        case regularFile
        case folder
        case symbolicLink
        case fifo
        case characterDevice
        case blockDevice
        case socket
        case unknown

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regularFile
            case S_IFDIR: self = .folder
            case S_IFLNK: self = .symbolicLink
            case S_IFIFO: self = .fifo
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            case S_IFSOCK: self = .socket
            default: self = .unknown
            }
        }

        /// `a FIFO`, `a folder`, ... for messages.
        var phrase: String {
            switch self {
            case .regularFile: "a regular file"
            case .folder: "a folder"
            case .symbolicLink: "a symbolic link"
            case .fifo: "a FIFO (named pipe)"
            case .characterDevice: "a character device"
            case .blockDevice: "a block device"
            case .socket: "a socket"
            case .unknown: "not a regular file"
            }
        }
    }

    /// Opens the folder at `path` (an absolute path; symbolic links on the way are followed: this is the root the
    /// user named).
    static func open(path: String) throws(Diagnostic) -> FolderDescriptor {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(errno) }
        return FolderDescriptor(descriptor: descriptor, path: path)
    }

    private func childPath(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// What `name` is in this folder (not following a link), or `nil` when nothing is there.
    func kind(of name: String) throws(Diagnostic) -> EntryKind? {
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw .system(errno)
        }
        return EntryKind(mode: info.st_mode)
    }

    /// Opens the subfolder `name`; a symbolic link is followed only with `followingLinks` (else the call fails with
    /// `ELOOP` or `ENOTDIR`).
    func openFolder(_ name: String, followingLinks: Bool) throws(Diagnostic) -> FolderDescriptor {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW)
        let child = openat(descriptor, name, flags)
        guard child >= 0 else { throw .system(errno) }
        return FolderDescriptor(descriptor: child, path: childPath(name))
    }

    /// Creates the subfolder `name` (an existing entry is not an error: the caller opens it next and sees what it is).
    func makeFolder(_ name: String) throws(Diagnostic) {
        guard mkdirat(descriptor, name, 0o777) == 0 || errno == EEXIST else { throw .system(errno) }
    }

    /// The target of the symbolic link `name`.
    func linkTarget(_ name: String) throws(Diagnostic) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer {
            readlinkat(descriptor, name, $0.baseAddress!, $0.count - 1)
        }
        guard count >= 0 else { throw .system(errno) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of the regular file `name` (at most `limit` of them), or `nil` when `name` is absent, not a regular
    /// file (a link is not followed; a FIFO is never waited on) or unreadable.
    func readRegularFile(_ name: String, limit: Int = Int.max) -> [UInt8]? {
        let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, EntryKind(mode: info.st_mode) == .regularFile else { return nil }
        return Self.readAll(file, limit: limit)
    }

    /// Reads `file` to its end, or up to `limit` bytes; `nil` on a read error.
    static func readAll(_ file: Int32, limit: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// Creates the new file `name` (`O_CREAT | O_EXCL | O_NOFOLLOW`: never an existing entry, never through a link)
    /// and writes `bytes` to it, with the permission bits `permissions` (by default `0644` less the umask).
    func createFile(_ name: String, bytes: [UInt8], permissions: mode_t?) throws(Diagnostic) {
        let file = openat(descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o644))
        guard file >= 0 else { throw .system(errno) }
        var failure: Int32?
        if let permissions, fchmod(file, permissions) != 0 { failure = errno }
        if failure == nil { failure = Self.writeAll(bytes, to: file) }
        if close(file) != 0, failure == nil { failure = errno }
        if let failure { throw .system(failure) }
    }

    /// How creating a file whole went.
    enum WholeCreation {
        /// The file now holds the bytes.
        case created
        /// Nothing was created: this kernel or file system has no unnamed files (or `/proc` is missing to link one).
        case unsupported
    }

    /// Creates the new file `name`, which must not exist, whole: `bytes` are written to an unnamed file in this folder
    /// (`O_TMPFILE`), which is then given its name (`linkat`, which never replaces an entry nor follows a link at the
    /// name). A reader never sees a partial file, a killed run leaves nothing behind, and the folder is locked only
    /// for the link (several threads can create files in one folder at once). The permission bits are `0644` less the
    /// umask. Throws `EEXIST` when `name` exists; `.unsupported` when the caller must create the file another way.
    func createFileWhole(_ name: String, bytes: [UInt8]) throws(Diagnostic) -> WholeCreation {
        #if os(Linux)
            // O_TMPFILE is (__O_TMPFILE | O_DIRECTORY); the C macro is not imported.
            let unnamed = Int32(0o20000000) | O_DIRECTORY
            let file = openat(descriptor, ".", O_WRONLY | unnamed | O_CLOEXEC, mode_t(0o644))
            guard file >= 0 else {
                let code = errno
                // Not supported by the file system (EOPNOTSUPP), or a kernel without O_TMPFILE (EISDIR, EINVAL).
                if code == EOPNOTSUPP || code == EISDIR || code == EINVAL { return .unsupported }
                throw .system(code)
            }
            defer { close(file) }
            if let failure = Self.writeAll(bytes, to: file) { throw .system(failure) }
            // The unnamed file is reached through /proc (linkat with AT_EMPTY_PATH needs a capability).
            guard linkat(AT_FDCWD, "/proc/self/fd/\(file)", descriptor, name, AT_SYMLINK_FOLLOW) == 0 else {
                let code = errno
                if code == ENOENT, !Self.hasProcessFolders { return .unsupported }
                throw .system(code)
            }
            return .created
        #else
            return .unsupported
        #endif
    }

    /// Whether `/proc/self/fd` exists (it names the unnamed files ``createFileWhole(_:bytes:)`` links).
    private static var hasProcessFolders: Bool {
        var info = stat()
        return stat("/proc/self/fd", &info) == 0
    }

    /// Writes all of `bytes` to `file`; the `errno` of a failed write, `nil` when all were written.
    private static func writeAll(_ bytes: [UInt8], to file: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(file, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return nil
        }
    }

    /// What `name` is (not following a link), with its size and permission bits, or `nil` when nothing is there.
    func entry(_ name: String) throws(Diagnostic) -> (kind: EntryKind, size: Int, permissions: mode_t)? {
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw .system(errno)
        }
        return (EntryKind(mode: info.st_mode), Int(info.st_size), info.st_mode & 0o7777)
    }

    /// Renames `name` over `target`, both in this folder.
    func rename(_ name: String, to target: String) throws(Diagnostic) {
        guard renameat(descriptor, name, descriptor, target) == 0 else { throw .system(errno) }
    }

    /// Removes the file (not folder) `name`.
    func removeFile(_ name: String) throws(Diagnostic) {
        guard unlinkat(descriptor, name, 0) == 0 else { throw .system(errno) }
    }

    /// The names in this folder (without `.` and `..`), or `[]` when it cannot be listed.
    func names() -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0 else { return [] }
        guard let stream = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var result: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { result.append(name) }
        }
        return result
    }
}
