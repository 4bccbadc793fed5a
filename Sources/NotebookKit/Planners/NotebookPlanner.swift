/// Plans the way back: a notebook read from a script (see ``ScriptReader``) becomes `NAME.ipynb` in the output root,
/// written by ``NotebookWriter``.
///
/// Onto an existing `NAME.ipynb`, the cells it still has keep their outputs, execution counts and attachments
/// (matched by id, else by position and source, as `jupytext --update` does: ``OutputCarryOver``); what no cell keeps
/// is named in the plan's notes. The notebook is written into the existing file's text (``JSONRewriter``): every part
/// that did not change keeps its bytes — indentation, key order, line endings, the final line feed — so a script
/// converted back with no edit gives the file as it was (and the writer leaves it alone), and one edited cell changes
/// only that cell's lines, whichever tool saved the notebook. An existing file that is not an nbformat 4 notebook is
/// refused, not replaced.
struct NotebookPlanner: Planner {
    /// Whether the notebook is written as nbformat 4.5, which gives every cell an id (`--upgrade-nbformat`); by
    /// default it keeps the nbformat version the script records.
    var upgradesNbformat = false

    /// `NAME.ipynb` for a script at `…/NAME.swift`.
    static func notebookName(forScript path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".swift") ? String(name.dropLast(".swift".count)) : name) + ".ipynb"
    }

    var inputFormat: InputFormat { .script }

    func plan(_ input: ReadInput, prepared: Void, files: inout VirtualFileSystem) -> [ExportPlan] {
        let source = input.source
        let root = OutputRoot.absolutePath(source.outputRoot)
        let name = source.outputPath(named: Self.notebookName(forScript: source.displayPath))
        let absolute = root + "/" + name
        var plan = ExportPlan(outputRoot: root)
        var notebook = input.notebook
        if upgradesNbformat { notebook.nbformatMinor = max(NotebookWriter.minorVersion(of: notebook), 5) }
        var value = NotebookWriter().value(for: notebook)
        var written: [UInt8]?
        if let existing = files.bytes(at: absolute) {
            let update: OutputCarryOver
            do throws(Diagnostic) { update = try OutputCarryOver(existing: existing) } catch {
                plan.refusals.append(
                    Diagnostic(
                        "not replaced: \(error.message) (move it away, or write the notebook elsewhere with -o)",
                        file: absolute))
                return [plan]
            }
            if case .object(var top) = value, case .array(let cells)? = top["cells"] {
                let outcome = update.apply(to: cells, notebook: name)
                top["cells"] = .array(outcome.cells)
                value = .object(top)
                if outcome.keptCount > 0 {
                    plan.notes.append(
                        Diagnostic(
                            "\(outcome.keptCount) cell(s) keep their outputs or attachments", file: name,
                            severity: .note))
                }
                plan.notes += outcome.dropped
            }
            written = update.rewrite(existing, to: value)
        }
        let bytes = written ?? Array(NotebookWriter.text(of: value).utf8)
        files.write(.init(append: false, startingBytes: bytes, continuingBytes: bytes), to: absolute)
        plan.files.append(
            PlannedFile(
                path: name, bytes: bytes, cells: notebook.cells.map { CellReference($0, in: source.displayPath) },
                notebook: source.displayPath))
        return [plan]
    }
}
