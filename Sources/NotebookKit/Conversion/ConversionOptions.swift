/// How a ``Conversion`` runs: a plain value that a command line (or a test) fills in.
public struct ConversionOptions: Sendable, Equatable {
    /// What the inputs become.
    public enum Target: Sendable, Equatable {
        /// The files of the notebooks' `%%writefile` cells. With `scriptsWhenNoFiles`, a Swift notebook that has no
        /// `%%writefile` cell becomes a script instead (`nb2swift files`, the default).
        case files(scriptsWhenNoFiles: Bool)
        /// One Swift script per Swift notebook (`NAME.swift`, percent format), plus the files of its `%%writefile`
        /// cells (`nb2swift script`).
        case scripts
        /// The way back: each script (`NAME.swift`) becomes `NAME.ipynb`, keeping the outputs of a notebook already
        /// there (`nb2swift ipynb`).
        case notebooks
    }

    /// What is done with the plans.
    public enum Action: Sendable, Equatable {
        /// Write the planned files (the default).
        case write
        /// Compare the planned files with the disk and write nothing (`--check`).
        case check
        /// Describe the planned files and write nothing (`--list`).
        case list
    }

    /// What the inputs become.
    public var target: Target
    /// What is done with the plans.
    public var action: Action
    /// The folder the notebooks run in (`-o`); `nil` runs each notebook in its own folder.
    public var outputFolder: String?
    /// Whether nbformat schema violations are errors (`--strict`).
    public var strict: Bool
    /// Whether the other cells and notebooks take effect when some are rejected (`--allow-errors`).
    public var allowsErrors: Bool
    /// Whether paths outside the output root may be written (`--allow-outside`).
    public var allowsOutsideRoot: Bool
    /// Whether generated files that take `//` comments get the generated-file header (`--header`).
    public var addsHeader: Bool
    /// Whether the markdown before each `%%writefile` cell goes on top of its file (`--docs`; implies the header).
    public var docs: Bool
    /// Whether scripts render markdown cells for reading (`--pretty`).
    public var pretty: Bool
    /// The width `pretty` and `docs` wrap paragraphs at, `//` included (`--width`).
    public var width: Int
    /// Which IPython's bytes to reproduce (`--ipython`).
    public var ipython: IPythonVersion
    /// Values for `$NAME` / `{NAME}` in magic lines (`--define`).
    public var definitions: [String: String]
    /// What `~` in a magic line expands to.
    public var homeDirectory: String?
    /// Whether notebooks written back get an id on every cell and nbformat 4.5 (`--add-ids`); by default a notebook
    /// keeps the minor version and the id-less cells of the one the script came from.
    public var addsCellIDs: Bool
    /// Whether each code cell of a script starts with a `#sourceLocation` line naming the notebook and cell
    /// (`--source-locations`; see ``ScriptSourceLocation``).
    public var sourceLocations = false
    /// The folder paths are shown relative to in listings and findings.
    public var displayBase: String
    /// The largest notebook or script read, in bytes (`--max-input-size`).
    public var maxInputSize: Int = InputFile.defaultSizeLimit

    /// Creates options; every value has the command line's default.
    public init(
        target: Target = .files(scriptsWhenNoFiles: true), action: Action = .write, outputFolder: String? = nil,
        strict: Bool = false, allowsErrors: Bool = false, allowsOutsideRoot: Bool = false, addsHeader: Bool = false,
        docs: Bool = false, pretty: Bool = false, width: Int = 100, ipython: IPythonVersion = .v8,
        definitions: [String: String] = [:], homeDirectory: String? = nil, addsCellIDs: Bool = false,
        displayBase: String = OutputRoot(".").path
    ) {
        self.target = target
        self.action = action
        self.outputFolder = outputFolder
        self.strict = strict
        self.allowsErrors = allowsErrors
        self.allowsOutsideRoot = allowsOutsideRoot
        self.addsHeader = addsHeader
        self.docs = docs
        self.pretty = pretty
        self.width = width
        self.ipython = ipython
        self.definitions = definitions
        self.homeDirectory = homeDirectory
        self.addsCellIDs = addsCellIDs
        self.displayBase = displayBase
    }

    /// The planner every input goes through: the one place the export modes are chosen.
    public func makePlanner() -> any ExportPlanner {
        let interpreter = CellInterpreter(
            version: ipython, expansion: MagicLineExpansion(definitions: definitions), homeDirectory: homeDirectory)
        var writefile = WritefilePlanner(
            options: .init(
                interpreter: interpreter, addsHeader: addsHeader || docs, allowsOutsideRoot: allowsOutsideRoot)
        )
        if docs { writefile.proseProvider = DocsProse(width: width).provider }
        let writer = ScriptWriter(pretty: pretty, width: width, sourceLocations: sourceLocations)
        switch target {
        case .files(scriptsWhenNoFiles: false): return writefile
        case .files(scriptsWhenNoFiles: true):
            return ScriptPlanner(mode: .whenNoWritefileCells, writer: writer, writefilePlanner: writefile)
        case .scripts: return ScriptPlanner(mode: .always, writer: writer, writefilePlanner: writefile)
        case .notebooks: return NotebookPlanner(addsCellIDs: addsCellIDs)
        }
    }

    /// Whether the inputs are scripts (`NAME.swift`) rather than notebooks.
    var readsScripts: Bool { target == .notebooks }

    /// Whether notebooks may become scripts.
    var writesScripts: Bool {
        switch target {
        case .files(let scripts): scripts
        case .scripts: true
        case .notebooks: false
        }
    }
}
