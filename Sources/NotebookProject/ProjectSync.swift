import NotebookKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `nb2swift sync`: for each pair of the project, the side changed since the last sync flows to the other.
///
/// - A `script` pair (a notebook and its `NAME.swift`): the hashes of both sides at the last sync are kept in
///   `.nb2swift/sync/` (``SyncState``). The notebook changed → the script (and the `%%writefile` files) are written
///   from it; the script changed → it goes back into the notebook (`ipynb`, keeping outputs and layout), then the
///   files are written from the notebook; both changed → a conflict naming both, nothing written. A pair never synced
///   whose sides differ is a conflict too (which side is newer cannot be known).
/// - An `export` pair in a two-way style (swiftai, nbdev): cells edited in the exported files go back into their
///   notebook (`update`, which names a cell changed on both sides as a conflict); else a changed notebook is exported.
/// - A `files` pair is one way: its files are written from the notebooks, as `nb2swift` writes them.
///
/// A side that changes while its pair is synced aborts that pair: nothing is written when the change comes before
/// the write, and no state is recorded when it comes during it, so the next sync sees the change.
public struct ProjectSync: Sendable {
    /// The project.
    public var project: Project
    /// Whether to check only: report what would flow, exit 1 when anything would, write nothing.
    public var checksOnly = false
    /// Whether notebooks are read from the git index rather than the working tree (`--from-index`, for pre-commit):
    /// what is committed is what is checked. Implies ``checksOnly``.
    public var readsIndex = false
    /// Called for each pair after its sides are read and before anything is written (for tests of a change during
    /// the sync).
    public var beforeWrite: (@Sendable (String) -> Void)?

    /// Creates a sync of `project`.
    public init(project: Project) { self.project = project }

    /// Syncs the pairs of the notebooks or scripts under `paths` (every pair when empty).
    public func run(_ paths: [String] = []) -> ConversionReport {
        var report = ConversionReport()
        // The paths asked for, and the notebooks a sync brought edits back into (their other pairs follow).
        var selected = paths.map(ProjectPaths.absolute)
        func wanted(_ files: [String]) -> Bool {
            selected.isEmpty
                || files.contains { file in selected.contains { file == $0 || file.hasPrefix($0 + "/") } }
        }
        // Two-way pairs first, so that what comes back into a notebook reaches the one-way pairs in the same sync.
        let ordered =
            project.config.pairings.filter { $0.kind.backMode != nil }
            + project.config.pairings.filter { $0.kind.backMode == nil }
        // Notebooks an export pair brought edits back into: their script pairs, synced before, follow afterwards.
        var updatedByExport: Set<String> = []
        for pairing in ordered {
            let notebooks = pairing.expandedNotebooks(excluding: project.config.excludedPaths)
            switch pairing.kind {
            case .script:
                for notebook in notebooks {
                    let script = ProjectPaths.join(notebook.outputFolder(pairing.output), notebook.stem + ".swift")
                    guard wanted([notebook.path, script]) else { continue }
                    if syncScript(notebook, script: script, pairing: pairing, into: &report), !selected.isEmpty {
                        selected.append(notebook.path)
                    }
                }
            case .export(let style) where style.isTwoWay:
                guard wanted(notebooks.map(\.path) + [pairing.output ?? project.config.root]) else { continue }
                if syncExport(notebooks.map(\.path), style: style, pairing: pairing, into: &report) {
                    updatedByExport.formUnion(notebooks.map(\.path))
                    if !selected.isEmpty { selected += notebooks.map(\.path) }
                }
            case .files, .export, .docs:
                let chosen = notebooks.filter { wanted([$0.path]) }.map(\.path)
                guard !chosen.isEmpty, !readsIndex else { continue }
                // Written only where stale, so that an up-to-date pair says nothing.
                let check = Conversion(project.options(for: pairing, action: .check)).run(project.shown(chosen))
                guard check.status == .checkFailed, !checksOnly else {
                    report.merge(check, label: pairing.name)
                    continue
                }
                report.merge(
                    Conversion(project.options(for: pairing, action: .write)).run(project.shown(chosen)),
                    label: pairing.name)
            }
        }
        // The notebook changed since its script pair's state was recorded, so this flows notebook → script.
        for pairing in project.config.pairings where pairing.kind == .script && !updatedByExport.isEmpty {
            for notebook in pairing.expandedNotebooks(excluding: project.config.excludedPaths)
            where updatedByExport.contains(notebook.path) {
                let script = ProjectPaths.join(notebook.outputFolder(pairing.output), notebook.stem + ".swift")
                syncScript(notebook, script: script, pairing: pairing, into: &report)
            }
        }
        return report
    }

