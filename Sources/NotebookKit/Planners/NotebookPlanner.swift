/// Plans the way back: a script written by ``ScriptWriter`` becomes `NAME.ipynb` (nbformat 4.5, see
/// ``NotebookWriter``) in the output root.
public struct ScriptToNotebookPlanner: Sendable {
    /// Creates a planner.
    public init() {}

    /// `NAME.ipynb` for a script at `…/NAME.swift`.
    public static func notebookName(forScript path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".swift") ? String(name.dropLast(".swift".count)) : name) + ".ipynb"
    }

    /// The plan for one script's text.
    ///
    /// - Parameters:
    ///   - text: the script.
    ///   - source: where the script came from (`displayPath`) and the output root.
    /// - Throws: a ``ScriptReadError`` naming the script and line when it cannot be read.
    public func plan(script text: String, source: NotebookSource) throws(ScriptReadError) -> ExportPlan {
        let notebook = try ScriptReader().notebook(fromScript: text, path: source.displayPath)
        let bytes = Array(NotebookWriter().json(for: notebook).utf8)
        let reference = CellReference(notebook: source.displayPath, index: 0, line: 1)
        return ExportPlan(
            outputRoot: OutputRoot(source.outputRoot).path,
            files: [
                PlannedFile(
                    path: Self.notebookName(forScript: source.displayPath), bytes: bytes, cells: [reference],
                    notebook: source.displayPath)
            ])
    }
}
