#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Applies plans to the disk safely.
///
/// - Every target is checked before anything is written: its name (``OutputName``), its containment in the output
///   root, and what is there now (nothing or a regular file; a folder, a symbolic link, a FIFO or a device is
///   refused, with `--allow-outside` too).
/// - Every write is made relative to open folder descriptors (`ContainedFolders`): folders are opened and created
///   one component at a time with `O_NOFOLLOW`. A new file is written unnamed in its folder (`O_TMPFILE`) and then
///   linked under its name (`linkat`, which never replaces an entry); an existing one is written to a recognisably
///   named temporary in its own folder (`O_CREAT | O_EXCL | O_NOFOLLOW`) and renamed over the target within that
///   folder. So a folder swapped for a symbolic link during the run cannot redirect a write, and a reader, or a killed
///   run, never sees a partial file. Like IPython and jupytext, files are not fsynced: power loss is left to the file
///   system.
/// - Many files are written on every core, each folder opened once; the events still come in plan order.
/// - Files whose bytes are already right are left alone (their modification time is kept).
/// - Temporaries left by killed runs and, with `--header`, orphaned generated files are removed, also through folder
///   descriptors.
///
/// Each completed write and each removal is reported as an ``Event`` as soon as it happens, so that a caller prints
/// `Writing X` only once X has been written.
struct PlanWriter: Sendable {
    /// Whether paths outside the output root may be written (`--allow-outside`).
    var allowsOutsideRoot: Bool
    /// Whether every file is first written to a temporary beside its target, and only once all of them are written
    /// renamed into place, one after the other (what `export` and `update` do): the outputs in plan order, then the
    /// notebooks edited, then the export states (``PlannedFile/Role``), so that a notebook is never replaced before
    /// the files that come from it, nor a state before what it vouches for. A write that fails (a full disk) then
    /// leaves every target as it was. Without it, files are written on every core and a failure stops the run with
    /// the files written so far in place.
    var stagesWrites: Bool

    /// Creates a writer.
    init(allowsOutsideRoot: Bool = false, stagesWrites: Bool = false) {
        self.allowsOutsideRoot = allowsOutsideRoot
        self.stagesWrites = stagesWrites
    }

    /// What happened to one file.
    enum Outcome: Sendable, Equatable {
        case written
        case unchanged
    }

    /// One thing the writer did.
    enum Event: Sendable, Equatable {
        /// The planned file at the absolute `path` now holds its planned bytes.
        case wrote(path: String, outcome: Outcome)
        /// The orphan at the absolute `path` (generated from `notebook`, which no longer writes it) was removed.
        case removed(path: String, notebook: String)
    }

    /// What a run of the writer did, in order.
    struct Report: Sendable {
        /// Each planned file, its absolute path and its outcome, in plan order.
        var files: [(file: PlannedFile, path: String, outcome: Outcome)] = []
        /// The orphans removed (absolute paths).
        var removedOrphans: [String] = []
    }

    /// Writes every file of `plan`, in order; returns each file's outcome.
    @discardableResult
    func apply(_ plan: ExportPlan) throws(Diagnostic) -> [(file: PlannedFile, outcome: Outcome)] {
        try apply([plan]).files.map { ($0.file, $0.outcome) }
    }

    /// Writes every file of `plans` after checking all of them, then (with `removingOrphans`) removes the orphans of
    /// the notebooks whose plans have no rejected cell; calls `onEvent` after each write and removal.
    ///
    /// The files are written on every core, each folder opened (and created) once before the first write into it;
    /// the events come in plan order whatever the scheduling. A failed write starts no further write; every file that
    /// was written is reported (in plan order) and the first failure in plan order is thrown.
    @discardableResult
    func apply(
        _ plans: [ExportPlan], removingOrphans: Bool = true, onEvent: (Event) -> Void = { _ in }
    ) throws(Diagnostic) -> Report {
        let targets = try resolveTargets(plans)
        var bases = BaseFolders(allowsOutsideRoot: allowsOutsideRoot)
        // Check everything before writing anything.
        for target in targets { try check(target, bases: &bases) }
        removeStaleTemporaries(for: targets, bases: &bases)
        var report = Report()
        if stagesWrites {
            let ordered = PlannedFile.Role.allCases.flatMap { role in targets.filter { $0.file.role == role } }
            try writeStaged(ordered, bases: &bases, report: &report, onEvent: onEvent)
            return report
        }
        var start = 0
        while start < targets.count {
            let batch = try openFolders(of: targets, from: start, bases: &bases)
            var failure: Diagnostic?
            for (offset, outcome) in write(targets[start..<batch.end], in: batch.folders).enumerated() {
                let target = targets[start + offset]
                switch outcome {
                case .success(let outcome)?:
                    report.files.append((target.file, target.absolute, outcome))
                    onEvent(.wrote(path: target.absolute, outcome: outcome))
                case .failure(let error)?: failure = failure ?? error
                case nil: break
                }
            }
            if let failure { throw failure }
            start = batch.end
        }
        guard removingOrphans else { return report }
        let planned = Set(targets.map(\.absolute))
        var owners: [String: Set<String>] = [:]
        for plan in plans where !plan.hasRejections && !plan.headerOwners.isEmpty {
            owners[plan.outputRoot, default: []].formUnion(plan.headerOwners)
        }
        for (root, notebooks) in owners.sorted(by: { $0.key < $1.key }) {
            OrphanScan(owners: notebooks, planned: planned).forEachOrphan(under: root) { folder, name, path, notebook in
                guard (try? folder.removeFile(name)) != nil else { return }
                report.removedOrphans.append(path)
                onEvent(.removed(path: path, notebook: notebook))
            }
        }
        return report
    }

