#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One notebook of a pairing group: its absolute path, and the folder it sits in under the group's folder (where its
/// outputs go under the group's output folder, as `nb2swift` lays out a searched folder).
public struct ProjectNotebook: Sendable, Equatable {
    /// The notebook, absolute.
    public var path: String
    /// Its folder relative to the searched folder (`""` for a notebook named in the config).
    public var folderInTree: String

    /// The notebook's name without `.ipynb`.
    public var stem: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".ipynb") ? String(name.dropLast(6)) : name
    }

    /// The folder the group's outputs of this notebook go to: `output`'s folder in tree, or the notebook's own folder.
    public func outputFolder(_ output: String?) -> String {
        guard let output else { return ProjectPaths.parent(of: path) }
        return folderInTree.isEmpty ? output : ProjectPaths.join(output, folderInTree)
    }
}

extension Pairing {
    /// The group's notebooks: each named one, and every `.ipynb` under each named folder (hidden entries skipped, as
    /// `nb2swift` searches), less the excluded paths; sorted within each folder.
    public func expandedNotebooks(excluding excluded: [String]) -> [ProjectNotebook] {
        var result: [ProjectNotebook] = []
        for entry in notebooks {
            guard ProjectPaths.isFolder(entry) else {
                result.append(ProjectNotebook(path: entry, folderInTree: ""))
                continue
            }
            var found: [String] = []
            Self.collect(entry, prefix: "", into: &found)
            for relative in found.sorted() {
                let path = ProjectPaths.join(entry, relative)
                guard !excluded.contains(where: { ProjectPaths.matches(path, pattern: $0) }) else { continue }
                let folder = relative.lastIndex(of: "/").map { String(relative[..<$0]) } ?? ""
                result.append(ProjectNotebook(path: path, folderInTree: folder))
            }
        }
        return result
    }

    private static func collect(_ folder: String, prefix: String, into found: inout [String]) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard !name.hasPrefix(".") else { continue }
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                collect(path, prefix: prefix + name + "/", into: &found)
            } else if name.hasSuffix(".ipynb") {
                found.append(prefix + name)
            }
        }
    }
}
