/// One message of a planned run, as IPython would print it.
struct PlanMessage: Sendable, Equatable {
    /// The cell that prints it.
    var cell: CellReference
    /// The text, without a trailing newline (`Writing a.swift`).
    var text: String
    /// The planned file the message is about (as ``PlannedFile/path`` spells it), when there is one: the message is
    /// shown once that file has been written.
    var path: String?

    /// Creates a message.
    init(cell: CellReference, text: String, path: String? = nil) {
        self.cell = cell
        self.text = text
        self.path = path
    }
}
