#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder a notebook runs in, and the rule that keeps every write inside it.
///
/// A path is inside when, resolved against the root, it stays under the root both lexically (no `..` above it, not
/// absolute elsewhere) and physically (no existing folder on the way is a symbolic link that leads out). A path is
/// writable when the file system accepts its name (``OutputName``) and nothing but a regular file (or nothing) is
/// there: a folder is left to the planner (IPython's `IsADirectoryError`); a symbolic link, a FIFO or a device is
/// refused, with `--allow-outside` too. ``PlanWriter`` enforces the same rules again, race-free, when it writes.
struct OutputRoot: Sendable, Equatable {
    /// The root as given, absolute and standardised (no `.`/`..`, no trailing `/`).
    let path: String
    /// The root with symbolic links resolved, for physical containment checks.
    let resolvedPath: String

    /// Creates a root for `path` (relative paths are taken from the current directory).
    init(_ path: String) {
        let absolute = Self.absolutePath(path)
        self.path = absolute
        self.resolvedPath = Self.realPath(absolute) ?? absolute
    }

    /// `path` as ``path`` holds it (absolute from the current directory, standardised), without resolving links: no
    /// system call for an absolute path.
    static func absolutePath(_ path: String) -> String {
        normalize(path.hasPrefix("/") ? path : currentDirectory() + "/" + path)
    }

    /// A path resolved against the root.
    struct ResolvedPath: Sendable, Equatable {
        /// The absolute, lexically normalised path.
        var absolute: String
        /// The path relative to the root, or the absolute path when it lies outside.
        var relative: String
        /// Whether it is inside the root.
        var isInside: Bool
    }

    /// Resolves `filename` (as a notebook spelled it) against the root, refusing paths that leave it unless
    /// `allowingOutside`.
    func resolve(_ filename: String, allowingOutside: Bool) throws(Diagnostic) -> ResolvedPath {
        let absolute = Self.normalize(filename.hasPrefix("/") ? filename : path + "/" + filename)
        if let problem = OutputName.problem(withAbsolutePath: absolute) {
            throw Diagnostic("the path \(PythonRepr.repr(filename)) cannot be written: \(problem)")
        }
        let lexicallyInside = absolute.hasPrefix(path == "/" ? "/" : path + "/")
        if !lexicallyInside && !allowingOutside {
            let why = filename.hasPrefix("/") ? "is absolute and outside" : "leaves"
            throw Diagnostic(
                "the path \(PythonRepr.repr(filename)) \(why) the output root \(path) "
                    + "(use --allow-outside to write there anyway)")
        }
        if lexicallyInside && !allowingOutside, let escape = physicalEscape(of: absolute) {
            throw Diagnostic(
                "the path \(PythonRepr.repr(filename)) goes through the symbolic link \(escape), which "
                    + "leads outside the output root \(path) (use --allow-outside to write there anyway)")
        }
        var info = stat()
        if lstat(absolute, &info) == 0 {
            let kind = FolderDescriptor.EntryKind(mode: info.st_mode)
            if kind != .regularFile && kind != .folder {
                throw Diagnostic(
                    "the path \(PythonRepr.repr(filename)) is \(kind.phrase), not a regular file "
                        + "(nb2swift only replaces regular files)")
            }
        }
        let relative = lexicallyInside ? String(absolute.dropFirst(path == "/" ? 1 : path.count + 1)) : absolute
        return ResolvedPath(absolute: absolute, relative: relative, isInside: lexicallyInside)
    }

    /// The first existing symbolic link between the root and `absolute` (inclusive) that resolves outside the root.
    ///
    /// With `start` (an already checked folder between the root and `absolute`), only the components after it are
    /// examined.
    func physicalEscape(of absolute: String, from start: String? = nil) -> String? {
        let base = start ?? path
        guard absolute.hasPrefix(base == "/" ? "/" : base + "/") else { return nil }
        let relative = absolute.dropFirst(base == "/" ? 1 : base.count + 1)
        var current = base
        for component in relative.split(separator: "/") {
            current += (current == "/" ? "" : "/") + component
            var info = stat()
            guard lstat(current, &info) == 0 else { return nil }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard let target = Self.realPath(current) else { return current }
                if !(target == resolvedPath || target.hasPrefix(resolvedPath == "/" ? "/" : resolvedPath + "/")) {
                    return current
                }
            }
        }
        return nil
    }

    /// Lexically normalises an absolute path: no empty or `.` components, `..` removes the previous component.
    static func normalize(_ absolute: String) -> String {
        // Bytes, as the kernel reads a path: components end at every "/" byte (a "/" never occurs inside another
        // character's UTF-8 encoding), and "." and ".." are those bytes alone.
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(absolute.utf8.count + 1)
        var componentStarts: [Int] = []
        for component in absolute.utf8.split(separator: slash, omittingEmptySubsequences: true) {
            if component.count == 1, component.first == dot { continue }
            if component.count == 2, component.first == dot, component.last == dot {
                if let start = componentStarts.popLast() { bytes.removeSubrange(start...) }
                continue
            }
            componentStarts.append(bytes.count)
            bytes.append(slash)
            bytes.append(contentsOf: component)
        }
        return bytes.isEmpty ? "/" : String(decoding: bytes, as: UTF8.self)
    }

    /// The folder holding `absolute` (an absolute, normalised path): `/a` for `/a/b`, `/` for `/b`.
    static func parentPath(of absolute: String) -> String {
        guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
        return String(absolute[..<slash])
    }

    /// The process's current directory (`getcwd(3)`); `/` when it cannot be found (it was removed).
    static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }

    /// `realpath(3)`, or `nil` when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// How to show `absolute` to a user working in `base`: relative when it is inside `base`, absolute otherwise.
    static func displayPath(_ absolute: String, from base: String) -> String {
        let relative = relativePath(from: base, to: absolute)
        return relative.hasPrefix("..") ? absolute : relative
    }

    /// The path of `target` relative to `base` (both absolute, normalised), with `..` as needed.
    static func relativePath(from base: String, to target: String) -> String {
        let baseParts = base.split(separator: "/")
        let targetParts = target.split(separator: "/")
        let common = zip(baseParts, targetParts).prefix { $0 == $1 }.count
        let ups = Array(repeating: "..", count: baseParts.count - common)
        let rest = targetParts[common...].map(String.init)
        let joined = (ups + rest).joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}
