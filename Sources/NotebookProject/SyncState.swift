#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a pair (a notebook and its script) was at its last sync: a hash of each side's bytes, so that `sync` knows
/// which side changed since. Kept in the project's `.nb2swift/sync/` folder, one small text file per notebook, as the
/// export states are kept in `.nb2swift/`.
struct SyncState: Equatable {
    /// The hash of the notebook's bytes.
    var notebook: UInt64
    /// The hash of the script's bytes.
    var script: UInt64

    /// The state file of the notebook `notebook` (absolute) in the project at `root`.
    static func file(for notebook: String, root: String) -> String {
        let relative = ProjectPaths.relative(notebook, to: root)
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        let tag = String(hash(Array(relative.utf8)), radix: 16)
        return ProjectPaths.join(root, ".nb2swift/sync/\(name).\(tag).sync-state")
    }

    /// FNV-1a, 64 bits: stable across runs and machines (Swift's `Hasher` is seeded per process).
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return value
    }

    /// The state stored at `path`, or `nil` when there is none (or it is not one).
    static func load(_ path: String) -> SyncState? {
        guard let bytes = ProjectPaths.bytes(at: path) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.count == 3, lines[0] == "nb2swift sync state 1", let notebook = UInt64(lines[1], radix: 16),
            let script = UInt64(lines[2], radix: 16)
        else { return nil }
        return SyncState(notebook: notebook, script: script)
    }

    /// Stores the state at `path`, atomically (a temporary file renamed into place).
    func store(_ path: String) -> Bool {
        let folder = ProjectPaths.parent(of: path)
        ProjectPaths.makeFolders(folder)
        let text = "nb2swift sync state 1\n\(String(notebook, radix: 16))\n\(String(script, radix: 16))\n"
        return ProjectPaths.writeAtomically(Array(text.utf8), to: path)
    }
}
