/// What a two-way export style decides: which cells go to which file under which marker lines, and how a cell is
/// cut into the part that stays in the notebook (its marker or directive lines) and the part that is exported.
/// ``TwoWayExport`` renders any layout, and ``NotebookUpdater`` reads its files back.
protocol TwoWayLayout: Sendable {
    /// The style this layout implements.
    var style: ExportStyle { get }
    /// The files a notebook exports, and the cells that cannot be exported (each with its located reason).
    func markedFiles(for notebook: Notebook, source: NotebookSource) -> (files: [MarkedFile], rejected: [Diagnostic])
    /// The key a line names when it is a marker line, else `nil`.
    func key(inMarkerLine line: Substring) -> String?
    /// An exported cell cut into the text that stays in the notebook and the exported body; `nil` for a cell that
    /// is not exported.
    func split(_ cell: Cell) -> (kept: String, body: String)?
    /// The key a cell's marker names it by, when it has one.
    func key(of cell: Cell) -> String?
}

extension TwoWayLayout {
    /// Why an exported body cannot be exported when one of its lines reads as a marker line (which would cut the
    /// exported file in two there, so that `update` would read a block that is not the cell's), naming the line in the
    /// cell (`linesBefore` lines stay in the notebook above the body); `nil` when no line does.
    func markerLikeLineReason(in body: String, linesBefore: Int) -> String? {
        for (offset, line) in LineEndings.normalized(body).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated() where key(inMarkerLine: line) != nil
        {
            return "line \(linesBefore + offset + 1): `\(SwiftStringLiteral.commentSafe(String(line)))` reads as an "
                + "export marker line, which would cut the exported file in two there (and `nb2swift update` would "
                + "read a block that is not this cell's): change the line"
        }
        return nil
    }

    /// The source a cell gets back from an edited body: the kept lines, then the body.
    func source(of cell: Cell, withBody body: String) -> String {
        guard let (kept, _) = split(cell) else { return body }
        if kept.isEmpty || kept.hasSuffix("\n") { return kept + body }
        return kept + "\n" + body
    }
}

extension ExportStyle {
    /// The layout of a two-way style; `nil` for fastai, whose files carry no markers.
    var twoWayLayout: (any TwoWayLayout)? {
        switch self {
        case .fastai: nil
        case .swiftai: SwiftaiLayout()
        case .nbdev: NbdevLayout()
        }
    }
}
