/// The `docs` mode: each notebook becomes a DocC article (``DocsArticle``) in the catalog the run writes into (the
/// output folder, `-o Sources/Target/Target.docc`): `NAME.md`, with its images under `Resources/`.
///
/// Articles of one run link to each other where their notebooks do. The run is all or nothing, like `export`: an
/// unreadable notebook, or an article the run may not replace, leaves the catalog as it was. An article carries a
/// comment naming its notebook; a writing run refuses to replace a `NAME.md` that does not carry this notebook's
/// (a page written by hand, or from another notebook of that name) unless forced. `--check` also reports, as orphans,
/// the images under `Resources/` named after an article of the run that the run no longer writes (an output or an
/// attachment removed from the notebook).
struct DocsPlanner: Planner {
    typealias Preparation = DocsArticle

    /// Whether an article not written from this notebook is refused (a writing run without `--force`).
    var guardsOverwrites = false
    /// The largest existing article read to tell (`--max-input-size`).
    var sizeLimit = InputFile.defaultSizeLimit
    /// The folder refused files are shown relative to.
    var displayBase = OutputRoot.currentDirectory()

    var keepsNotebookBytes: Bool { true }
    var isAllOrNothing: Bool { true }
    var announcesWrites: Bool { true }

    func prepare(_ input: ReadInput) -> DocsArticle {
        let outputs = input.bytes.map { DocsCellOutputs(notebookBytes: $0) } ?? DocsCellOutputs()
        return DocsArticle(input.notebook, outputs: outputs, source: input.source)
    }

    func plan(_ input: ReadInput, prepared article: DocsArticle, files: inout VirtualFileSystem) -> [ExportPlan] {
        let source = input.source
        let root = OutputRoot(source.outputRoot).path
        var plan = ExportPlan(outputRoot: root, notes: article.notes)
        let cells = input.notebook.cells.filter { $0.kind != .raw }.map { CellReference($0, in: source.displayPath) }
        let path = article.name + ".md"
        plan.record(
            PlannedFile(path: path, bytes: Array(article.text.utf8), cells: cells, notebook: source.displayPath),
            in: &files)
        for resource in article.resources {
            plan.record(
                PlannedFile(path: resource.path, bytes: resource.bytes, cells: [], notebook: source.displayPath),
                in: &files)
        }
        if guardsOverwrites, let refusal = refusal(toReplace: path, root: root, source: source) {
            plan.refusals.append(refusal)
        }
        plan.previousFiles = Self.resourceNames(under: root, article: article.name).map {
            ExportPlan.PreviousFile(path: "Resources/" + $0, notebook: source.displayPath)
        }
        return [plan]
    }

    /// Why the article at `path` may not be replaced, or `nil` when it is absent or carries this notebook's comment.
    private func refusal(toReplace path: String, root: String, source: NotebookSource) -> Diagnostic? {
        let absolute = OutputRoot.normalize(root + "/" + path)
        let shown = OutputRoot.displayPath(absolute, from: displayBase)
        switch ExistingFile(atPath: absolute, sizeLimit: sizeLimit) {
        case .absent: return nil
        case .unreadable:
            return Diagnostic(
                "cannot read the article there to tell whether nb2swift wrote it: nothing was written (--force "
                    + "replaces it)", file: shown)
        case .bytes(let bytes):
            let start = String(decoding: bytes.prefix(4096), as: UTF8.self)
            guard !start.contains(DocsArticle.generatedComment(notebook: source.pathFromRoot)) else { return nil }
            return Diagnostic(
                "the article is not one nb2swift docs wrote from \(source.displayPath) (its first lines do not "
                    + "name the notebook): nothing was written; move it, or pass --force to replace it", file: shown)
        }
    }

    /// The files under the catalog's `Resources/` whose names start with `<article>-`: what the article's images are
    /// called.
    private static func resourceNames(under root: String, article: String) -> [String] {
        guard let folder = try? FolderDescriptor.open(path: root + "/Resources") else { return [] }
        return folder.names().filter { $0.hasPrefix(article + "-") && !$0.hasPrefix(".") }.sorted()
    }
}
