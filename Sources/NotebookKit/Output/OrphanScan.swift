/// Finds orphans: files under an output root that carry the generated-file header (``GeneratedHeader``) of a notebook
/// of the run but that no plan writes any more.
///
/// The walk goes through folder descriptors and never follows a symbolic link; hidden files and folders are skipped,
/// and only files that take `//` comments (the ones `--header` marks) are read, 4 KiB of each.
struct OrphanScan {
    /// The notebooks (as their headers name them) whose files may be orphans.
    var owners: Set<String>
    /// The absolute paths every plan of the run writes.
    var planned: Set<String>

    /// Calls `body` with the folder, name, absolute path and owning notebook of each orphan under `root`, in path
    /// order within each folder.
    func forEachOrphan(under root: String, _ body: (FolderDescriptor, String, String, String) -> Void) {
        guard !owners.isEmpty, let folder = try? FolderDescriptor.open(path: root) else { return }
        // Headers write a notebook's path with its control characters escaped.
        let ownerByHeader = Dictionary(
            owners.map { (SwiftStringLiteral.commentSafe($0), $0) }, uniquingKeysWith: { first, _ in first })
        visit(folder, path: root, owners: ownerByHeader, body)
    }

    /// The orphans under `root`, as (absolute path, notebook), sorted by path.
    func orphans(under root: String) -> [(path: String, notebook: String)] {
        var found: [(path: String, notebook: String)] = []
        forEachOrphan(under: root) { _, _, path, notebook in found.append((path, notebook)) }
        return found.sorted { $0.path < $1.path }
    }

    private func visit(
        _ folder: FolderDescriptor, path: String, owners: [String: String],
        _ body: (FolderDescriptor, String, String, String) -> Void
    ) {
        for name in folder.names().sorted() where !name.hasPrefix(".") {
            let child = path == "/" ? "/" + name : path + "/" + name
            switch try? folder.kind(of: name) {
            case .folder?:
                guard let subfolder = try? folder.openFolder(name, followingLinks: false) else { continue }
                visit(subfolder, path: child, owners: owners, body)
            case .regularFile? where GeneratedHeader.takesSlashComments(name) && !planned.contains(child):
                guard let start = folder.readRegularFile(name, limit: 4096),
                    let header = GeneratedHeader.notebook(inFileStart: start[...]), let notebook = owners[header]
                else { continue }
                body(folder, name, child, notebook)
            default: continue
            }
        }
    }
}
