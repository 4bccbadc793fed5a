import Foundation

/// Compares plans with the disk without writing anything (`--check`): a planned file is up to date, stale (its
/// bytes differ: a unified diff says how) or missing; a file under an output root that carries the generated-file
/// header of a notebook in the run, but that no notebook plans any more, is an orphan.
public struct PlanChecker: Sendable {
    /// One problem found.
    public enum Finding: Sendable, Equatable, CustomStringConvertible {
        /// The file exists with other bytes; `diff` is a unified diff from the disk to the plan.
        case stale(path: String, diff: String)
        /// The file does not exist.
        case missing(path: String)
        /// The file carries the header of `notebook`, which no longer writes it.
        case orphan(path: String, notebook: String)

        public var description: String {
            switch self {
            case .stale(let path, let diff): "stale: \(path)\n\(diff)"
            case .missing(let path): "missing: \(path)"
            case .orphan(let path, let notebook):
                "orphan: \(path) (generated from \(notebook), which no longer writes it)"
            }
        }
    }

    /// Creates a checker.
    public init() {}

    /// The findings for `plans` (files shown relative to the current directory when `displayBase` is given).
    public func check(_ plans: [ExportPlan], displayBase: String? = nil) -> [Finding] {
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
                guard let data = FileManager.default.contents(atPath: absolute) else {
                    findings.append(.missing(path: shown(absolute)))
                    continue
                }
                let existing = [UInt8](data)
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
            for absolute in Self.candidateFiles(under: root) where !planned.contains(absolute) {
                guard let handle = FileHandle(forReadingAtPath: absolute) else { continue }
                let start = (try? handle.read(upToCount: 4096)) ?? nil
                try? handle.close()
                guard let start, let notebook = GeneratedHeader.notebook(inFileStart: [UInt8](start)[...]),
                    notebooks.contains(notebook)
                else { continue }
                findings.append(.orphan(path: shown(absolute), notebook: notebook))
            }
        }
        return findings
    }

    /// Regular files under `root` that could carry a header (hidden folders and build folders are skipped; symbolic
    /// links are not followed).
    static func candidateFiles(under root: String) -> [String] {
        var result: [String] = []
        var folders = [root]
        while let folder = folders.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = folder == "/" ? "/" + name : folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: folders.append(path)
                case S_IFREG where GeneratedHeader.takesSlashComments(name): result.append(path)
                default: break
                }
            }
        }
        return result.sorted()
    }
}
