import FoundationEssentials

/// The whole `nb2swift export --style` / `nb2swift update` runs, for the command line and the SwiftPM plugins:
/// read every notebook, plan, and only then write (or check, or list).
public enum MarkerWorkflow {
    /// Where a notebook exports to: `output`, or by default the notebook's own folder.
    public static func source(notebook path: String, output: String?) -> NotebookSource {
        let absolute = OutputRoot(path).path
        let root = OutputRoot(output ?? OutputRoot.parentPath(of: absolute))
        return NotebookSource(
            displayPath: path, outputRoot: root.path,
            pathFromRoot: OutputRoot.relativePath(from: root.path, to: absolute))
    }

    /// The export plans of `notebooks` in `style`, and the errors of those that could not be read; `singleFile`
    /// sends every nbdev-style exported cell to that one file (``NbdevPlanner/singleFile``).
    public static func exportPlans(
        style: ExportStyle, notebooks: [String], output: String?, singleFile: String? = nil
    ) -> (plans: [ExportPlan], errors: [String]) {
        var files = VirtualFileSystem()
        var plans: [ExportPlan] = []
        var errors: [String] = []
        let planner = singleFile.map { NbdevPlanner(singleFile: $0) } ?? style.planner
        for path in notebooks {
            do {
                let notebook = try NotebookReader().read(contentsOf: path)
                plans.append(planner.plan(notebook, source: source(notebook: path, output: output), files: &files))
            } catch {
                errors.append(error.description)
            }
        }
        return (plans, errors)
    }

    /// The blocks of exported files that were edited since the last export and not brought back with `update`
    /// (their text no longer hashes to what the export state recorded): an export would overwrite them, so it
    /// refuses unless forced. Nothing is reported for a style without markers or a notebook without state.
    public static func unsavedEdits(style: ExportStyle, notebooks: [String], output: String?) -> [MarkerError] {
        let layout: (any TwoWayLayout)? =
            switch style {
            case .fastai: nil
            case .swiftai: SwiftaiLayout()
            case .nbdev: NbdevLayout()
            }
        guard let layout else { return [] }
        var problems: [MarkerError] = []
        for path in notebooks {
            let source = source(notebook: path, output: output)
            let read = { (relative: String) in
                FileManager.default.contents(atPath: OutputRoot.normalize(source.outputRoot + "/" + relative))
            }
            guard let stateData = read(ExportState.path(style: style, notebook: path)),
                let state = ExportState(parsing: String(decoding: stateData, as: UTF8.self))
            else { continue }
            var segmentsByFile: [String: [ParsedSegment]] = [:]
            for entry in state.entries {
                if segmentsByFile[entry.path] == nil {
                    segmentsByFile[entry.path] =
                        read(entry.path).map {
                            MarkedFileParser.segments(
                                of: String(decoding: $0, as: UTF8.self), key: { layout.key(inMarkerLine: $0) })
                        } ?? []
                }
                guard let block = segmentsByFile[entry.path]?.first(where: { $0.key == entry.key }),
                    StableHash.hex(block.body) != entry.hash
                else { continue }
                problems.append(
                    MarkerError(
                        file: entry.path, line: block.line,
                        message: "the block of cell \(entry.key) (\(path)) was edited since the export; bring it back "
                            + "with `nb2swift update` first, or pass --force to discard the edit"))
            }
        }
        return problems
    }

