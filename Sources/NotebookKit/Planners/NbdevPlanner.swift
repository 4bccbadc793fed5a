/// Exports notebooks nbdev's way in Swift comment syntax (``ExportStyle/nbdev``, the default).
///
/// A cell `//| default_exp Target` (or `Target/File`) names where the notebook's cells go; a cell that starts with
/// `//| export` or `//| exporti` (optionally naming another `Target` or `Target/File`) is exported to
/// `Sources/Target/File.swift` (File defaults to the notebook's name); `//| hide` and other directives do not export.
/// `#|` is accepted for `//|`. Each exported cell is written, without its directive lines, under a marker that
/// names the notebook and the cell id (`// %% ../notebooks/core.ipynb cell=1a2b3c4d`): ids survive inserted and
/// moved cells, so `nb2swift update` finds each cell again. Exported cells without an id are rejected (give ids
/// with `nb2swift export --add-ids`).
///
/// With a `singleFile` (`--into`, what the build-tool plugin uses when a target holds the notebook), every exported
/// cell goes to that one file whatever module it names, and no export state is kept (such files are build products).
struct NbdevPlanner: ExportStylePlanner {
    var style: ExportStyle { .nbdev }
    var existingFiles = ExistingFilePolicy()
    /// The one file every exported cell goes to, relative to the output root; `nil` for modules.
    var singleFile: String?

    var keepsState: Bool { singleFile == nil }

    func exportPlan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan {
        var plan = TwoWayExport.plan(NbdevLayout(singleFile: singleFile), notebook, source: source, files: &files)
        if singleFile != nil { plan.files.removeAll { $0.role == .exportState } }
        return plan
    }
}
