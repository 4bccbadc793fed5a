/// One file a plan will write: where, with which exact bytes, and which cells made it.
struct PlannedFile: Sendable, Equatable {
    /// What a planned file is to the run, which decides when an all-or-nothing run writes it: every output first,
    /// then the notebooks edited, then the export states that vouch for both.
    enum Role: Int, Sendable, Equatable, CaseIterable {
        /// A file the notebook generates (a `%%writefile` file, a script, an exported module).
        case output
        /// The notebook itself, edited in place (`update`, `export --add-ids`).
        case notebook
        /// An export state (``ExportState``): what the export wrote.
        case exportState
    }

    /// The path relative to the plan's output root, as the notebook spelled it after normalisation
    /// (no `.` components, `/` separators). Absolute only when writing outside the root was allowed.
    var path: String
    /// The complete final bytes of the file.
    var bytes: [UInt8]
    /// The cells that contributed to the file, in order.
    var cells: [CellReference]
    /// The notebook the file comes from, as shown to the user.
    var notebook: String
    /// What the file is to the run.
    var role: Role

    /// Creates a planned file.
    init(path: String, bytes: [UInt8], cells: [CellReference], notebook: String, role: Role = .output) {
        self.path = path
        self.bytes = bytes
        self.cells = cells
        self.notebook = notebook
        self.role = role
    }
}
