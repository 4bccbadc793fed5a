#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's content as staged in git's index (`git show :path`), for `sync --from-index`: under pre-commit, what is
/// committed is what is checked.
enum GitIndex {
    /// The staged bytes of the file at `path` (absolute), or `nil` when git has none (not a repository, not staged).
    static func bytes(of path: String) -> [UInt8]? {
        let folder = ProjectPaths.parent(of: path)
        let name = String(path.split(separator: "/").last ?? "")
        let command = "git -C \(quoted(folder)) show \(quoted(":./" + name)) 2>/dev/null"
        guard let pipe = popen(command, "r") else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return pclose(pipe) == 0 ? bytes : nil
    }

    /// `text` quoted for the shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "'\\''") + "'"
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
