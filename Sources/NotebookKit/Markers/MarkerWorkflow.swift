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

    /// One notebook's export: the notebook, where it exports, and its plan.
    public struct PlannedExport: Sendable {
        /// The notebook's path, as given.
        public var notebook: String
        /// Where the notebook is shown and exported to.
        public var source: NotebookSource
        /// What the export writes.
        public var plan: ExportPlan
    }

    /// The plans of one export run, and what stops it before anything is written.
    public struct ExportPlanning: Sendable {
        /// The notebooks read and planned, in order.
        public var exports: [PlannedExport] = []
        /// The notebooks that could not be read, each a located error.
        public var unreadable: [Diagnostic] = []
        /// The files that two notebooks both export, each naming both (the later claim is dropped from its plan).
        public var collisions: [Diagnostic] = []

        /// The plans, in order.
        public var plans: [ExportPlan] { exports.map(\.plan) }
    }

    /// Reads and plans every notebook's export in `style`, then finds the files two of them would both write;
    /// `singleFile` sends every nbdev-style exported cell to that one file (``NbdevPlanner/singleFile``), and
    /// `notebookBytes` stands for the notebooks whose new text is not on disk yet (ids given, cells updated).
    public static func planExport(
        style: ExportStyle, notebooks: [String], output: String?, singleFile: String? = nil,
        notebookBytes: [String: [UInt8]] = [:]
    ) -> ExportPlanning {
        var files = VirtualFileSystem()
        var planning = ExportPlanning()
        let planner = singleFile.map { NbdevPlanner(singleFile: $0) } ?? style.planner
        for path in notebooks {
            do throws(Diagnostic) {
                let notebook: Notebook
                if let bytes = notebookBytes[path] {
                    notebook = try NotebookReader().read(bytes: bytes, displayName: path)
                } else {
                    notebook = try NotebookReader().read(contentsOf: path)
                }
                let source = source(notebook: path, output: output)
                planning.exports.append(
                    PlannedExport(
                        notebook: path, source: source, plan: planner.plan(notebook, source: source, files: &files)))
            } catch {
                planning.unreadable.append(error)
            }
        }
        var plans = planning.plans
        planning.collisions = Conversion.removingCollisions(&plans, displayBase: OutputRoot.currentDirectory())
        for index in plans.indices { planning.exports[index].plan = plans[index] }
        return planning
    }

    /// The export plans of `notebooks` in `style`, and the errors of those that could not be read (see
    /// ``planExport(style:notebooks:output:singleFile:notebookBytes:)``, which also finds collisions).
    public static func exportPlans(
        style: ExportStyle, notebooks: [String], output: String?, singleFile: String? = nil
    ) -> (plans: [ExportPlan], errors: [Diagnostic]) {
        let planning = planExport(style: style, notebooks: notebooks, output: output, singleFile: singleFile)
        return (planning.plans, planning.unreadable)
    }

    /// The files an export would overwrite that it cannot vouch for: edited since the last export (the export state
    /// records a hash of every file and block written), or of a history nb2swift cannot establish (no state, a
    /// damaged one, a file it does not list). Each is a located error naming what could not be verified; the
    /// export refuses them unless forced.
    public static func overwriteRefusals(style: ExportStyle, planning: ExportPlanning) -> [Diagnostic] {
        let guarding = ExportGuard(style: style)
        var problems: [Diagnostic] = []
        for export in planning.exports {
            let root = export.source.outputRoot
            problems += guarding.refusals(
                for: export.plan, source: export.source,
                read: { relative in
                    let absolute = OutputRoot.normalize(root + "/" + relative)
                    guard FileManager.default.fileExists(atPath: absolute) else { return .absent }
                    guard let data = FileManager.default.contents(atPath: absolute) else { return .unreadable }
                    return .bytes([UInt8](data))
                }, display: { $0 })
        }
        return problems
    }

    /// Writes an export run: every exported file, then the notebooks of `notebookBytes` (ids given, cells updated),
    /// then the export states, all or nothing (``PlanWriter/stagesWrites``): when a write fails, no file is replaced,
    /// and the notebooks are never rewritten before the files that come from them. `onWrite` gets the absolute path
    /// of each file written.
    public static func write(
        _ planning: ExportPlanning, notebookBytes: [String: [UInt8]] = [:], onWrite: (String) -> Void = { _ in }
    ) throws(Diagnostic) {
        var exported: [ExportPlan] = []
        var states: [ExportPlan] = []
        for plan in planning.plans {
            var files = plan
            files.files.removeAll { ExportState.isStatePath($0.path) }
            var state = plan
            state.files.removeAll { !ExportState.isStatePath($0.path) }
            exported.append(files)
            states.append(state)
        }
        let notebooks = notebookBytes.sorted { $0.key < $1.key }.map { path, bytes in
            let absolute = OutputRoot(path).path
            return ExportPlan(
                outputRoot: OutputRoot.parentPath(of: absolute),
                files: [
                    PlannedFile(
                        path: String(absolute.split(separator: "/").last ?? ""), bytes: bytes, cells: [],
                        notebook: path)
                ])
        }
        do {
            try PlanWriter(stagesWrites: true).apply(exported + notebooks + states, removingOrphans: false) { event in
                if case .wrote(let path, .written) = event { onWrite(path) }
            }
        } catch {
            throw error
        }
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
            let read = { (relative: String) in
                FileManager.default.contents(atPath: OutputRoot.normalize(source.outputRoot + "/" + relative))
                    .map { [UInt8]($0) }
            }
            guard
                let state = ExportState.found(
                    ExportState.lookup(style: style, notebook: source.pathFromRoot, read: read))
            else { continue }
            var seen: Set<String> = []
            for recorded in state.files.map(\.path) + state.entries.map(\.path) where seen.insert(recorded).inserted {
                let absolute = OutputRoot.normalize(source.outputRoot + "/" + recorded)
                guard !planned.contains(absolute), FileManager.default.fileExists(atPath: absolute) else { continue }
                findings.append(.orphan(path: absolute, notebook: path))
            }
        }
        return findings
    }

    /// The notebook at `path` with an id given to each of its id-less cells (nothing is written), and how many were
    /// given; `nil` when every cell has one.
    public static func addingMissingIDs(notebook path: String) throws(Diagnostic) -> (bytes: [UInt8], count: Int)? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("cannot read the notebook", file: path)
        }
        let bytes = [UInt8](data)
        let notebook = try NotebookReader().read(bytes: bytes, displayName: path)
        var editor = NotebookSourceEditor(bytes: bytes, file: path)
        let given = try editor.addMissingIDs(cells: notebook.cells)
        return given.isEmpty ? nil : (editor.bytes, given.count)
    }

    /// Plans the update of every notebook, and every problem found (nothing is written by planning).
    public static func planUpdates(
        style: ExportStyle, notebooks: [String], output: String?
    ) -> (updates: [(path: String, update: NotebookUpdater.Update)], problems: [Diagnostic]) {
        var updates: [(String, NotebookUpdater.Update)] = []
        var errors: [Diagnostic] = []
        for path in notebooks {
            guard let data = FileManager.default.contents(atPath: path) else {
                errors.append(Diagnostic("cannot read the notebook", file: path))
                continue
            }
            let source = source(notebook: path, output: output)
            let update = NotebookUpdater(style: style).plan(notebookBytes: [UInt8](data), source: source) { relative in
                FileManager.default.contents(atPath: OutputRoot.normalize(source.outputRoot + "/" + relative))
                    .map { [UInt8]($0) }
            }
            errors += update.problems
            updates.append((path, update))
        }
        return (updates, errors)
    }

    /// Writes the updated notebooks (only those that changed) with the re-export of every notebook, so that the
    /// export state records the new cells; the exported files themselves come back as the edits left them. All or
    /// nothing: the files and the notebooks are written to temporaries first, and a notebook is replaced only once
    /// every file it depends on is written (``write(_:notebookBytes:onWrite:)``).
    public static func applyUpdates(
        _ updates: [(path: String, update: NotebookUpdater.Update)], style: ExportStyle, output: String?
    ) throws(Diagnostic) {
        var notebookBytes: [String: [UInt8]] = [:]
        for (path, update) in updates where !update.changedCells.isEmpty { notebookBytes[path] = update.notebookBytes }
        let planning = planExport(
            style: style, notebooks: updates.map(\.path), output: output, notebookBytes: notebookBytes)
        if let first = planning.unreadable.first ?? planning.collisions.first { throw first }
        try write(planning, notebookBytes: notebookBytes)
    }
}
