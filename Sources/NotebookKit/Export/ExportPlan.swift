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
    /// The cells that could not take effect, each with its located error.
    public var rejectedCells: [RejectedCell]
    /// Notebooks (paths as shown to the user) whose generated-file header marks a file as theirs; a file under the
    /// output root that carries one of these headers and is not planned is an orphan.
    public var headerOwners: [String]

    /// Creates a plan.
    public init(
        outputRoot: String, files: [PlannedFile] = [], messages: [PlanMessage] = [],
        rejectedCells: [RejectedCell] = [], headerOwners: [String] = []
    ) {
        self.outputRoot = outputRoot
        self.files = files
        self.messages = messages
        self.rejectedCells = rejectedCells
        self.headerOwners = headerOwners
    }

    /// Whether some cell was rejected.
    public var hasRejections: Bool { !rejectedCells.isEmpty }

    /// The planned file at this relative path, if any.
    public func file(at path: String) -> PlannedFile? { files.first { $0.path == path } }
}

/// One file a plan will write: where, with which exact bytes, and which cells made it.
public struct PlannedFile: Sendable, Equatable {
    /// The path relative to the plan's output root, as the notebook spelled it after normalisation
    /// (no `.` components, `/` separators). Absolute only when writing outside the root was allowed.
    public var path: String
    /// The complete final bytes of the file.
    public var bytes: [UInt8]
    /// The cells that contributed to the file, in order.
    public var cells: [CellReference]
    /// The notebook the file comes from, as shown to the user.
    public var notebook: String

    /// Creates a planned file.
    public init(path: String, bytes: [UInt8], cells: [CellReference], notebook: String) {
        self.path = path
        self.bytes = bytes
        self.cells = cells
        self.notebook = notebook
    }
}

/// A pointer to one cell of one notebook, enough to tell a user which cell is meant.
public struct CellReference: Sendable, Equatable, CustomStringConvertible {
    /// The notebook, as shown to the user.
    public var notebook: String
    /// The cell's 0-based index among all the notebook's cells.
    public var index: Int
    /// The cell's nbformat id, when it has one.
    public var id: String?
    /// The 1-based line of the notebook file where the cell starts, when known.
    public var line: Int?

    /// Creates a reference.
    public init(notebook: String, index: Int, id: String? = nil, line: Int? = nil) {
        self.notebook = notebook
        self.index = index
        self.id = id
        self.line = line
    }

    /// Creates a reference to a cell of a notebook.
    public init(_ cell: Cell, in notebook: String) {
        self.init(notebook: notebook, index: cell.index, id: cell.id, line: cell.fileLine)
    }

    /// `notebook.ipynb: cell 4 (id "abc"), line 12`.
    public var description: String {
        var text = "\(notebook): cell \(index)"
        if let id { text += " (id \"\(id)\")" }
        if let line { text += ", line \(line)" }
        return text
    }
}

/// One message of a planned run, as IPython would print it.
public struct PlanMessage: Sendable, Equatable {
    /// The cell that prints it.
    public var cell: CellReference
    /// The text, without a trailing newline (`Writing a.swift`).
    public var text: String
    /// The planned file the message is about (as ``PlannedFile/path`` spells it), when there is one: the message is
    /// shown once that file has been written.
    public var path: String?

    /// Creates a message.
    public init(cell: CellReference, text: String, path: String? = nil) {
        self.cell = cell
        self.text = text
        self.path = path
    }
}

/// A cell that could not take effect, and why.
public struct RejectedCell: Sendable, Equatable, CustomStringConvertible {
    /// The cell.
    public var cell: CellReference
    /// The reason, worded like IPython's error where IPython has one (`UsageError: ...`).
    public var reason: String

    /// Creates a rejection.
    public init(cell: CellReference, reason: String) {
        self.cell = cell
        self.reason = reason
    }

    /// `notebook.ipynb: cell 4 (id "abc"), line 12: reason`.
    public var description: String { "\(cell): \(reason)" }
}

/// Turns one notebook into a plan. The `%%writefile` planner is one; others (one script per notebook, ...) plug in.
public protocol ExportPlanner: Sendable {
    /// Plans the export of `notebook`, read from `source`, against the files that exist before the run.
    ///
    /// - Parameters:
    ///   - notebook: the notebook read.
    ///   - source: where it came from and where it runs.
    ///   - files: the files as they are before this notebook runs (the disk, plus earlier notebooks of the same
    ///     run); planners that simulate a run read and update it.
    func plan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan
}

/// Where a notebook came from and where it runs.
public struct NotebookSource: Sendable, Equatable {
    /// The notebook's path as shown to the user (and written into generated-file headers).
    public var displayPath: String
    /// The output root: the working directory the notebook runs in (absolute, standardised).
    public var outputRoot: String
    /// The notebook's path relative to the output root (`../notebooks/a.ipynb`), the form generated-file headers use
    /// so that they do not depend on the machine.
    public var pathFromRoot: String

    /// Creates a source description.
    public init(displayPath: String, outputRoot: String, pathFromRoot: String) {
        self.displayPath = displayPath
        self.outputRoot = outputRoot
        self.pathFromRoot = pathFromRoot
    }
}
