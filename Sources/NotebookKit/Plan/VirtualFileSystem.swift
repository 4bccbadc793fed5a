#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files as a planned run sees them: the disk as it was before the run, plus everything the run has written so
/// far. Planners that simulate IPython read it (does the file exist? is it a folder?) and write to it.
///
/// Re-running is idempotent: when a run's first write to a file is an append and the file already holds exactly what
/// the run would produce from nothing, the file is taken as the previous run's output and is not appended to again.
/// (IPython would append a second copy; that is the one place nb2swift knowingly differs, so that regenerating and
/// `--check` are stable.)
struct VirtualFileSystem: Sendable {
    /// What is at a path.
    enum Node: Sendable, Equatable {
        case absent
        case file
        case directory
    }

    /// One write: the bytes to use when it starts the file, and when it continues an existing one.
    struct Write: Sendable {
        var append: Bool
        var startingBytes: [UInt8]
        var continuingBytes: [UInt8]
    }

    private struct History: Sendable {
        var initial: [UInt8]?
        var writes: [Write] = []
    }

    private var histories: [String: History] = [:]
    private var createdDirectories: Set<String> = []
    private let readsDisk: Bool

    /// A file system over the real disk (`readingDisk: true`) or over nothing (every path starts absent).
    init(readingDisk: Bool = true) { self.readsDisk = readingDisk }

    /// What the disk held at each path asked about, so that each path is looked up once per run.
    private var diskNodes: [String: Node] = [:]

    /// What is at `absolute` now.
    mutating func node(at absolute: String) -> Node {
        if histories[absolute]?.writes.isEmpty == false { return .file }
        if createdDirectories.contains(absolute) { return .directory }
        guard readsDisk else { return .absent }
        if let known = diskNodes[absolute] { return known }
        var info = stat()
        let found: Node = stat(absolute, &info) != 0 ? .absent : (info.st_mode & S_IFMT == S_IFDIR ? .directory : .file)
        diskNodes[absolute] = found
        return found
    }

    /// The first ancestor of `absolute` that exists as a file (so that the target cannot be created), if any.
    mutating func fileAncestor(of absolute: String) -> String? {
        var ancestor = ""
        for component in absolute.split(separator: "/").dropLast() {
            ancestor += "/" + component
            if node(at: ancestor) == .file { return ancestor }
        }
        return nil
    }

    /// The bytes at `absolute` now: what the run has written there, else what the disk holds (a regular file only).
    mutating func bytes(at absolute: String) -> [UInt8]? {
        if let written = contents(of: absolute) { return written }
        guard readsDisk, node(at: absolute) == .file else { return nil }
        guard let file = try? MappedFile(path: absolute, sizeLimit: .max) else { return nil }
        return file.withBytes { Array($0) }
    }

    /// Records a write to `absolute` (parent folders are created).
    mutating func write(_ write: Write, to absolute: String) {
        var ancestor = ""
        for component in absolute.split(separator: "/").dropLast() {
            ancestor += "/" + component
            if node(at: ancestor) == .absent { createdDirectories.insert(ancestor) }
        }
        var history = histories[absolute] ?? History(initial: nil)
        if history.writes.isEmpty, readsDisk, node(at: absolute) == .file {
            history.initial = (try? MappedFile(path: absolute, sizeLimit: .max))?.withBytes { Array($0) } ?? []
        }
        history.writes.append(write)
        histories[absolute] = history
    }

    /// The bytes a file holds after the writes recorded so far, or `nil` when the run has not written it.
    func contents(of absolute: String) -> [UInt8]? {
        guard let history = histories[absolute], !history.writes.isEmpty else { return nil }
        func fold(from start: [UInt8]?) -> [UInt8] {
            var bytes = start
            for write in history.writes {
                if write.append, let existing = bytes {
                    bytes = existing + write.continuingBytes
                } else {
                    bytes = write.startingBytes
                }
            }
            return bytes ?? []
        }
        let fresh = fold(from: nil)
        guard let initial = history.initial, history.writes.first?.append == true else { return fresh }
        return initial == fresh ? fresh : fold(from: initial)
    }
}
