/// What a planner works out from a notebook alone, before it sees the run's files: what each code cell does, and the
/// script text when one is planned. A conversion prepares every input at once, on every core, and then plans them one
/// after the other in the inputs' order (each notebook runs against the files the notebooks before it wrote), so
/// that the plans do not depend on how many cores did the work.
struct PreparedNotebook: Sendable {
    /// What each cell does, by position in `notebook.cells`: `nil` for a markdown or raw cell.
    var effects: [CellEffect?]
    /// The script planned for the notebook, when the planner writes one that the run still completes (with the
    /// generated-file header, which names the notebook as the run sees it).
    var script: String?
    /// The script's bytes, and a reference to each cell of the notebook (the cells the script is made of), when a
    /// finished script is planned: worked out here so that the ordered planning only records the file.
    var scriptFile: (bytes: [UInt8], cells: [CellReference])?

    /// The path each `%%writefile` cell names, by cell index.
    func writefilePaths(of notebook: Notebook) -> [Int: String] {
        var paths: [Int: String] = [:]
        for (cell, effect) in zip(notebook.cells, effects) {
            if case .writefile(let command, _, _)? = effect { paths[cell.index] = command.filename }
        }
        return paths
    }

    /// Whether no cell does anything to files (no `%%writefile` cell, no rejected cell magic).
    var hasNoEffects: Bool {
        effects.allSatisfy {
            switch $0 {
            case .none?, nil: true
            case .writefile?, .rejected?: false
            }
        }
    }

    /// Whether some code cell is a `%%writefile` cell, or a rejected cell magic.
    var hasFileCells: Bool {
        effects.contains {
            switch $0 {
            case .writefile?, .rejected?: true
            case .none?, nil: false
            }
        }
    }
}

/// A planner that splits its work: ``prepare(_:source:)`` depends on the notebook alone (a conversion runs it for
/// every input in parallel), ``plan(_:source:prepared:files:)`` on the files the notebooks before it wrote.
/// Both together plan what ``ExportPlanner/plan(_:source:files:)`` plans.
protocol PreparingPlanner: ExportPlanner {
    /// The work on `notebook` that does not read the run's files.
    func prepare(_ notebook: Notebook, source: NotebookSource) -> PreparedNotebook

    /// Plans `notebook` with its prepared work against the files as they are before it runs.
    func plan(
        _ notebook: Notebook, source: NotebookSource, prepared: PreparedNotebook, files: inout VirtualFileSystem
    ) -> ExportPlan
}
