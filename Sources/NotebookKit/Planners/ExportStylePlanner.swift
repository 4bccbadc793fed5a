/// The planner of one export style (``FastaiPlanner``, ``SwiftaiPlanner``, ``NbdevPlanner``): the `export` mode,
/// and the re-export an `update` plans.
///
/// A style turns a notebook into the files it exports and the export state that records them
/// (``exportPlan(_:source:files:)``). The walk's step, shared by the three, adds what `export` guarantees: the run is
/// all or nothing and says which files it writes; a writing run refuses to replace a file it cannot vouch for
/// (``ExportGuard``, unless `--force`); the files the last export wrote that this one no longer writes are orphans
/// for `--check`; and a notebook given ids as it was read (`--add-ids`) is rewritten with the exported files.
protocol ExportStylePlanner: Planner where Preparation == Void {
    /// The style.
    var style: ExportStyle { get }
    /// How the export treats the files already there.
    var existingFiles: ExistingFilePolicy { get }
    /// Whether the export keeps an export state (default: yes).
    var keepsState: Bool { get }

    /// The files `notebook` exports in this style, and its export state, against the run's files.
    func exportPlan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan
}

/// How an export treats the files already where it writes.
struct ExistingFilePolicy: Sendable {
    /// Whether a file the export cannot vouch for is refused (a writing run without `--force`).
    var guardsOverwrites = false
    /// The largest existing file read to tell (`--max-input-size`).
    var sizeLimit = InputFile.defaultSizeLimit
    /// The folder the refused files are shown relative to.
    var displayBase = OutputRoot.currentDirectory()
}

extension ExportStylePlanner {
    var keepsState: Bool { true }
    var isAllOrNothing: Bool { true }
    var announcesWrites: Bool { true }

    func plan(_ input: ReadInput, prepared: Void, files: inout VirtualFileSystem) -> [ExportPlan] {
        let source = input.source
        var plan = exportPlan(input.notebook, source: source, files: &files)
        let root = plan.outputRoot
        let policy = existingFiles
        let read = { (relative: String) in
            ExistingFile(atPath: OutputRoot.normalize(root + "/" + relative), sizeLimit: policy.sizeLimit)
        }
        if keepsState,
            let state = ExportState.found(
                ExportState.lookup(style: style, notebook: source.pathFromRoot) { read($0).bytes })
        {
            var seen: Set<String> = []
            for path in state.files.map(\.path) + state.entries.map(\.path) where seen.insert(path).inserted {
                plan.previousFiles.append(.init(path: path, notebook: source.displayPath))
            }
        }
        if policy.guardsOverwrites {
            plan.refusals += ExportGuard(style: style).refusals(
                for: plan, source: source, read: read,
                display: { OutputRoot.displayPath(root + "/" + $0, from: policy.displayBase) })
        }
        guard input.givenIDs > 0, let bytes = input.bytes else { return [plan] }
        let given = "\(input.input.path): gave ids to \(input.givenIDs) cell(s)"
        return [plan, ExportPlan(rewritingNotebook: input.input.path, bytes: bytes, messages: [given])]
    }
}

extension ExportStyle {
    /// The planner of this style.
    func planner(_ existingFiles: ExistingFilePolicy = .init()) -> any ExportStylePlanner {
        switch self {
        case .fastai: FastaiPlanner(existingFiles: existingFiles)
        case .swiftai: SwiftaiPlanner(existingFiles: existingFiles)
        case .nbdev: NbdevPlanner(existingFiles: existingFiles)
        }
    }
}

/// Plans a two-way style's files plus its ``ExportState`` file.
enum TwoWayExport {
    static func plan(
        _ layout: some TwoWayLayout, _ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem
    ) -> ExportPlan {
        var plan = ExportPlan(outputRoot: OutputRoot(source.outputRoot).path)
        let (marked, rejected) = layout.markedFiles(for: notebook, source: source)
        plan.rejectedCells = rejected
        guard !marked.isEmpty else { return plan }
        var state = ExportState(style: layout.style, notebook: source.pathFromRoot)
        for file in marked {
            let planned = PlannedFile(
                path: file.path, bytes: Array(file.text.utf8), cells: file.segments.map(\.cell),
                notebook: source.displayPath)
            plan.record(planned, in: &files)
            state.files.append(
                .init(path: file.path, hash: StableHash.hex(bytes: LineEndings.normalized(planned.bytes))))
            for segment in file.segments {
                let hash = StableHash.hex(LineEndings.normalized(segment.body))
                state.entries.append(.init(path: file.path, key: segment.key, hash: hash, cellID: segment.cell.id))
            }
        }
        plan.record(
            state.plannedFile(cells: marked.flatMap { $0.segments.map(\.cell) }, notebook: source.displayPath),
            in: &files)
        return plan
    }
}
