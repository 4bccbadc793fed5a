/// One message of a planned run, as IPython would print it.
public struct PlanMessage: Sendable, Equatable {
    /// The cell that prints it.
    public var cell: CellReference
    /// The text, without a trailing newline (`Writing a.swift`).
    public var text: String

    /// Creates a message.
    public init(cell: CellReference, text: String) {
        self.cell = cell
        self.text = text
    }
}
