/// A notebook that cannot be read, located as precisely as the problem allows.
public struct NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The notebook file, as shown to the user.
    public var file: String
    /// What is wrong, in one sentence.
    public var message: String
    /// The 1-based line of the file where the problem is, when known.
    public var line: Int?
    /// The 0-based index of the cell concerned, when the problem is inside a cell.
    public var cellIndex: Int?
    /// The id of the cell concerned, when it has one.
    public var cellID: String?

    /// Creates an error.
    public init(file: String, message: String, line: Int? = nil, cellIndex: Int? = nil, cellID: String? = nil) {
        self.file = file
        self.message = message
        self.line = line
        self.cellIndex = cellIndex
        self.cellID = cellID
    }

    /// `file.ipynb:12: cell 3 (id "abc"): message`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        return text + ": " + detail
    }

    /// The description without the file and line: `cell 3 (id "abc"): message`.
    var detail: String {
        var text = ""
        if let cellIndex {
            text += "cell \(cellIndex)"
            if let cellID {
                text += " (id "
                NotebookWriter.writeString(cellID, into: &text)
                text += ")"
            }
            text += ": "
        }
        return text + message
    }
}
