/// The `clean` mode: each notebook rewritten in place without its outputs, execution counts and volatile metadata
/// (``NotebookCleaning``), in its own layout; a notebook clean already is left alone (its file not even rewritten).
/// `--check` reports each notebook that is not clean, with the diff cleaning would make.
struct CleanPlanner: Planner {
    /// What is stripped.
    var cleaning: NotebookCleaning

    var keepsNotebookBytes: Bool { true }

    func plan(_ input: ReadInput, prepared: Void, files: inout VirtualFileSystem) -> [ExportPlan] {
        let path = input.input.path
        let bytes = input.bytes ?? []
        let clean: [UInt8]
        do throws(Diagnostic) { clean = try cleaning.cleaned(bytes, file: path) } catch {
            return [ExportPlan(outputRoot: OutputRoot.parentPath(of: OutputRoot.absolutePath(path)), refusals: [error])]
        }
        return [ExportPlan(rewritingNotebook: path, bytes: clean, messages: clean == bytes ? [] : ["Cleaned \(path)"])]
    }
}
