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
