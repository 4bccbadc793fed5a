/// Exports notebooks the way fast.ai's swiftai did (``ExportStyle/swiftai``): a notebook named
/// `^\d+[a-z]*_.*ipynb$` with `// export` cells becomes one file in the output folder, named by
/// dropping its number token and camel-casing the rest (`02a_why_sqrt5.ipynb` → `WhySqrt5.swift`), that starts with swiftai's
/// header and holds each exported cell under a `//cellN` marker (N: the cell's index among all cells), so that
/// `nb2swift update` can bring edits back.
struct SwiftaiPlanner: ExportStylePlanner {
    var style: ExportStyle { .swiftai }
    var existingFiles = ExistingFilePolicy()

    func exportPlan(_ notebook: Notebook, source: NotebookSource, files: inout VirtualFileSystem) -> ExportPlan {
        TwoWayExport.plan(SwiftaiLayout(), notebook, source: source, files: &files)
    }
}
