/// One mode's planning: what each input becomes. Every mode of the converter is a planner on the same walk
/// (``Conversion``): the walk finds and reads the inputs (``InputReader``), asks the planner for each input's plans,
/// and then writes, checks or lists them, so a new mode is a planner and the options that choose it.
///
/// Planning has two steps. ``prepare(_:)`` sees one input alone, and the walk runs it for every input at once, on
/// every core, as it reads them. ``plan(_:prepared:files:)`` runs one input after the other, in the inputs' order,
/// against the files as the run has them so far (the disk, plus what earlier inputs of the run write), so that the
/// plans do not depend on how many cores did the work.
protocol Planner: Sendable {
    /// What the planner works out from one input alone.
    associatedtype Preparation: Sendable = Void

    /// What the inputs are: notebooks (the default), or scripts on the way back.
    var inputFormat: InputFormat { get }
    /// Whether the walk keeps each notebook's bytes as read (``ReadInput/bytes``), for a planner that edits the
    /// notebook's JSON in place (default: no).
    var keepsNotebookBytes: Bool { get }
    /// Whether the run is all or nothing (default: no): any error stops it before anything is written, whatever
    /// `allowsErrors` says, and the plans are written to temporaries first and renamed into place only once all of
    /// them are written (``PlanWriter/stagesWrites``), outputs first, then notebooks, then export states.
    var isAllOrNothing: Bool { get }
    /// Whether the run says `Writing X` for each file it writes or replaces (default: no; IPython's own messages
    /// come from the plans).
    var announcesWrites: Bool { get }

    /// The work on one input that does not depend on the run's files.
    func prepare(_ input: ReadInput) -> Preparation

    /// Plans one input with its preparation against the files as they are before it runs; most planners make one
    /// plan, a planner that also edits the notebook makes a second one for the notebook's folder.
    func plan(_ input: ReadInput, prepared: Preparation, files: inout VirtualFileSystem) -> [ExportPlan]

    /// What `--check` finds for the run's plans (default: ``PlanChecker``, how the planned files differ from the
    /// disk).
    func check(_ plans: [ExportPlan], displayBase: String) -> [PlanChecker.Finding]
}

extension Planner {
    var inputFormat: InputFormat { .notebook }
    var keepsNotebookBytes: Bool { false }
    var isAllOrNothing: Bool { false }
    var announcesWrites: Bool { false }

    func check(_ plans: [ExportPlan], displayBase: String) -> [PlanChecker.Finding] {
        PlanChecker().check(plans, displayBase: displayBase)
    }

    /// Plans one notebook read from `source`, both steps at once (what a test or a fuzzer needs; the walk prepares
    /// every input first).
    func plan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> [ExportPlan] {
        let input = ReadInput(
            input: ConversionInput(path: source.displayPath), source: source, notebook: notebook)
        return plan(input, prepared: prepare(input), files: &files)
    }
}

extension Planner where Preparation == Void {
    func prepare(_ input: ReadInput) {}
}
