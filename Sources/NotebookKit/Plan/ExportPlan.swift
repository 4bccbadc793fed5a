/// What converting notebooks will do under one folder, computed in memory before anything touches the disk.
///
/// Every planner produces this one shape (a mode's planner may make several for one input, one per folder: the
/// exported files, and the notebook an update edits), and the same writer (``PlanWriter``), checker
/// (``PlanChecker``) and listing consume it.
struct ExportPlan: Sendable, Equatable {
    /// The folder every planned path is relative to (an absolute, standardised file path).
    var outputRoot: String
    /// The files to exist after the run, in the order they were first written.
    var files: [PlannedFile]
    /// What the run says as it goes (IPython's `Writing X`, `updated: ...`), in order.
    var messages: [PlanMessage]
    /// The cells that could not take effect, each a diagnostic located at its cell (for a cell IPython would
    /// reject, IPython's own error is the message).
    var rejectedCells: [Diagnostic]
    /// Notebooks (paths as shown to the user) whose generated-file header marks a file as theirs; a file under the
    /// output root that carries one of these headers and is not planned is an orphan.
    var headerOwners: [String]
    /// The files the previous export of this notebook wrote, as its export state records them: `--check` reports
    /// those that still exist and that no plan of the run writes as orphans.
    var previousFiles: [PreviousFile]
    /// Remarks for the user on what the plan keeps or drops (outputs carried over, outputs of removed cells, ...),
    /// each a note naming its notebook.
    var notes: [Diagnostic]
    /// Errors that are no one cell's (a file the plan will not replace and why, an input with nothing to convert),
    /// each naming its file; like rejected cells, they stop a run unless errors are allowed.
    var refusals: [Diagnostic]
    /// The cells whose source the plan changes in their notebook (`update`): what `update --check` reports.
    var updatedCells: [CellReference]

    /// Creates a plan.
    init(
        outputRoot: String, files: [PlannedFile] = [], messages: [PlanMessage] = [],
        rejectedCells: [Diagnostic] = [], headerOwners: [String] = [], previousFiles: [PreviousFile] = [],
        notes: [Diagnostic] = [], refusals: [Diagnostic] = [], updatedCells: [CellReference] = []
    ) {
        self.outputRoot = outputRoot
        self.files = files
        self.messages = messages
        self.rejectedCells = rejectedCells
        self.headerOwners = headerOwners
        self.previousFiles = previousFiles
        self.notes = notes
        self.refusals = refusals
        self.updatedCells = updatedCells
    }

    /// A plan that rewrites the notebook at `path` (as the user gave it) with `bytes`: the notebook an update or
    /// `--add-ids` edits. It is written in its own folder, after the files that come from it.
    init(rewritingNotebook path: String, bytes: [UInt8], messages: [String] = []) {
        let absolute = OutputRoot.absolutePath(path)
        let name = String(absolute.split(separator: "/").last ?? "")
        self.init(
            outputRoot: OutputRoot.parentPath(of: absolute),
            files: [PlannedFile(path: name, bytes: bytes, cells: [], notebook: path, role: .notebook)])
        self.messages = messages.map {
            PlanMessage(cell: CellReference(notebook: path, index: 0), text: $0, path: name)
        }
    }

    /// A file an earlier run wrote.
    struct PreviousFile: Sendable, Equatable {
        /// The path relative to the output root.
        var path: String
        /// The notebook it was written from, as shown to the user.
        var notebook: String
    }

    /// Whether some cell was rejected.
    var hasRejections: Bool { !rejectedCells.isEmpty }

    /// The planned file at this relative path, if any.
    func file(at path: String) -> PlannedFile? { files.first { $0.path == path } }

    /// Adds a file to the plan and to the run's view of the disk, so that later notebooks of the run see it.
    mutating func record(_ file: PlannedFile, in files: inout VirtualFileSystem) {
        let absolute = OutputRoot.normalize(outputRoot + "/" + file.path)
        files.write(.init(append: false, startingBytes: file.bytes, continuingBytes: file.bytes), to: absolute)
        self.files.removeAll { $0.path == file.path }
        self.files.append(file)
    }
}
