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