    // MARK: A notebook and its script

    /// Syncs one notebook and its script; returns whether the script went back into the notebook.
    @discardableResult
    private func syncScript(
        _ notebook: ProjectNotebook, script: String, pairing: Pairing, into report: inout ConversionReport
    ) -> Bool {
        let shownNotebook = show(notebook.path)
        let shownScript = show(script)
        let notebookBytes: [UInt8]?
        if readsIndex {
            notebookBytes = GitIndex.bytes(of: notebook.path)
        } else {
            notebookBytes = ProjectPaths.bytes(at: notebook.path)
        }
        guard let notebookBytes else {
            return fail(
                &report,
                Diagnostic(readsIndex ? "not in the git index" : "cannot read the notebook", file: shownNotebook))
        }
        let scriptBytes = ProjectPaths.bytes(at: script)
        let statePath = SyncState.file(for: notebook.path, root: project.config.root)
        let state = SyncState.load(statePath)
        let notebookChanged = state.map { $0.notebook != SyncState.hash(notebookBytes) } ?? true
        let scriptChanged =
            scriptBytes.map { bytes in state.map { $0.script != SyncState.hash(bytes) } ?? true } ?? false
        let forward = project.options(for: pairing, action: .check)

        // Which way, if any.
        enum Direction { case none, forward, back }
        var direction = Direction.none
        if scriptBytes == nil {
            // No script yet (or none: a notebook in another language gets no script).
            direction =
                inSync(notebook, pairing: pairing, options: forward, notebookBytes: notebookBytes) ? .none : .forward
        } else if notebookChanged && scriptChanged {
            // Never synced, or both edited: in sync already is fine, else a conflict.
            if !inSync(notebook, pairing: pairing, options: forward, notebookBytes: notebookBytes) {
                let why =
                    state == nil
                    ? "they differ and no sync state says which changed (never synced, or its state is unreadable)"
                    : "both changed since the last sync"
                return fail(
                    &report,
                    Diagnostic(
                        "conflict: \(shownNotebook) and \(shownScript): \(why); nothing written (keep one side's "
                            + "change in both, or delete one, then sync again)", file: shownNotebook))
            }
        } else if notebookChanged {
            direction = .forward
        } else if scriptChanged {
            direction = .back
        } else if !readsIndex, !inSync(notebook, pairing: pairing, options: forward, notebookBytes: notebookBytes) {
            direction = .forward  // the config changed (a header, a release): the outputs follow the notebook
        }
        if direction == .none {
            // In sync: the state records these sides (both edited alike, or never synced).
            if !checksOnly, let scriptBytes {
                let now = SyncState(notebook: SyncState.hash(notebookBytes), script: SyncState.hash(scriptBytes))
                if now != state { _ = now.store(statePath) }
            }
            return false
        }
        let arrow = direction == .forward ? "\(shownNotebook) → \(shownScript)" : "\(shownScript) → \(shownNotebook)"
        if checksOnly {
            report.entries.append(.finding("out of sync: " + arrow))
            if report.status.severity < ConversionStatus.checkFailed.severity { report.status = .checkFailed }
            return false
        }
        // A side changed since it was read: this pair is left alone.
        beforeWrite?(notebook.path)
        let sourcePath = direction == .forward ? notebook.path : script
        let sourceBytes = direction == .forward ? notebookBytes : scriptBytes
        guard ProjectPaths.bytes(at: sourcePath) == sourceBytes else {
            return fail(
                &report,
                Diagnostic("changed while syncing; nothing written for this pair, sync again", file: show(sourcePath)))
        }
        var write = project.options(for: pairing, action: .write)
        if direction == .back {
            var back = project.options(for: pairing, mode: .notebooks, action: .write)
            back.outputFolder = ProjectPaths.parent(of: notebook.path)
            let result = Conversion(back).run([show(script)])
            report.merge(result, label: pairing.name)
            guard result.status == .success else { return false }
        }
        write.outputFolder = pairing.output
        let result = Conversion(write).run(
            show(notebook.path), folderInTree: pairing.output == nil ? "" : notebook.folderInTree)
        report.merge(result, label: pairing.name)
        guard result.status == .success else { return false }
        report.entries.append(.message("Synced " + arrow))
        // Recorded only when neither side moved during the writes.
        // A notebook that yields no script (another language) has no pair to record.
        guard ProjectPaths.isFile(script) else { return false }
        guard let newNotebook = ProjectPaths.bytes(at: notebook.path), let newScript = ProjectPaths.bytes(at: script),
            direction == .back || newNotebook == notebookBytes
        else {
            return fail(
                &report,
                Diagnostic("changed while syncing; its state was not recorded, sync again", file: shownNotebook))
        }
        if !SyncState(notebook: SyncState.hash(newNotebook), script: SyncState.hash(newScript)).store(statePath) {
            return fail(&report, Diagnostic("cannot write the sync state", file: show(statePath)))
        }
        return direction == .back
    }

