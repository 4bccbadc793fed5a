/// What converting notebooks will do, computed in memory before anything touches the disk.
///
/// A plan is general: the `%%writefile` planner, the script planner and any other planner produce the same shape,
/// and the same writer (``PlanWriter``) and checker (``PlanChecker``) consume it.
public struct ExportPlan: Sendable, Equatable {
    /// The folder every planned path is relative to (an absolute, standardised file path).
    public var outputRoot: String
    /// The files to exist after the run, in the order they were first written.
    public var files: [PlannedFile]
    /// What the run says as it goes (IPython's `Writing X`, ...), in order.
    public var messages: [PlanMessage]
    /// The cells that could not take effect, each a diagnostic located at its cell (for a cell IPython would
    /// reject, IPython's own error is the message).
    public var rejectedCells: [Diagnostic]
    /// Notebooks (paths as shown to the user) whose generated-file header marks a file as theirs; a file under the
    /// output root that carries one of these headers and is not planned is an orphan.
    public var headerOwners: [String]
    /// Remarks for the user on what the plan keeps or drops (outputs carried over, outputs of removed cells, ...),
    /// each a note naming its notebook.
    public var notes: [Diagnostic]
    /// Errors that are no one cell's (a file the plan will not replace, and why), each naming its file; like rejected
    /// cells, they stop a run unless errors are allowed.
    public var refusals: [Diagnostic]

    /// Creates a plan.
    public init(
        outputRoot: String, files: [PlannedFile] = [], messages: [PlanMessage] = [],
        rejectedCells: [Diagnostic] = [], headerOwners: [String] = [], notes: [Diagnostic] = [],
        refusals: [Diagnostic] = []
    ) {
        self.outputRoot = outputRoot
        self.files = files
        self.messages = messages
        self.rejectedCells = rejectedCells
        self.headerOwners = headerOwners
        self.notes = notes
        self.refusals = refusals
    }

    /// Whether some cell was rejected.
    public var hasRejections: Bool { !rejectedCells.isEmpty }

    /// Whether some cell was rejected or some file refused.
    public var hasErrors: Bool { !rejectedCells.isEmpty || !refusals.isEmpty }

    /// The planned file at this relative path, if any.
    public func file(at path: String) -> PlannedFile? { files.first { $0.path == path } }
}