    /// Writes every target to a temporary in its folder, then renames each over its target in order (see
    /// ``stagesWrites``). A failure while writing the temporaries removes them and leaves every target untouched; a
    /// failed rename (rare: the folder changed) removes the temporaries not yet renamed.
    private func writeStaged(
        _ targets: [Target], bases: inout BaseFolders, report: inout Report, onEvent: (Event) -> Void
    ) throws(Diagnostic) {
        var folders: [[String]: FolderDescriptor] = [:]
        // Per target, in order: its folder and its temporary (`nil` when the file already holds its bytes).
        var staged: [(folder: FolderDescriptor, temporary: String?)] = []
        func discard(from start: Int) {
            for entry in staged[start...] {
                if let temporary = entry.temporary { try? entry.folder.removeFile(temporary) }
            }
        }
        for target in targets {
            let key = [target.base] + target.folders
            do throws(Diagnostic) {
                let folder: FolderDescriptor
                if let known = folders[key] {
                    folder = known
                } else {
                    folder = try openFolder(of: target, bases: &bases)
                    folders[key] = folder
                }
                let bytes = target.file.bytes
                let existing = try examine(target, in: folder)
                if let existing, existing.size == bytes.count,
                    folder.readRegularFile(target.name, limit: bytes.count + 1) == bytes
                {
                    staged.append((folder, nil))
                    continue
                }
                let temporary = OutputName.temporaryName(for: target.name, processID: getpid())
                do { try folder.createFile(temporary, bytes: bytes, permissions: existing?.permissions) } catch {
                    try? folder.removeFile(temporary)
                    throw Diagnostic("cannot write: \(error) (nothing was replaced)", file: target.file.path)
                }
                staged.append((folder, temporary))
            } catch {
                discard(from: 0)
                throw error
            }
        }
        for (position, (target, entry)) in zip(targets, staged).enumerated() {
            var outcome = Outcome.unchanged
            if let temporary = entry.temporary {
                do { try entry.folder.rename(temporary, to: target.name) } catch {
                    discard(from: position)
                    throw Diagnostic("cannot write: \(error)", file: target.file.path)
                }
                outcome = .written
            }
            report.files.append((target.file, target.absolute, outcome))
            onEvent(.wrote(path: target.absolute, outcome: outcome))
        }
    }

    /// The fewest files written on every core; fewer are written one after the other, on this thread (a few writes
    /// take less time than starting the worker threads).
    static let minimumParallelWrites = 48

    /// The most folders a run holds open at once while writing; a run writing into more folders writes in batches.
    static let maximumOpenFolders = 128

    /// Opens (creating them first where missing) the folders of the targets from `start` on, up to the target whose
    /// folder would be one too many: the open folder of each target of the batch, and where the batch ends.
    private func openFolders(
        of targets: [Target], from start: Int, bases: inout BaseFolders
    ) throws(Diagnostic) -> (folders: [FolderDescriptor], end: Int) {
        var opened: [[String]: FolderDescriptor] = [:]
        var folders: [FolderDescriptor] = []
        var end = start
        while end < targets.count {
            let target = targets[end]
            let key = [target.base] + target.folders
            if let known = opened[key] {
                folders.append(known)
            } else {
                guard opened.count < Self.maximumOpenFolders else { break }
                let folder = try openFolder(of: target, bases: &bases)
                opened[key] = folder
                folders.append(folder)
            }
            end += 1
        }
        return (folders, end)
    }

