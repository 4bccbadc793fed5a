/// Plans a whole Swift notebook as one Swift script, `NAME.swift` in the output root (see ``ScriptWriter``).
///
/// The `%%writefile` cells of a mixed notebook are planned as their files by the ``WritefilePlanner`` given, and
/// appear in the script commented out under a marker that names the file. A notebook whose metadata declares
/// another language than Swift gets no script: only the files of its `%%writefile` cells, if any.
struct ScriptPlanner: Planner {
    /// When a script is planned.
    enum Mode: Sendable {
        /// For every Swift notebook (`nb2swift script`).
        case always
        /// Only for a Swift notebook with no `%%writefile` cell; other notebooks get their files only (the default).
        case whenNoWritefileCells
    }

    /// When a script is planned.
    var mode: Mode
    /// How the script is written (`--pretty`, `--width`).
    var writer: ScriptWriter
    /// The planner for the `%%writefile` cells of a mixed notebook (its header option applies to the script too).
    var writefilePlanner: WritefilePlanner

    /// Creates a planner.
    init(mode: Mode = .always, writer: ScriptWriter = .init(), writefilePlanner: WritefilePlanner = .init()) {
        self.mode = mode
        self.writer = writer
        self.writefilePlanner = writefilePlanner
    }

    /// `NAME.swift` for a notebook at `…/NAME.ipynb`.
    static func scriptName(forNotebook path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".ipynb") ? String(name.dropLast(".ipynb".count)) : name) + ".swift"
    }

    func prepare(_ input: ReadInput) -> PreparedNotebook {
        let (notebook, source) = (input.notebook, input.source)
        var prepared = PreparedNotebook(effects: writefilePlanner.effects(of: notebook))
        guard notebook.isSwift, mode == .always || !prepared.hasFileCells else { return prepared }
        let notebookName = source.displayPath.split(separator: "/").last.map(String.init) ?? source.displayPath
        let script = writer.script(
            for: notebook, notebookName: notebookName, writefilePaths: prepared.writefilePaths(of: notebook))
        if writefilePlanner.options.addsHeader {
            // The header names the notebook as the run sees it: added when planning.
            prepared.script = script
        } else {
            prepared.scriptFile = (
                Array(script.utf8), notebook.cells.map { CellReference($0, in: source.displayPath) }
            )
        }
        return prepared
    }

    func plan(_ input: ReadInput, prepared: PreparedNotebook, files: inout VirtualFileSystem) -> [ExportPlan] {
        let (notebook, source) = (input.notebook, input.source)
        let run = writefilePlanner.run(notebook, source: source, effects: prepared.effects, files: &files)
        var plan = run.plan
        let bytes: [UInt8]
        let cells: [CellReference]
        if let file = prepared.scriptFile {
            (bytes, cells) = file
        } else if var text = prepared.script {
            if writefilePlanner.options.addsHeader {
                text = GeneratedHeader.line(notebook: source.pathFromRoot) + "\n" + text
            }
            bytes = Array(text.utf8)
            cells = notebook.cells.map { CellReference($0, in: source.displayPath) }
        } else {
            if plan.files.isEmpty, plan.rejectedCells.isEmpty, let language = notebook.language, !notebook.isSwift {
                // Scripts are for Swift notebooks: a named one is an error, one found in a folder is skipped.
                let what = "a \(language) notebook with no %%writefile cell (scripts are for Swift notebooks)"
                if input.input.isNamed {
                    plan.refusals.append(Diagnostic("nothing to convert: \(what)", file: input.input.path))
                } else {
                    plan.notes.append(Diagnostic("skipped: \(what)", file: input.input.path, severity: .note))
                }
            }
            return [plan]
        }
        if writefilePlanner.options.addsHeader, !plan.headerOwners.contains(source.pathFromRoot) {
            plan.headerOwners.append(source.pathFromRoot)
        }
        let name = source.outputPath(named: Self.scriptName(forNotebook: source.displayPath))
        let absolute = OutputRoot.absolutePath(source.outputRoot) + "/" + name
        files.write(.init(append: false, startingBytes: bytes, continuingBytes: bytes), to: absolute)
        plan.files.removeAll { $0.path == name }
        plan.files.append(PlannedFile(path: name, bytes: bytes, cells: cells, notebook: source.displayPath))
        return [plan]
    }
}
