/// How a ``Conversion`` runs: a plain value that a command line (or a test) fills in.
public struct ConversionOptions: Sendable, Equatable {
    /// What the conversion does with its inputs: one per `nb2swift` subcommand.
    public enum Mode: Sendable, Equatable {
        /// The files of the notebooks' `%%writefile` cells. With `scriptsWhenNoFiles`, a Swift notebook that has no
        /// `%%writefile` cell becomes a script instead (`nb2swift files`, the default).
        case files(scriptsWhenNoFiles: Bool)
        /// One Swift script per Swift notebook (`NAME.swift`, percent format), plus the files of its `%%writefile`
        /// cells (`nb2swift script`).
        case scripts
        /// The way back: each script (`NAME.swift`) becomes `NAME.ipynb`, keeping the outputs of a notebook already
        /// there (`nb2swift ipynb`).
        case notebooks
        /// The cells marked for export in this style, as Swift files (`nb2swift export`).
        case export(ExportStyle)
        /// Edits made in files exported in this (two-way) style, back into their notebook cells (`nb2swift update`).
        case update(ExportStyle)
        /// Each notebook as a DocC article in the catalog that is the output folder, its images as the catalog's
        /// resources (`nb2swift docs`).
        case docs
        /// Each notebook rewritten in place without what ``ConversionOptions/cleaning`` strips (`nb2swift clean`).
        case clean
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

    /// What the conversion does with its inputs.
    public var mode: Mode
    /// What is done with the plans.
    public var action: Action
    /// The folder the notebooks run in, or export into (`-o`); `nil` runs each notebook in its own folder.
    public var outputFolder: String?
    /// Whether nbformat schema violations are errors (`--strict`), for notebooks and scripts alike.
    public var strict: Bool
    /// The largest notebook or script read, and the largest existing file `export` and `update` compare, in bytes
    /// (`--max-input-size`).
    public var maxInputSize: Int
    /// Whether the other cells and notebooks take effect when some are rejected (`--allow-errors`); `export` and
    /// `update` are all or nothing whatever it says.
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
    /// Whether each code cell of a script starts with a `#sourceLocation` line naming the notebook and cell
    /// (`script --source-locations`).
    public var sourceLocations: Bool
    /// Whether notebooks written back from scripts are nbformat 4.5, every cell with an id (`ipynb
    /// --upgrade-nbformat`); by default a notebook keeps the minor version and the id-less cells of the one the script
    /// came from.
    public var upgradesNbformat: Bool
    /// Whether every cell without an id is given one as the notebooks are read, and the notebooks are rewritten with
    /// the exported files (`export --add-ids`: nbdev-style markers name cells by id).
    public var addsCellIDs: Bool
    /// Whether `export` overwrites files it cannot vouch for, and `docs` articles it did not write (`--force`).
    public var force: Bool
    /// For `export` in the nbdev style: the one file (relative to the output folder) every exported cell of the
    /// notebook goes to, with no export state (`--into`; what the build-tool plugin uses).
    public var singleFile: String?
    /// The folder paths are shown relative to in listings, findings and diagnostics (by default, the current
    /// directory).
    public var displayBase: String
    /// What `clean` strips (nbdev's defaults unless set).
    public var cleaning = NotebookCleaning()
    /// Inputs left out when folders are searched: `fnmatch` patterns on absolute paths, matching the input or a
    /// folder above it (a project's `exclude`).
    public var excludedPaths: [String] = []

    /// The default of ``maxInputSize``: 256 MiB.
    public static let defaultMaxInputSize = 256 << 20