    /// The folder `target` goes in, created with its parents when missing.
    private func openFolder(of target: Target, bases: inout BaseFolders) throws(Diagnostic) -> FolderDescriptor {
        let shown = target.file.path
        guard let base = try bases.folders(target.base, creating: true) else {
            throw Diagnostic("cannot open its folder", file: shown)
        }
        let opened: FolderDescriptor?
        do { opened = try base.folder(target.folders, creating: true) } catch {
            throw Diagnostic("refused: \(error.message)", file: shown)
        }
        guard let opened else { throw Diagnostic("cannot open its folder", file: shown) }
        return opened
    }

    /// Writes `targets` (each into the folder of the same position in `folders`) on every core; the outcome of each,
    /// in order: `nil` for a target not attempted because another write had failed. Targets that name one file are
    /// written by one task, in order, so that the last one's bytes stay, as when writing one after the other.
    private func write(_ targets: ArraySlice<Target>, in folders: [FolderDescriptor]) -> [Result<Outcome, Diagnostic>?]
    {
        let base = targets.startIndex
        var grouping: [[Int]] = []
        var groupOfPath: [String: Int] = [:]
        for index in targets.indices {
            if let group = groupOfPath[targets[index].absolute] {
                grouping[group].append(index - base)
            } else {
                groupOfPath[targets[index].absolute] = grouping.count
                grouping.append([index - base])
            }
        }
        let groups = grouping
        let stop = StopFlag()
        let results = ParallelWork.results(count: groups.count, minimumCount: Self.minimumParallelWrites) { group in
            groups[group].map { offset -> (Int, Result<Outcome, Diagnostic>?) in
                guard !stop.isRaised else { return (offset, nil) }
                let result = Result { () throws(Diagnostic) -> Outcome in
                    try write(targets[base + offset], in: folders[offset])
                }
                if case .failure = result { stop.raise() }
                return (offset, result)
            }
        }
        var outcomes = [Result<Outcome, Diagnostic>?](repeating: nil, count: targets.count)
        for (offset, outcome) in results.joined() { outcomes[offset] = outcome }
        return outcomes
    }

    /// One file to write: where it is, as a base folder and the components below it.
    private struct Target: Sendable {
        var file: PlannedFile
        var absolute: String
        /// The output root, or `/` for a path outside it (`--allow-outside`).
        var base: String
        var folders: [String]
        var name: String
    }

    private func resolveTargets(_ plans: [ExportPlan]) throws(Diagnostic) -> [Target] {
        var targets: [Target] = []
        var roots: [String: OutputRoot] = [:]
        for plan in plans {
            let root = roots[plan.outputRoot] ?? OutputRoot(plan.outputRoot)
            roots[plan.outputRoot] = root
            for file in plan.files {
                let resolved: OutputRoot.ResolvedPath
                do { resolved = try root.resolve(file.path, allowingOutside: allowsOutsideRoot) } catch {
                    throw Diagnostic("refused: \(error.message)", file: file.path)
                }
                var components = (resolved.isInside ? resolved.relative : resolved.absolute).split(separator: "/")
                    .map(String.init)
                guard let name = components.popLast() else {
                    throw Diagnostic("refused: the path names no file", file: file.path)
                }
                targets.append(
                    Target(
                        file: file, absolute: resolved.absolute, base: resolved.isInside ? root.path : "/",
                        folders: components, name: name))
            }
        }
        return targets
    }

    /// The open base folders of a run, each opened once.
    private struct BaseFolders {
        let allowsOutsideRoot: Bool
        var opened: [String: ContainedFolders] = [:]

        init(allowsOutsideRoot: Bool) { self.allowsOutsideRoot = allowsOutsideRoot }

