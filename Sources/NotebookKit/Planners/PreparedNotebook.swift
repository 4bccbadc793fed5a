/// What the `%%writefile` and script planners work out from a notebook alone, before they see the run's files
/// (``Planner/prepare(_:)``): what each code cell does, and the script text when one is planned.
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
