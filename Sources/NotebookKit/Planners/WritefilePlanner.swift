/// Plans what running a notebook's `%%writefile` / `%%file` cells in IPython would write, without a kernel.
///
/// Cells run in notebook order against a ``VirtualFileSystem``: code cells only (markdown and raw cells never run),
/// later cells overwrite or append, messages say `Writing`, `Overwriting` or `Appending to` as IPython would given
/// what exists. Cells IPython would reject become rejected cells; the other cells still take effect, as in a
/// "Run All" with errors allowed (whether a rejection stops the whole run is the caller's decision).
struct WritefilePlanner: Planner {
    /// Options of the `%%writefile` planner.
    struct Options: Sendable {
        /// How cells are interpreted (IPython version, `--define` values, `~`).
        var interpreter: CellInterpreter
        /// Whether generated files that take `//` comments get the ``GeneratedHeader`` line (`--header`).
        var addsHeader: Bool
        /// Whether paths outside the output root may be written (`--allow-outside`).
        var allowsOutsideRoot: Bool

        /// Creates options.
        init(interpreter: CellInterpreter = .init(), addsHeader: Bool = false, allowsOutsideRoot: Bool = false) {
            self.interpreter = interpreter
            self.addsHeader = addsHeader
            self.allowsOutsideRoot = allowsOutsideRoot
        }
    }

    /// Text placed at the top of a `%%writefile` file (after a `// swift-tools-version` line and the header), made
    /// from the markdown cells since the previous `%%writefile` cell. It receives those cells and the file's path
    /// relative to the output root; `nil` adds nothing. For appends, only the write that starts the file gets it.
    typealias ProseProvider = @Sendable (_ markdownCells: [Cell], _ path: String) -> String?

    /// The options.
    var options: Options
    /// The optional prose hook (`--docs`).
    var proseProvider: ProseProvider?

    /// Creates a planner.
    init(options: Options = .init(), proseProvider: ProseProvider? = nil) {
        self.options = options
        self.proseProvider = proseProvider
    }

    /// What each cell of `notebook` does (`nil` for a markdown or raw cell), by position.
    func effects(of notebook: Notebook) -> [CellEffect?] {
        notebook.cells.map { $0.kind == .code ? options.interpreter.effect(ofCode: $0.source) : nil }
    }

    /// What running a notebook's cells gave: the plan, and for each `%%writefile` cell the path it writes.
    struct Run {
        /// The plan.
        var plan: ExportPlan
        /// The path each `%%writefile` cell names, by cell index.
        var writefilePaths: [Int: String] = [:]
        /// Whether some code cell is a `%%writefile` cell, or a rejected cell magic.
        var hasFileCells = false
    }