    /// Whether the notebook's outputs (its script and files) are what it gives now.
    private func inSync(
        _ notebook: ProjectNotebook, pairing: Pairing, options: ConversionOptions, notebookBytes: [UInt8]
    )
        -> Bool
    {
        var options = options
        options.outputFolder = pairing.output
        let folderInTree = pairing.output == nil ? "" : notebook.folderInTree
        // From the index: only a staged notebook that is also the working tree's can be run (the outputs name the
        // notebook's path); one that differs from the working tree is out of sync unless the state says otherwise.
        if readsIndex, ProjectPaths.bytes(at: notebook.path) != notebookBytes { return false }
        return Conversion(options).run(show(notebook.path), folderInTree: folderInTree).status == .success
    }

    // MARK: Exported modules

    /// Syncs an export pair; returns whether edits went back into its notebooks.
    @discardableResult
    private func syncExport(
        _ notebooks: [String], style: ExportStyle, pairing: Pairing, into report: inout ConversionReport
    )
        -> Bool
    {
        guard !readsIndex else { return false }
        let shown = project.shown(notebooks)
        let back = Conversion(project.options(for: pairing, mode: .update(style), action: .check)).run(shown)
        if back.status == .checkFailed {
            if checksOnly {
                report.merge(back, label: pairing.name)
                return false
            }
            beforeWrite?(notebooks.first ?? "")
            let update = Conversion(project.options(for: pairing, mode: .update(style), action: .write)).run(shown)
            report.merge(update, label: pairing.name)
            return update.status == .success
        }
        guard back.status == .success else {
            report.merge(back, label: pairing.name)
            return false
        }
        let action: ConversionOptions.Action = checksOnly ? .check : .write
        report.merge(Conversion(project.options(for: pairing, action: action)).run(shown), label: pairing.name)
        return false
    }

    // MARK: Helpers

    private func show(_ path: String) -> String { ProjectPaths.relative(path, to: project.displayBase) }

    /// Records a failure of one pair; returns `false` (nothing came back into a notebook).
    @discardableResult
    private func fail(_ report: inout ConversionReport, _ diagnostic: Diagnostic) -> Bool {
        report.entries.append(.diagnostic(diagnostic))
        report.status = .failed
        return false
    }
}
