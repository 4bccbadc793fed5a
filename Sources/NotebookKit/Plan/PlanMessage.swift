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