    /// Files the last export wrote (as its export state records) that the plans no longer write but that still
    /// exist: `--check` reports them as orphans (`nb2swift` never deletes them itself).
    public static func orphans(style: ExportStyle, plans: [ExportPlan], notebooks: [String], output: String?)
        -> [PlanChecker.Finding]
    {
        var planned: Set<String> = []
        for plan in plans {
            for file in plan.files { planned.insert(OutputRoot.normalize(plan.outputRoot + "/" + file.path)) }
        }
        var findings: [PlanChecker.Finding] = []
        for path in notebooks {
            let source = source(notebook: path, output: output)
            let statePath = OutputRoot.normalize(
                source.outputRoot + "/" + ExportState.path(style: style, notebook: path))
            guard let data = FileManager.default.contents(atPath: statePath),
                let state = ExportState(parsing: String(decoding: data, as: UTF8.self))
            else { continue }
            var seen: Set<String> = []
            for entry in state.entries where seen.insert(entry.path).inserted {
                let absolute = OutputRoot.normalize(source.outputRoot + "/" + entry.path)
                guard !planned.contains(absolute), FileManager.default.fileExists(atPath: absolute) else { continue }
                findings.append(.orphan(path: absolute, notebook: path))
            }
        }
        return findings
    }

    /// Gives ids to the id-less cells of the notebook at `path`, in place (atomically); returns how many were given.
    public static func addMissingIDs(notebook path: String) throws(NotebookError) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError(file: path, message: "cannot read the notebook")
        }
        let bytes = [UInt8](data)
        let notebook = try NotebookReader().read(bytes: bytes, displayName: path)
        var editor = NotebookSourceEditor(bytes: bytes, file: path)
        let given = try editor.addMissingIDs(cells: notebook.cells)
        guard !given.isEmpty else { return 0 }
        try writeNotebook(editor.bytes, to: path)
        return given.count
    }

    /// Plans the update of every notebook; throws every problem found (nothing is written by planning).
    public static func planUpdates(
        style: ExportStyle, notebooks: [String], output: String?
    ) throws(UpdateRefusal) -> [(path: String, update: NotebookUpdater.Update)] {
        var updates: [(String, NotebookUpdater.Update)] = []
        var errors: [MarkerError] = []
        for path in notebooks {
            guard let data = FileManager.default.contents(atPath: path) else {
                errors.append(MarkerError(file: path, message: "cannot read the notebook"))
                continue
            }
            let source = source(notebook: path, output: output)
            do {
                let update = try NotebookUpdater(style: style).plan(notebookBytes: [UInt8](data), source: source) {
                    relative in
                    FileManager.default.contents(atPath: OutputRoot.normalize(source.outputRoot + "/" + relative))
                        .map { [UInt8]($0) }
                }
                updates.append((path, update))
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw UpdateRefusal(errors: errors) }
        return updates
    }

    /// Writes the updated notebooks (only those that changed, atomically), then re-exports them so that the export
    /// state records the new cells; the exported files themselves come back as the edits left them.
    public static func applyUpdates(
        _ updates: [(path: String, update: NotebookUpdater.Update)], style: ExportStyle, output: String?
    ) throws(MarkerError) {
        for (path, update) in updates where !update.changedCells.isEmpty {
            do throws(NotebookError) { try writeNotebook(update.notebookBytes, to: path) } catch {
                throw MarkerError(file: path, message: error.message)
            }
        }
        let (plans, errors) = exportPlans(style: style, notebooks: updates.map(\.path), output: output)
        if let first = errors.first { throw MarkerError(file: updates.first?.path ?? "", message: first) }
        for plan in plans {
            do { try PlanWriter().apply(plan) } catch {
                throw MarkerError(file: plan.outputRoot, message: error.description)
            }
        }
    }

    /// Writes a notebook's bytes atomically (temporary file and rename, in its folder).
    static func writeNotebook(_ bytes: [UInt8], to path: String) throws(NotebookError) {
        let absolute = OutputRoot(path).path
        let folder = OutputRoot.parentPath(of: absolute)
        let plan = ExportPlan(
            outputRoot: folder,
            files: [
                PlannedFile(
                    path: String(absolute.split(separator: "/").last ?? ""), bytes: bytes, cells: [], notebook: path)
            ])
        do { try PlanWriter().apply(plan) } catch { throw NotebookError(file: path, message: error.description) }
    }
}
