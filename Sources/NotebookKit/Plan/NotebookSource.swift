/// Where a notebook came from and where it runs.
struct NotebookSource: Sendable, Equatable {
    /// The notebook's path as shown to the user (and written into generated-file headers).
    var displayPath: String
    /// The output root: the working directory the notebook runs in (absolute, standardised).
    var outputRoot: String
    /// The notebook's path relative to the output root (`../notebooks/a.ipynb`), the form generated-file headers use
    /// so that they do not depend on the machine.
    var pathFromRoot: String
    /// The folder, relative to the output root, where the notebook's own outputs (its script, its notebook) go:
    /// empty, or for a notebook found under a folder given with `-o`, its folder within that tree, which the output
    /// mirrors. (`%%writefile` paths stay relative to the output root, where the notebook runs.)
    var outputFolder: String

    /// Creates a source description.
    init(displayPath: String, outputRoot: String, pathFromRoot: String, outputFolder: String = "") {
        self.displayPath = displayPath
        self.outputRoot = outputRoot
        self.pathFromRoot = pathFromRoot
        self.outputFolder = outputFolder
    }

    /// The path, relative to the output root, of a per-notebook output named `name` (`sub/NAME.swift`).
    func outputPath(named name: String) -> String {
        outputFolder.isEmpty ? name : outputFolder + "/" + name
    }
}