    /// Runs the notebook's code cells against `files`, each interpreted once (with the cells' `effects` when they
    /// were worked out before).
    func run(
        _ notebook: Notebook, source: NotebookSource, effects: [CellEffect?]? = nil, files: inout VirtualFileSystem
    ) -> Run {
        // The root's links are resolved (a system call per folder) only when a cell writes a file.
        var resolvedRoot: OutputRoot?
        var run = Run(
            plan: ExportPlan(
                outputRoot: OutputRoot.absolutePath(source.outputRoot),
                headerOwners: options.addsHeader ? [source.pathFromRoot] : []))
        // Only `%%writefile` cells and rejected cell magics change the plan: without any, there is nothing to run.
        if let effects, PreparedNotebook(effects: effects).hasNoEffects { return run }
        var order: [String] = []
        var contributors: [String: [CellReference]] = [:]
        var relativePaths: [String: String] = [:]
        var markdownSinceWrite: [Cell] = []
        for (position, cell) in notebook.cells.enumerated() {
            switch cell.kind {
            case .markdown:
                markdownSinceWrite.append(cell)
                continue
            case .raw: continue
            case .code: break
            }
            let effect = effects?[position] ?? options.interpreter.effect(ofCode: cell.source)
            if case .none = effect { continue }
            let reference = CellReference(cell, in: source.displayPath)
            switch effect {
            case .none: continue
            case .rejected(let error):
                run.hasFileCells = true
                var rejection = Diagnostic(error.description, cell: reference)
                rejection.magicDepth = error.magicDepth
                run.plan.rejectedCells.append(rejection.locatedAtMagicLine(of: cell.source))
            case .writefile(let command, let body, let printsMessage):
                run.hasFileCells = true
                run.writefilePaths[cell.index] = command.filename
                let prose = markdownSinceWrite
                markdownSinceWrite = []
                if command.filename.isEmpty {
                    // os.path.exists('') is false, and open('') fails.
                    if printsMessage { run.plan.messages.append(PlanMessage(cell: reference, text: "Writing ")) }
                    run.plan.rejectedCells.append(
                        Diagnostic("FileNotFoundError: [Errno 2] No such file or directory: ''", cell: reference)
                            .locatedAtLine(of: cell.source, startingWith: Self.writefileLines))
                    continue
                }
                if let error = OutputName.ipythonError(for: command.filename) {
                    // os.path.exists is false for such a name; open() then raises.
                    if printsMessage {
                        run.plan.messages.append(PlanMessage(cell: reference, text: "Writing \(command.filename)"))
                    }
                    run.plan.rejectedCells.append(
                        Diagnostic(error, cell: reference).locatedAtLine(
                            of: cell.source, startingWith: Self.writefileLines))
                    continue
                }
                let root = resolvedRoot ?? OutputRoot(source.outputRoot)
                resolvedRoot = root
                let resolved: OutputRoot.ResolvedPath
                do {
                    resolved = try root.resolve(command.filename, allowingOutside: options.allowsOutsideRoot)
                } catch {
                    run.plan.rejectedCells.append(
                        Diagnostic("nb2swift: \(error.description)", cell: reference).locatedAtLine(
                            of: cell.source, startingWith: Self.writefileLines))
                    continue
                }
                let existing = files.node(at: resolved.absolute)
                let message: String
                switch (existing, command.append) {
                case (.absent, _): message = "Writing \(command.filename)"
                case (_, true): message = "Appending to \(command.filename)"
                case (_, false): message = "Overwriting \(command.filename)"
                }
                if printsMessage {
                    run.plan.messages.append(PlanMessage(cell: reference, text: message, path: resolved.relative))
                }
                if existing == .directory {
                    run.plan.rejectedCells.append(
                        Diagnostic(
                            "IsADirectoryError: [Errno 21] Is a directory: \(PythonRepr.repr(command.filename))",
                            cell: reference
                        ).locatedAtLine(of: cell.source, startingWith: Self.writefileLines))
                    continue
                }
                if files.fileAncestor(of: resolved.absolute) != nil {
                    run.plan.rejectedCells.append(
                        Diagnostic(
                            "NotADirectoryError: [Errno 20] Not a directory: \(PythonRepr.repr(command.filename))",
                            cell: reference
                        ).locatedAtLine(of: cell.source, startingWith: Self.writefileLines))
                    continue
                }
                let body = Array(body.utf8)
                var starting = body
                if let proseProvider, let text = proseProvider(prose, resolved.relative), !text.isEmpty {
                    starting = GeneratedHeader.inserting(text, into: starting)
                }
                if options.addsHeader, GeneratedHeader.takesSlashComments(resolved.relative) {
                    starting = GeneratedHeader.inserting(
                        GeneratedHeader.line(notebook: source.pathFromRoot), into: starting)
                }
                files.write(
                    .init(append: command.append, startingBytes: starting, continuingBytes: body), to: resolved.absolute
                )
                if contributors[resolved.absolute] == nil { order.append(resolved.absolute) }
                if command.append && existing != .absent {
                    contributors[resolved.absolute, default: []].append(reference)
                } else {
                    contributors[resolved.absolute] = [reference]
                }
                relativePaths[resolved.absolute] = resolved.relative
            }
        }
        for absolute in order {
            run.plan.files.append(
                PlannedFile(
                    path: relativePaths[absolute] ?? absolute, bytes: files.contents(of: absolute) ?? [],
                    cells: contributors[absolute] ?? [], notebook: source.displayPath))
        }
        return run
    }

    /// How a `%%writefile` cell's magic line starts: the line a refused file name is reported at.
    static let writefileLines = ["%%writefile", "%%file"]

    func prepare(_ input: ReadInput) -> PreparedNotebook { PreparedNotebook(effects: effects(of: input.notebook)) }

    func plan(_ input: ReadInput, prepared: PreparedNotebook, files: inout VirtualFileSystem) -> [ExportPlan] {
        [run(input.notebook, source: input.source, effects: prepared.effects, files: &files).plan]
    }
}
