/// Whether `nb2swift export` may replace the files it plans: it never overwrites a file that holds something the
/// export would lose, and when it cannot tell, it refuses (`--force` overrides).
///
/// A planned file may be written when nothing is there, when what is there is what the export writes now, or when it
/// is what the notebook's ``ExportState`` says the last export wrote (line endings count alike: ``LineEndings``).
/// Anything else is refused, naming the file and what could not be verified: no state, a damaged state (truncated,
/// a changed line), a state of another notebook, a state in the first format (which recorded no whole files), a file
/// the state does not list (not written by nb2swift), or a file edited since the export, located at the edited
/// cell's marker when the edit is inside an exported cell's block.
struct ExportGuard {
    /// The style of the export.
    var style: ExportStyle

    /// The files of `plan` (one notebook's export, from `source`) that may not be replaced, each a located error.
    ///
    /// - Parameters:
    ///   - read: what is at a path relative to the output root.
    ///   - display: how a path relative to the output root is shown to the user.
    func refusals(
        for plan: ExportPlan, source: NotebookSource, read: (String) -> ExistingFile, display: (String) -> String
    ) -> [Diagnostic] {
        let lookup = ExportState.lookup(style: style, notebook: source.pathFromRoot) { path in
            if case .bytes(let bytes) = read(path) { return bytes }
            return nil
        }
        var problems: [Diagnostic] = []
        for file in plan.files where !ExportState.isStatePath(file.path) {
            let disk: [UInt8]
            switch read(file.path) {
            case .absent: continue
            case .unreadable:
                problems.append(
                    Diagnostic(
                        "the file exists but cannot be read, so nb2swift cannot check that it holds no "
                            + "edit; pass --force to overwrite it", file: display(file.path)))
                continue
            case .bytes(let bytes): disk = LineEndings.normalized(bytes)
            }
            if disk == LineEndings.normalized(file.bytes) { continue }
            let unverified = "the file exists and differs from what this export writes, and"
            let overwrite = "pass --force to overwrite it"
            let state: ExportState
            switch lookup {
            case .absent(let path):
                problems.append(
                    Diagnostic(
                        "\(unverified) there is no export state (\(path)) to show that nb2swift wrote it: "
                            + "it may hold edits; \(overwrite)", file: display(file.path)))
                continue
            case .damaged(let path, let failure):
                problems.append(
                    Diagnostic(
                        "\(unverified) the export state \(path) is damaged (\(failure)), so nb2swift cannot "
                            + "tell whether it was edited; \(overwrite)", file: display(file.path)))
                continue
            case .foreign(let path, let notebook, let otherStyle):
                problems.append(
                    Diagnostic(
                        "\(unverified) the export state \(path) records another export (\(otherStyle.rawValue) "
                            + "style, \(ExportStateCodec.escape(notebook))), so nb2swift cannot tell whether it was "
                            + "edited; \(overwrite)", file: display(file.path)))
                continue
            case .found(let path, let found):
                guard !found.isLegacy else {
                    problems.append(
                        Diagnostic(
                            "\(unverified) the export state \(path) was written by an older nb2swift, which "
                                + "did not record whole files, so nb2swift cannot tell whether it was edited; bring "
                                + "edits back with `nb2swift update`, or \(overwrite)", file: display(file.path)))
                    continue
                }
                state = found
            }
            guard let recorded = state.fileHash(path: file.path) else {
                problems.append(
                    Diagnostic(
                        "\(unverified) the export state does not list it (nb2swift did not write it, or "
                            + "wrote it for another notebook): it may hold edits; \(overwrite)",
                        file: display(file.path)))
                continue
            }
            if StableHash.hex(bytes: disk) == recorded { continue }
            problems += editedBlocks(of: disk, file: file.path, state: state, source: source, display: display)
        }
        return problems
    }

    /// The edits in a file that differs from what the last export wrote: one error per exported cell whose block
    /// changed, or one for the file when the change is outside the blocks (or the style has no markers).
    private func editedBlocks(
        of disk: [UInt8], file path: String, state: ExportState, source: NotebookSource, display: (String) -> String
    ) -> [Diagnostic] {
        guard let layout = style.twoWayLayout else {
            return [
                Diagnostic(
                    "the file was edited since the last export (\(style.rawValue)-style files are generated: "
                        + "edit the notebook); pass --force to overwrite it", file: display(path))
            ]
        }
        let segments = MarkedFileParser.segments(
            of: String(decoding: disk, as: UTF8.self), key: { layout.key(inMarkerLine: $0) })
        var problems: [Diagnostic] = []
        for entry in state.entries where entry.path == path {
            guard let block = segments.first(where: { $0.key == entry.key }) else {
                problems.append(
                    Diagnostic(
                        "the marker of cell \(entry.key) (\(source.displayPath)) was removed or changed since "
                            + "the export; restore it and bring edits back with `nb2swift update`, or pass --force to "
                            + "discard them", file: display(path)))
                continue
            }
            guard StableHash.hex(block.body) != entry.hash else { continue }
            problems.append(
                Diagnostic(
                    "the block of cell \(entry.key) (\(source.displayPath)) was edited since the export; "
                        + "bring it back with `nb2swift update` first, or pass --force to discard the edit",
                    file: display(path), line: block.line))
        }
        if problems.isEmpty {
            problems.append(
                Diagnostic(
                    "the file was edited since the last export outside the exported cells' blocks (above the "
                        + "first marker, or a marker line), which `nb2swift update` cannot bring back: restore it, or "
                        + "pass --force to overwrite it", file: display(path)))
        }
        return problems
    }
}
