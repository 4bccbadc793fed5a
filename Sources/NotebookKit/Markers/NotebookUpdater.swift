/// Brings edits made in a two-way style's exported files back into the notebook cells they came from
/// (`nb2swift update`), changing nothing else in the notebook file.
///
/// Each marker in an exported file names a cell (by id for nbdev, by index for swiftai). A block that differs from
/// what the cell exports now goes back into the cell when the notebook side is unchanged since the export, as
/// recorded in the export state (`.nb2swift/<notebook>.<hash>.<style>-state`, a hash of each exported block); when both sides changed (or nothing was recorded)
/// the update is refused with a message naming both, and nothing is written. A marker that was deleted or duplicated,
/// or that names a cell the notebook does not export there, and text edited above the first marker (which belongs to
/// no cell) are errors at their file and line. Line endings count alike (a file converted to CR LF is read as
/// written). The notebook's JSON text is edited in place
/// (``NotebookSourceEditor``): only the changed cells' `source` values are replaced, so that a re-export gives back
/// the edited files byte for byte.
public struct NotebookUpdater: Sendable {
    /// What an update will do.
    public struct Update: Sendable, Equatable {
        /// The notebook's new bytes (the old ones when no cell changed).
        public var notebookBytes: [UInt8]
        /// The cells whose source changes, in notebook order.
        public var changedCells: [CellReference]
        /// Cells that changed in the notebook only: a re-export brings them to the files.
        public var newerInNotebook: [CellReference]
        /// Why the update cannot go ahead, each located (a conflict, a marker deleted or duplicated, ...); when there
        /// is any, nothing changes.
        public var problems: [Diagnostic] = []

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

    /// The style the files were exported in (``ExportStyle/isTwoWay``).
    public var style: ExportStyle

    /// Creates an updater; fastai-style exports carry no markers and cannot be updated from.
    public init(style: ExportStyle) { self.style = style }

    private var layout: (any TwoWayLayout)? { style.twoWayLayout }

    /// Plans the update of one notebook from its exported files; an update with ``Update/problems`` changes nothing.
    ///
    /// - Parameters:
    ///   - notebookBytes: the notebook file's bytes.
    ///   - source: where the notebook is shown and exported to.
    ///   - readFile: the bytes of a file under the output root (a path relative to it), `nil` when absent.
    public func plan(
        notebookBytes: [UInt8], source: NotebookSource, readFile: (String) -> [UInt8]?
    ) -> Update {
        guard let layout else {
            return Update(
                refusing: [
                    Diagnostic(
                        "the fastai style writes no markers, so its files cannot be brought back: "
                            + "use --style swiftai or nbdev", file: source.displayPath)
                ], notebookBytes: notebookBytes)
        }
        let notebook: Notebook
        do { notebook = try NotebookReader().read(bytes: notebookBytes, displayName: source.displayPath) } catch {
            return Update(refusing: [error], notebookBytes: notebookBytes)
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
                        Diagnostic("the exported file is missing (deleted?): nothing to update from", file: file.path)
                    )
                }
                continue
            }
            // Line endings count alike: a file converted to CR LF reads as the one written.
            let text = String(decoding: LineEndings.normalized(bytes), as: UTF8.self)
            let found = MarkedFileParser.segments(of: text, key: { layout.key(inMarkerLine: $0) })
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
                        file: file.path, line: 1))
            }
            var firstLine: [String: Int] = [:]
            let expected = Dictionary(file.segments.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for segment in found {
                if let first = firstLine[segment.key] {
                    errors.append(
                        Diagnostic(
                            "the marker of cell \(segment.key) appears twice (first at line \(first)): "
                                + "remove one copy", file: file.path, line: segment.line))
                    continue
                }
                firstLine[segment.key] = segment.line
                if expected[segment.key] == nil {
                    errors.append(
                        Diagnostic(
                            "the marker names cell \(segment.key), which \(source.displayPath) does not "
                                + "export to this file", file: file.path, line: segment.line))
                }
            }
            let linesInFile = text.split(
                separator: "\n", omittingEmptySubsequences: false
            ).count
            for (position, wanted) in file.segments.enumerated() {
                guard let disk = found.first(where: { $0.key == wanted.key }) else {
                    guard state?.hash(path: file.path, key: wanted.key) != nil else { continue }
                    let nextLine =
                        file.segments[(position + 1)...].lazy.compactMap { next in
                            found.first { $0.key == next.key }?.line
                        }.first ?? linesInFile
                    errors.append(
                        Diagnostic(
                            "the marker of \(wanted.cell) is missing (deleted?) before this line: "
                                + "restore the line `\(wanted.marker)`", file: file.path, line: nextLine))
                    continue
                }
                let wantedBody = LineEndings.normalized(wanted.body)
                guard disk.body != wantedBody else { continue }
                let recorded = state?.hash(path: file.path, key: wanted.key)
                if recorded == StableHash.hex(wantedBody) {
                    guard let cell = notebook.cells.first(where: { $0.index == wanted.cell.index }) else { continue }
                    newSources[cell.index] = layout.source(of: cell, withBody: disk.body)
                    changed.append(wanted.cell)
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
                            file: file.path, line: disk.line)
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

    /// `text` without the spaces and tabs at the end of each line.
    private static func trimmingLineEnds(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
        }.map { String($0) }.joined(separator: "\n")
    }
}
