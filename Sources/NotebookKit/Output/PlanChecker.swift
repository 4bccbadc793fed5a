#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compares plans with the disk without writing anything (`--check`): a planned file is up to date, stale (its
/// bytes differ: a unified diff says how), missing, or in the way (not a regular file). A file that no plan of the
/// run writes any more is an orphan when it carries the generated-file header of a notebook of the run, or when the
/// export state of a notebook of the run records that its last export wrote it.
struct PlanChecker: Sendable {
    /// One problem found.
    enum Finding: Sendable, Equatable, CustomStringConvertible {
        /// The file exists with other bytes; `diff` is a unified diff from the disk to the plan.
        case stale(path: String, diff: String)
        /// The file does not exist.
        case missing(path: String)
        /// The file carries the header of `notebook`, which no longer writes it.
        case orphan(path: String, notebook: String)
        /// Something that is not a regular file (`kind`: a folder, a symbolic link, a FIFO, ...) is where the file
        /// should be; the writer refuses to replace it.
        case notRegularFile(path: String, kind: String)
        /// An edit in an exported file that `update` would bring back into this cell.
        case cellToUpdate(CellReference)

        var description: String {
            switch self {
            case .stale(let path, let diff): "stale: \(path)\n\(diff)"
            case .missing(let path): "missing: \(path)"
            case .orphan(let path, let notebook):
                "orphan: \(path) (generated from \(notebook), which no longer writes it)"
            case .notRegularFile(let path, let kind): "not a regular file: \(path) (it is \(kind))"
            case .cellToUpdate(let cell): "would update: \(cell)"
            }
        }
    }

    /// The findings for `plans` (files shown relative to the current directory when `displayBase` is given).
    func check(_ plans: [ExportPlan], displayBase: String? = nil) -> [Finding] {
        var findings: [Finding] = []
        var planned: Set<String> = []
        func shown(_ absolute: String) -> String {
            guard let displayBase else { return absolute }
            return OutputRoot.displayPath(absolute, from: displayBase)
        }
        for plan in plans {
            for file in plan.files {
                let absolute =
                    file.path.hasPrefix("/") ? file.path : OutputRoot.normalize(plan.outputRoot + "/" + file.path)
                planned.insert(absolute)
                let existing: [UInt8]
                switch Self.contents(of: absolute) {
                case .absent:
                    findings.append(.missing(path: shown(absolute)))
                    continue
                case .other(let kind):
                    findings.append(.notRegularFile(path: shown(absolute), kind: kind.phrase))
                    continue
                case .regularFile(let bytes): existing = bytes
                }
                if existing != file.bytes {
                    let name = shown(absolute)
                    findings.append(
                        .stale(
                            path: name,
                            diff: UnifiedDiff.diff(
                                old: existing, new: file.bytes, oldLabel: "\(name) (on disk)",
                                newLabel: "\(name) (from \(file.notebook))")))
                }
            }
        }
        // Orphans: per root, the notebooks whose headers this run owns.
        var owners: [String: Set<String>] = [:]
        for plan in plans where !plan.headerOwners.isEmpty {
            owners[plan.outputRoot, default: []].formUnion(plan.headerOwners)
        }
        for (root, notebooks) in owners.sorted(by: { $0.key < $1.key }) {
            for orphan in OrphanScan(owners: notebooks, planned: planned).orphans(under: root) {
                findings.append(.orphan(path: shown(orphan.path), notebook: orphan.notebook))
            }
        }
        // Orphans of an export: what the last export wrote, as its state records it.
        for plan in plans {
            var seen: Set<String> = []
            for previous in plan.previousFiles {
                let absolute = OutputRoot.normalize(plan.outputRoot + "/" + previous.path)
                guard !planned.contains(absolute), seen.insert(absolute).inserted else { continue }
                var info = stat()
                guard stat(absolute, &info) == 0 else { continue }
                findings.append(.orphan(path: shown(absolute), notebook: previous.notebook))
            }
        }
        return findings
    }

    private enum Contents {
        case absent
        case regularFile([UInt8])
        case other(FolderDescriptor.EntryKind)
    }

    /// What is at `absolute`: nothing, a regular file's bytes, or another kind of entry (never read: a FIFO is not
    /// waited on, a link is not followed).
    private static func contents(of absolute: String) -> Contents {
        let slash = absolute.lastIndex(of: "/") ?? absolute.startIndex
        let folderPath = slash == absolute.startIndex ? "/" : String(absolute[..<slash])
        let name = String(absolute[absolute.index(after: slash)...])
        guard let folder = try? FolderDescriptor.open(path: folderPath), let kind = try? folder.kind(of: name) else {
            return .absent
        }
        guard kind == .regularFile, let bytes = folder.readRegularFile(name) else { return .other(kind) }
        return .regularFile(bytes)
    }
}
