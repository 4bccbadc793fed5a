#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file a conversion reads: a notebook, or a script on the way back.
struct ConversionInput: Sendable, Equatable {
    /// The path as the user gave it, or as found under a folder the user gave.
    var path: String
    /// Whether the user named this file (rather than a folder holding it).
    var isNamed: Bool
    /// For a file found under a folder: the folder holding it, relative to that folder (`sub/deeper`), which a run
    /// with `-o` mirrors for the file's own output; empty otherwise.
    var folderInTree: String

    /// Creates an input.
    init(path: String, isNamed: Bool = true, folderInTree: String = "") {
        self.path = path
        self.isNamed = isNamed
        self.folderInTree = folderInTree
    }

    /// The inputs named by `paths`: files as given, folders searched recursively for files ending in `suffix`
    /// (sorted; hidden folders such as `.ipynb_checkpoints` skipped). A file named twice is read once.
    static func discover(_ paths: [String], suffix: String = ".ipynb") throws(Diagnostic)
        -> [ConversionInput]
    {
        var result: [ConversionInput] = []
        var seen: Set<String> = []
        func add(_ input: ConversionInput) {
            if seen.insert(OutputRoot.absolutePath(input.path)).inserted { result.append(input) }
        }
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw Diagnostic("no such file or folder", file: path)
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                add(ConversionInput(path: path))
                continue
            }
            guard let folder = try? FolderDescriptor.open(path: path) else {
                throw Diagnostic("cannot list the folder", file: path)
            }
            var found: [String] = []
            collect(in: folder, prefix: "", suffix: suffix, into: &found)
            if found.isEmpty { throw Diagnostic("no \(suffix) files in this folder", file: path) }
            for relative in found.sorted() {
                add(
                    ConversionInput(
                        path: path.hasSuffix("/") ? path + relative : path + "/" + relative, isNamed: false,
                        folderInTree: String(relative[..<(relative.lastIndex(of: "/") ?? relative.startIndex)])))
            }
        }
        return result
    }

    /// Adds to `found` the paths (relative to the searched folder, `prefix` leading) of the entries under `folder`
    /// ending in `suffix`, in any order. Hidden entries (`.ipynb_checkpoints`) are skipped, and a symbolic link to a
    /// folder is not followed, so that a link cycle cannot loop.
    private static func collect(in folder: FolderDescriptor, prefix: String, suffix: String, into found: inout [String])
    {
        for name in folder.names() where !name.hasPrefix(".") {
            let relative = prefix + name
            if (try? folder.kind(of: name)) == .folder {
                if let child = try? folder.openFolder(name, followingLinks: false) {
                    collect(in: child, prefix: relative + "/", suffix: suffix, into: &found)
                }
            } else if name.hasSuffix(suffix) {
                found.append(relative)
            }
        }
    }
}
