#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system helpers a project needs, on the C library (the converter links no Foundation).
enum ProjectPaths {
    /// The current directory.
    static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against the current directory, `.` and `..` resolved.
    static func absolute(_ path: String) -> String {
        normalized(path.hasPrefix("/") ? path : join(currentDirectory, path))
    }

    /// `relative` under `base` (unless it is absolute), normalized.
    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return normalized(relative) }
        return normalized(base == "/" ? "/" + relative : base + "/" + relative)
    }

    /// The path without `.`, `..` and repeated slashes.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder holding `path` (absolute).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// `path` relative to `base` when it lies under it, else unchanged.
    static func relative(_ path: String, to base: String) -> String {
        if path == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The bytes of the file at `path`, or `nil` when it cannot be read.
    static func bytes(at path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes += buffer[..<count]
        }
    }

    /// Whether `path` matches the `fnmatch` pattern `pattern`, or lies in a folder that does.
    static func matches(_ path: String, pattern: String) -> Bool {
        var candidate = path
        while candidate.count > 1 {
            if fnmatch(pattern, candidate, 0) == 0 { return true }
            candidate = parent(of: candidate)
        }
        return false
    }
}

extension ProjectPaths {
    /// Creates `folder` and the folders above it that are missing.
    static func makeFolders(_ folder: String) {
        guard folder != "/", !isFolder(folder) else { return }
        makeFolders(parent(of: folder))
        mkdir(folder, 0o755)
    }

    /// Writes `bytes` to a temporary file beside `path`, then renames it into place: a reader sees the old file or
    /// the new one, never half of it. Returns whether it worked (nothing is left behind when not).
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> Bool {
        let temporary = parent(of: path) + "/.\(path.split(separator: "/").last ?? "file").\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var offset = 0
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard close(descriptor) == 0, written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
