/// Plans a whole notebook as one Swift script, `NAME.swift` in the output root (see ``ScriptWriter``).
///
/// The `%%writefile` cells of a mixed notebook are planned as their files by the ``WritefilePlanner`` given, and
/// appear in the script commented out under a marker that names the file.
public struct ScriptPlanner: ExportPlanner {
    /// When a script is planned.
    public enum Mode: Sendable {
        /// For every notebook (`--to script`).
        case always
        /// Only for a notebook with no `%%writefile` cell; other notebooks get their files only (the default).
        case whenNoWritefileCells
    }

    /// When a script is planned.
    public var mode: Mode
    /// How the script is written (`--pretty`, `--width`).
    public var writer: ScriptWriter
    /// The planner for the `%%writefile` cells of a mixed notebook (its header option applies to the script too).
    public var writefilePlanner: WritefilePlanner

    /// Creates a planner.
    public init(mode: Mode = .always, writer: ScriptWriter = .init(), writefilePlanner: WritefilePlanner = .init()) {
        self.mode = mode
        self.writer = writer
        self.writefilePlanner = writefilePlanner
    }

    /// `NAME.swift` for a notebook at `…/NAME.ipynb`.
    public static func scriptName(forNotebook path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".ipynb") ? String(name.dropLast(".ipynb".count)) : name) + ".swift"
    }

    public func plan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan {
        var plan = writefilePlanner.plan(notebook, source: source, files: &files)
        var writefilePaths: [Int: String] = [:]
        var hasFileCells = false
        for cell in notebook.cells where cell.kind == .code {
            switch writefilePlanner.options.interpreter.effect(ofCode: cell.source) {
            case .writefile(let command, _, _):
                writefilePaths[cell.index] = command.filename
                hasFileCells = true
            case .rejected: hasFileCells = true
            case .none: break
            }
        }
        if mode == .whenNoWritefileCells && hasFileCells { return plan }
        let notebookName = source.displayPath.split(separator: "/").last.map(String.init) ?? source.displayPath
        var text = writer.script(for: notebook, notebookName: notebookName, writefilePaths: writefilePaths)
        if writefilePlanner.options.addsHeader {
            text = GeneratedHeader.line(notebook: source.pathFromRoot) + "\n" + text
            if !plan.headerOwners.contains(source.pathFromRoot) { plan.headerOwners.append(source.pathFromRoot) }
        }
        let name = Self.scriptName(forNotebook: source.displayPath)
        let bytes = Array(text.utf8)
        let absolute = OutputRoot(source.outputRoot).path + "/" + name
        files.write(.init(append: false, startingBytes: bytes, continuingBytes: bytes), to: absolute)
        plan.files.removeAll { $0.path == name }
        plan.files.append(
            PlannedFile(
                path: name, bytes: bytes, cells: notebook.cells.map { CellReference($0, in: source.displayPath) },
                notebook: source.displayPath))
        return plan
    }
}
