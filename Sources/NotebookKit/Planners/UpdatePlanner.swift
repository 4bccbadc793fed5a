/// The `update` mode: brings edits made in a two-way style's exported files back into the notebook cells they came
/// from, changing nothing else in the notebook file, and re-exports the notebook so that its export state records
/// the new cells.
///
/// Each marker in an exported file names a cell (by id for nbdev, by index for swiftai). A block that differs from
/// what the cell exports now goes back into the cell when the notebook side is unchanged since the export, as
/// recorded in the export state (`.nb2swift/<notebook>.<hash>.<style>-state`, a hash of each exported block); when
/// both sides changed (or nothing was recorded) the update is refused with a message naming both, and nothing is
/// written. A marker that was deleted or duplicated, or that names a cell the notebook does not export there, and
/// text edited above the first marker (which belongs to no cell) are errors at their file and line. Line endings
/// count alike (a file converted to CR LF is read as written). The notebook's JSON text is edited in place
/// (``NotebookSourceEditor``): only the changed cells' `source` values are replaced, so that a re-export gives back
/// the edited files byte for byte.
///
/// Each input gives two plans: the re-export (the files as the edits left them, and the export state) and, when a
/// cell changed, the notebook's new text; the run is all or nothing, and the notebook is replaced after the files
/// and before the state. `--check` reports the cells that would change.
struct UpdatePlanner: Planner {
    /// What an update of one notebook will do.
    struct Update: Sendable, Equatable {
        /// The notebook's new bytes (the old ones when no cell changed).
        var notebookBytes: [UInt8]
        /// The cells whose source changes, in notebook order.
        var changedCells: [CellReference]
        /// Cells that changed in the notebook only: a re-export brings them to the files.
        var newerInNotebook: [CellReference]
        /// Why the update cannot go ahead, each located (a conflict, a marker deleted or duplicated, ...); when there
        /// is any, nothing changes.
        var problems: [Diagnostic] = []

        /// An update refused for these problems.
        init(refusing problems: [Diagnostic], notebookBytes: [UInt8]) {
            self.init(notebookBytes: notebookBytes, changedCells: [], newerInNotebook: [], problems: problems)
        }

        init(
            notebookBytes: [UInt8], changedCells: [CellReference], newerInNotebook: [CellReference],
            problems: [Diagnostic] = []
        ) {
            self.notebookBytes = notebookBytes
            self.changedCells = changedCells
            self.newerInNotebook = newerInNotebook
            self.problems = problems
        }
    }

    /// The style the files were exported in (``ExportStyle/isTwoWay``; fastai-style exports carry no markers and
    /// cannot be updated from).
    var style: ExportStyle
    /// How an updated notebook is read again for its re-export, and the largest exported file read (the run's
    /// `--strict` and `--max-input-size`).
    var reader = NotebookReader()
    /// The folder the exported files are shown relative to in errors.
    var displayBase = OutputRoot.currentDirectory()

    var keepsNotebookBytes: Bool { true }
    var isAllOrNothing: Bool { true }

    private var layout: (any TwoWayLayout)? { style.twoWayLayout }

    func plan(_ input: ReadInput, prepared: Void, files: inout VirtualFileSystem) -> [ExportPlan] {
        let source = input.source
        let root = OutputRoot.absolutePath(source.outputRoot)
        let sizeLimit = reader.sizeLimit
        let displayBase = displayBase
        let update = self.update(
            input.notebook, bytes: input.bytes ?? [], source: source,
            display: { OutputRoot.displayPath(root + "/" + $0, from: displayBase) },
            readFile: { relative in
                ExistingFile(atPath: OutputRoot.normalize(root + "/" + relative), sizeLimit: sizeLimit).bytes
            })
        guard update.problems.isEmpty else { return [ExportPlan(outputRoot: root, refusals: update.problems)] }
        var notebook = input.notebook
        var edit: ExportPlan?
        if !update.changedCells.isEmpty {
            do {
                notebook = try reader.read(bytes: update.notebookBytes, displayName: source.displayPath)
            } catch {
                return [ExportPlan(outputRoot: root, refusals: [error])]
            }
            edit = ExportPlan(
                rewritingNotebook: input.input.path, bytes: update.notebookBytes,
                messages: update.changedCells.map { "updated: \($0)" })
            edit?.updatedCells = update.changedCells
        }
        var export = style.planner().exportPlan(notebook, source: source, files: &files)
        export.messages += update.newerInNotebook.map { cell in
            PlanMessage(cell: cell, text: "newer in the notebook (export to update the file): \(cell)")
        }
        return [export] + (edit.map { [$0] } ?? [])
    }

