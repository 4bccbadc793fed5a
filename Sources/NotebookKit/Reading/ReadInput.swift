/// What the walk's reader makes of one input: the notebook, where it came from and where it runs.
struct ReadInput: Sendable {
    /// The input as found.
    var input: ConversionInput
    /// Where it is shown and where it runs.
    var source: NotebookSource
    /// The notebook (for a script: the notebook it holds).
    var notebook: Notebook
    /// The notebook file's bytes, kept for planners that edit its JSON in place (``Planner/keepsNotebookBytes``),
    /// and when ids were given: then they are the edited bytes, which the notebook was read from.
    var bytes: [UInt8]?
    /// How many cells were given an id as the notebook was read (`export --add-ids`).
    var givenIDs = 0
}