    /// Creates options; every value has the command line's default.
    public init(
        mode: Mode = .files(scriptsWhenNoFiles: true), action: Action = .write, outputFolder: String? = nil,
        strict: Bool = false, maxInputSize: Int = defaultMaxInputSize, allowsErrors: Bool = false,
        allowsOutsideRoot: Bool = false, addsHeader: Bool = false, docs: Bool = false, pretty: Bool = false,
        width: Int = 100, ipython: IPythonVersion = .v8, definitions: [String: String] = [:],
        homeDirectory: String? = nil, sourceLocations: Bool = false, upgradesNbformat: Bool = false,
        addsCellIDs: Bool = false, force: Bool = false, singleFile: String? = nil,
        displayBase: String? = nil
    ) {
        self.mode = mode
        self.action = action
        self.outputFolder = outputFolder
        self.strict = strict
        self.maxInputSize = maxInputSize
        self.allowsErrors = allowsErrors
        self.allowsOutsideRoot = allowsOutsideRoot
        self.addsHeader = addsHeader
        self.docs = docs
        self.pretty = pretty
        self.width = width
        self.ipython = ipython
        self.definitions = definitions
        self.homeDirectory = homeDirectory
        self.sourceLocations = sourceLocations
        self.upgradesNbformat = upgradesNbformat
        self.addsCellIDs = addsCellIDs
        self.force = force
        self.singleFile = singleFile
        self.displayBase = displayBase ?? OutputRoot(".").path
    }

    /// A byte count as the command line gives it (`--max-input-size`): digits, optionally followed by `K`, `M` or
    /// `G` (or `KiB`, `MiB`, `GiB`: powers of 1024); `nil` when it is malformed, not positive or too large.
    public static func byteCount(parsing text: String) -> Int? {
        let units: [(suffix: String, shift: Int)] = [
            ("KiB", 10), ("MiB", 20), ("GiB", 30), ("K", 10), ("M", 20), ("G", 30), ("", 0),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
                value > 0
            else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 1 << unit.shift)
            return overflow ? nil : scaled
        }
        return nil
    }

    /// The planner of the mode: the one place a mode is chosen.
    func makePlanner() -> any Planner {
        switch mode {
        case .files(let scriptsWhenNoFiles):
            let writefile = makeWritefilePlanner()
            guard scriptsWhenNoFiles else { return writefile }
            return ScriptPlanner(mode: .whenNoWritefileCells, writer: makeScriptWriter(), writefilePlanner: writefile)
        case .scripts:
            return ScriptPlanner(mode: .always, writer: makeScriptWriter(), writefilePlanner: makeWritefilePlanner())
        case .notebooks: return NotebookPlanner(upgradesNbformat: upgradesNbformat)
        case .export(let style):
            let existing = ExistingFilePolicy(
                guardsOverwrites: action == .write && !force && singleFile == nil, sizeLimit: maxInputSize,
                displayBase: displayBase)
            if let singleFile { return NbdevPlanner(existingFiles: existing, singleFile: singleFile) }
            return style.planner(existing)
        case .update(let style):
            return UpdatePlanner(
                style: style, reader: NotebookReader(strict: strict, sizeLimit: maxInputSize), displayBase: displayBase)
        case .docs:
            return DocsPlanner(
                guardsOverwrites: action == .write && !force, sizeLimit: maxInputSize, displayBase: displayBase)
        case .clean: return CleanPlanner(cleaning: cleaning)
        }
    }

    /// The reader of the mode's inputs, with the reading options.
    func makeReader(for planner: some Planner) -> InputReader {
        InputReader(
            format: planner.inputFormat, strict: strict, sizeLimit: maxInputSize,
            keepsBytes: planner.keepsNotebookBytes, addsMissingIDs: addsCellIDs && isExport)
    }

    private var isExport: Bool {
        if case .export = mode { return true }
        return false
    }

    private func makeWritefilePlanner() -> WritefilePlanner {
        let interpreter = CellInterpreter(
            version: ipython, expansion: MagicLineExpansion(definitions: definitions), homeDirectory: homeDirectory)
        var writefile = WritefilePlanner(
            options: .init(
                interpreter: interpreter, addsHeader: addsHeader || docs, allowsOutsideRoot: allowsOutsideRoot))
        if docs { writefile.proseProvider = DocsProse(width: width).provider }
        return writefile
    }

    private func makeScriptWriter() -> ScriptWriter {
        ScriptWriter(pretty: pretty, width: width, sourceLocations: sourceLocations)
    }
}
