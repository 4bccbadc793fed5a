/// Where a notebook came from and where it runs.
public struct NotebookSource: Sendable, Equatable {
    /// The notebook's path as shown to the user (and written into generated-file headers).
    public var displayPath: String
    /// The output root: the working directory the notebook runs in (absolute, standardised).
    public var outputRoot: String
    /// The notebook's path relative to the output root (`../notebooks/a.ipynb`), the form generated-file headers use
    /// so that they do not depend on the machine.
    public var pathFromRoot: String
    /// The folder, relative to the output root, where the notebook's own outputs (its script, its notebook) go:
    /// empty, or for a notebook found under a folder given with `-o`, its folder within that tree, which the output
    /// mirrors. (`%%writefile` paths stay relative to the output root, where the notebook runs.)
    public var outputFolder: String

    /// Creates a source description.
    public init(displayPath: String, outputRoot: String, pathFromRoot: String, outputFolder: String = "") {
        self.displayPath = displayPath
        self.outputRoot = outputRoot
        self.pathFromRoot = pathFromRoot
        self.outputFolder = outputFolder
    }

    /// The path, relative to the output root, of a per-notebook output named `name` (`sub/NAME.swift`).
    public func outputPath(named name: String) -> String {
        outputFolder.isEmpty ? name : outputFolder + "/" + name
    }
}
