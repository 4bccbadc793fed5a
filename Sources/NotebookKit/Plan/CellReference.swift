/// A pointer to one cell of one notebook, enough to tell a user which cell is meant.
struct CellReference: Sendable, Equatable, CustomStringConvertible {
    /// The notebook, as shown to the user.
    var notebook: String
    /// The cell's 0-based index among all the notebook's cells.
    var index: Int
    /// The cell's nbformat id, when it has one.
    var id: String?
    /// The 1-based line of the notebook file where the cell starts, when known.
    var line: Int?

    /// Creates a reference.
    init(notebook: String, index: Int, id: String? = nil, line: Int? = nil) {
        self.notebook = notebook
        self.index = index
        self.id = id
        self.line = line
    }

    /// Creates a reference to a cell of a notebook.
    init(_ cell: Cell, in notebook: String) {
        self.init(notebook: notebook, index: cell.index, id: cell.id, line: cell.fileLine)
    }

    /// `notebook.ipynb: cell 4 (id "abc"), line 12`.
    var description: String {
        var text = "\(notebook): cell \(index)"
        if let id {
            text += " (id "
            NotebookWriter.writeString(id, into: &text)
            text += ")"
        }
        if let line { text += ", line \(line)" }
        return text
    }
}
