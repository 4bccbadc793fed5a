/// Turns one notebook into a plan. The `%%writefile` planner is one; others (one script per notebook, ...) plug in.
public protocol ExportPlanner: Sendable {
    /// Plans the export of `notebook`, read from `source`, against the files that exist before the run.
    ///
    /// - Parameters:
    ///   - notebook: the notebook read.
    ///   - source: where it came from and where it runs.
    ///   - files: the files as they are before this notebook runs (the disk, plus earlier notebooks of the same
    ///     run); planners that simulate a run read and update it.
    func plan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan
}