    /// `--check`: the cells an update would change.
    func check(_ plans: [ExportPlan], displayBase: String) -> [PlanChecker.Finding] {
        plans.flatMap(\.updatedCells).map(PlanChecker.Finding.cellToUpdate)
    }

    /// The update of one notebook (its bytes as read) from its exported files; an update with ``Update/problems``
    /// changes nothing.
    ///
    /// - Parameters:
    ///   - notebook: the notebook, read from `bytes`.
    ///   - bytes: the notebook file's bytes.
    ///   - source: where the notebook is shown and exported to.
    ///   - display: how a path relative to the output root is shown in errors.
    ///   - readFile: the bytes of a file under the output root (a path relative to it), `nil` when absent.
    func update(
        _ notebook: Notebook, bytes notebookBytes: [UInt8], source: NotebookSource,
        display: (String) -> String = { $0 }, readFile: (String) -> [UInt8]?
    ) -> Update {
        guard let layout else {
            return Update(
                refusing: [
                    Diagnostic(
                        "the fastai style writes no markers, so its files cannot be brought back: "
                            + "use --style swiftai or nbdev", file: source.displayPath)
                ], notebookBytes: notebookBytes)
        }
        var errors: [Diagnostic] = []
        let (files, rejected) = layout.markedFiles(for: notebook, source: source)
        errors += rejected
        let state = ExportState.found(ExportState.lookup(style: style, notebook: source.pathFromRoot, read: readFile))
        var newSources: [Int: String] = [:]
        var changed: [CellReference] = []
        var newer: [CellReference] = []
        for file in files {
            guard let bytes = readFile(file.path) else {
                if file.segments.contains(where: { state?.hash(path: file.path, key: $0.key) != nil }) {
                    errors.append(
                        Diagnostic(
                            "the exported file is missing (deleted?): nothing to update from", file: display(file.path))
                    )
                }
                continue
            }
            // Line endings count alike: a file converted to CR LF reads as the one written.
            let text = String(decoding: LineEndings.normalized(bytes), as: UTF8.self)
            // Cells are matched by id first: a marker that names its cell by position (swiftai's `//cellN`) goes
            // stale when cells are added or moved, so each key the state recorded with a cell id is read as the key
            // that cell has now (and its recorded hash is looked up under the key it was exported with).
            var exportedKey: [String: String] = [:]
            var currentKey: [String: String] = [:]
            for entry in state?.entries ?? [] where entry.path == file.path {
                guard let id = entry.cellID, let cell = notebook.cells.first(where: { $0.id == id }),
                    let key = layout.key(of: cell), key != entry.key
                else { continue }
                currentKey[entry.key] = key
                exportedKey[key] = entry.key
            }
            func recordedHash(_ key: String) -> String? {
                state?.hash(path: file.path, key: exportedKey[key] ?? (currentKey[key] == nil ? key : "\u{0}"))
            }
            let found = MarkedFileParser.segments(of: text, key: { layout.key(inMarkerLine: $0) }).map { segment in
                var segment = segment
                segment.key = currentKey[segment.key] ?? segment.key
                return segment
            }
            // The header belongs to no cell: an edit there would be lost by the re-export (spaces an editor trims
            // at the ends of its lines aside).
            if let first = found.first,
                let header = MarkedFileParser.header(of: text, firstMarkerLine: first.line),
                Self.trimmingLineEnds(header) != Self.trimmingLineEnds(LineEndings.normalized(file.header))
            {
                errors.append(
                    Diagnostic(
                        "the text above the first marker is not what export writes (edited?); it belongs to "
                            + "no cell, so update cannot bring it back: restore it, or move the text into a cell",
                        file: display(file.path), line: 1))
            }
            var firstLine: [String: Int] = [:]
            let expected = Dictionary(file.segments.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for segment in found {
                if let first = firstLine[segment.key] {
                    errors.append(
                        Diagnostic(
                            "the marker of cell \(segment.key) appears twice (first at line \(first)): "
                                + "remove one copy", file: display(file.path), line: segment.line))
                    continue
                }
                firstLine[segment.key] = segment.line
                if expected[segment.key] == nil {
                    errors.append(
                        Diagnostic(
                            "the marker names cell \(segment.key), which \(source.displayPath) does not "
                                + "export to this file", file: display(file.path), line: segment.line))
                }
            }
            let linesInFile = text.split(
                separator: "\n", omittingEmptySubsequences: false
            ).count
            for (position, wanted) in file.segments.enumerated() {
                guard let disk = found.first(where: { $0.key == wanted.key }) else {
                    guard recordedHash(wanted.key) != nil else { continue }
                    let nextLine =
                        file.segments[(position + 1)...].lazy.compactMap { next in
                            found.first { $0.key == next.key }?.line
                        }.first ?? linesInFile
                    errors.append(
                        Diagnostic(
                            "the marker of \(wanted.cell) is missing (deleted?) before this line: "
                                + "restore the line `\(wanted.marker)`", file: display(file.path), line: nextLine))
                    continue
                }
                let wantedBody = LineEndings.normalized(wanted.body)
                guard disk.body != wantedBody else { continue }
                let recorded = recordedHash(wanted.key)
                if recorded == StableHash.hex(wantedBody) {
                    guard let cell = notebook.cells.first(where: { $0.index == wanted.cell.index }) else { continue }
                    switch wanted.framing.code(fromExported: disk.body) {
                    case .success(let code):
                        newSources[cell.index] = layout.source(of: cell, withBody: code)
                        changed.append(wanted.cell)
                    case .failure(let refusal):
                        errors.append(
                            Diagnostic(
                                Self.reason(refusal, cell: wanted.cell), file: display(file.path), line: disk.line))
                    }
                } else if recorded == StableHash.hex(disk.body) {
                    newer.append(wanted.cell)
                } else {
                    let why =
                        recorded == nil
                        ? "no export state records which side changed" : "both changed since the last export"
                    errors.append(
                        Diagnostic(
                            "conflict: \(wanted.cell) and this block of \(file.path) differ, and \(why): "
                                + "nothing was updated; make them agree by hand (edit one side), then run update again",
                            file: display(file.path), line: disk.line,
                            notes: [Diagnostic("the notebook side of the conflict", cell: wanted.cell, severity: .note)]
                        )
                    )
                }
            }
        }
        guard errors.isEmpty else { return Update(refusing: errors, notebookBytes: notebookBytes) }
        var editor = NotebookSourceEditor(bytes: notebookBytes, file: source.displayPath)
        do { try editor.replaceSources(newSources) } catch {
            return Update(refusing: [error], notebookBytes: notebookBytes)
        }
        return Update(
            notebookBytes: editor.bytes, changedCells: changed.sorted { $0.index < $1.index },
            newerInNotebook: newer.sorted { $0.index < $1.index })
    }

    /// Why a block's code cannot go back into its cell.
    private static func reason(_ refusal: SegmentFraming.Refusal, cell: CellReference) -> String {
        switch refusal {
        case .docCommentChanged:
            "the `///` comment export wrote in this block from the markdown cell above \(cell) was changed or "
                + "removed: the prose belongs to that markdown cell, so edit it in the notebook; restore the comment "
                + "here (update brings back the code), then run update again"
        case .testFunctionChanged:
            "the lines export wrote around the code of the test cell \(cell) (`@Test`, `func`, `#sourceLocation`, "
                + "the closing brace) were changed: restore them (update brings back the code between them), then "
                + "run update again"
        }
    }

    /// `text` without the spaces and tabs at the end of each line.
    private static func trimmingLineEnds(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
        }.map { String($0) }.joined(separator: "\n")
    }
}
