/// Plans the way back: a notebook read from a script (see ``ScriptReader``) becomes `NAME.ipynb` in the output root,
/// written by ``NotebookWriter``.
public struct NotebookPlanner: ExportPlanner {
    /// Whether every cell gets an id, and the notebook nbformat 4.5 (`--add-ids`).
    public var addsCellIDs: Bool

    /// Creates a planner.
    public init(addsCellIDs: Bool = false) { self.addsCellIDs = addsCellIDs }

    /// `NAME.ipynb` for a script at `…/NAME.swift`.
    public static func notebookName(forScript path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".swift") ? String(name.dropLast(".swift".count)) : name) + ".ipynb"
    }

    public func plan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan {
        let root = OutputRoot(source.outputRoot).path
        let name = source.outputPath(named: Self.notebookName(forScript: source.displayPath))
        let bytes = Array(NotebookWriter().json(for: notebook).utf8)
        files.write(.init(append: false, startingBytes: bytes, continuingBytes: bytes), to: root + "/" + name)
        return ExportPlan(
            outputRoot: root,
            files: [
                PlannedFile(
                    path: name, bytes: bytes, cells: notebook.cells.map { CellReference($0, in: source.displayPath) },
                    notebook: source.displayPath)
            ])
    }
}