        /// Creates the folder `path` and the folders above it that are missing (`mkdir -p`); the reason when that
        /// fails (an entry on the way is not a folder, or may not be created), `nil` otherwise.
        static func makeFolders(_ path: String) -> String? {
            var info = stat()
            if stat(path, &info) == 0 {
                return info.st_mode & S_IFMT == S_IFDIR ? nil : "\(path) exists and is not a folder"
            }
            var prefix = path.hasPrefix("/") ? "" : "."
            for component in path.split(separator: "/") {
                prefix += "/" + component
                if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
                    return "\(prefix): \(String(cString: strerror(errno)))"
                }
            }
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                return "\(path) exists and is not a folder"
            }
            return nil
        }

        /// The base folder `path`, created first when `creating` (the output root may not exist yet); `nil` when it
        /// does not exist and `creating` is false.
        mutating func folders(_ path: String, creating: Bool) throws(Diagnostic) -> ContainedFolders? {
            if let known = opened[path] { return known }
            if creating {
                if let failure = Self.makeFolders(path) {
                    throw Diagnostic("cannot create the output folder \(path): \(failure)")
                }
            } else {
                var info = stat()
                guard stat(path, &info) == 0 else { return nil }
            }
            let folders = try ContainedFolders(root: OutputRoot(path), followingLinks: allowsOutsideRoot || path == "/")
            opened[path] = folders
            return folders
        }
    }

    /// Refuses a target whose folders cannot be reached inside the root or whose entry is not a regular file.
    private func check(_ target: Target, bases: inout BaseFolders) throws(Diagnostic) {
        guard let base = try bases.folders(target.base, creating: false) else { return }
        let folder: FolderDescriptor?
        do { folder = try base.folder(target.folders, creating: false) } catch {
            throw Diagnostic("refused: \(error.message)", file: target.file.path)
        }
        guard let folder else { return }
        _ = try examine(target, in: folder)
    }

    /// What is at the target's name now (`nil`: nothing), refusing anything but a regular file.
    private func examine(_ target: Target, in folder: FolderDescriptor) throws(Diagnostic) -> (
        size: Int, permissions: mode_t
    )? {
        let entry: (kind: FolderDescriptor.EntryKind, size: Int, permissions: mode_t)?
        do { entry = try folder.entry(target.name) } catch {
            throw Diagnostic("cannot examine it: \(error)", file: target.file.path)
        }
        guard let entry else { return nil }
        guard entry.kind == .regularFile else {
            throw Diagnostic(
                "refused: it is \(entry.kind.phrase), not a regular file "
                    + "(nb2swift only replaces regular files)", file: target.file.path)
        }
        return (entry.size, entry.permissions)
    }

    /// Writes one target into its open folder: a file that does not exist is created whole (an unnamed file given its
    /// name once written), an existing one is replaced by renaming a temporary over it, one already right is left.
    private func write(_ target: Target, in folder: FolderDescriptor) throws(Diagnostic) -> Outcome {
        let shown = target.file.path
        let bytes = target.file.bytes
        var existing = try examine(target, in: folder)
        if existing == nil {
            do {
                if try folder.createFileWhole(target.name, bytes: bytes) == .created { return .written }
            } catch let failure where failure.systemCode == EEXIST {
                // Created by someone else since it was examined: replace it as any existing file.
                existing = try examine(target, in: folder)
            } catch {
                throw Diagnostic("cannot write: \(error)", file: shown)
            }
        }
        if let existing, existing.size == bytes.count,
            folder.readRegularFile(target.name, limit: bytes.count + 1) == bytes
        {
            return .unchanged
        }
        let temporary = OutputName.temporaryName(for: target.name, processID: getpid())
        do {
            try folder.createFile(temporary, bytes: bytes, permissions: existing?.permissions)
        } catch {
            try? folder.removeFile(temporary)
            throw Diagnostic("cannot write a temporary file: \(error)", file: shown)
        }
        do { try folder.rename(temporary, to: target.name) } catch {
            try? folder.removeFile(temporary)
            throw Diagnostic("cannot write: \(error)", file: shown)
        }
        return .written
    }

    /// Removes the temporary files that killed runs left for these targets (`.<stem>.nb2swift-tmp-<pid>-*` whose
    /// process is gone), listing each existing folder once.
    private func removeStaleTemporaries(for targets: [Target], bases: inout BaseFolders) {
        var stemsByFolder: [[String]: (base: String, folders: [String], stems: Set<String>)] = [:]
        for target in targets {
            let key = [target.base] + target.folders
            stemsByFolder[key, default: (target.base, target.folders, [])].stems.insert(
                OutputName.temporaryStem(for: target.name))
        }
        for (_, entry) in stemsByFolder {
            guard let base = try? bases.folders(entry.base, creating: false),
                let folder = try? base.folder(entry.folders, creating: false)
            else { continue }
            for name in folder.names() {
                guard let parsed = OutputName.parseTemporaryName(name), entry.stems.contains(parsed.stem) else {
                    continue
                }
                if let pid = parsed.processID, pid != getpid(), kill(pid, 0) == 0 { continue }
                try? folder.removeFile(name)
            }
        }
    }
}
