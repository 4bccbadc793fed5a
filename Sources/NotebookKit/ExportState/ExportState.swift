/// What the last export wrote, kept beside the exported files (`.nb2swift/<notebook>.<key>.<style>-state` under the
/// output root) so that `nb2swift export` can tell a file it wrote from one edited since, and `nb2swift update` can
/// tell which side of a cell changed.
///
/// For every exported file the state holds a hash of its whole text, and for every exported cell of a two-way style a
/// hash of the text written under its marker (line endings counted alike: ``LineEndings``). `export` replaces an
/// existing file only when its text is what the export writes now or what the state says the last export wrote
/// (``ExportGuard``). `update` compares a block that differs from what the cell exports now with the recorded hash:
/// only the file changed → the edit goes into the cell; only the notebook changed → nothing to bring back; both
/// changed, or nothing recorded → a conflict, and nothing is written.
///
/// The state is kept per notebook, named after the notebook's path under the output root (``path(style:notebook:)``),
/// so that two notebooks with one name in different folders keep apart. The text format is ``ExportStateCodec``'s.
/// The state lives in its own file rather than in the markers because a marker that changed with every edit would
/// make the exported file differ from the edited one after `update`; swiftai's marker format has no room for it.
struct ExportState: Equatable {
    /// One exported file.
    struct File: Equatable {
        /// The exported file (relative to the output root).
        var path: String
        /// ``StableHash`` of the file's text as written, line endings made line feeds.
        var hash: String
    }

    /// One exported cell.
    struct Entry: Equatable {
        /// The exported file (relative to the output root).
        var path: String
        /// The key the cell's marker names.
        var key: String
        /// ``StableHash`` of the cell's exported text, line endings made line feeds.
        var hash: String
        /// The cell's nbformat id when it had one, so that `update` finds the cell again by id when a marker that
        /// names it by position (swiftai's `//cellN`) went stale because cells were added or moved since.
        var cellID: String? = nil
    }

    /// The style the files were exported in.
    var style: ExportStyle
    /// The notebook, relative to the output root.
    var notebook: String
    /// The files, in export order (empty in a state written before files were recorded: ``isLegacy``).
    var files: [File] = []
    /// The cells, in export order (none for the fastai style, which has no markers).
    var entries: [Entry] = []
    /// Whether the state was written by an nb2swift that recorded cells only (the first format, read for `update`).
    var isLegacy = false

    /// An empty state.
    init(style: ExportStyle, notebook: String) {
        self.style = style
        self.notebook = notebook
    }

    /// The folder of the state files, under the output root.
    static let folder = ExportStyle.stateFolder

    /// `.nb2swift/core.1a2b3c4d5e6f7a8b.nbdev-state` for the notebook `../nbs/core.ipynb` (its path under the output
    /// root): the notebook's name for the reader, made of letters, digits, `-`, `_` and `.` only, and a hash of the
    /// whole path, which keeps apart two notebooks of one name. (The state records the path too, and is used only
    /// for that notebook.)
    static func path(style: ExportStyle, notebook pathFromRoot: String) -> String {
        var name = ""
        for scalar in NotebookName.stem(pathFromRoot).unicodeScalars.prefix(64) {
            let isSafe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            name.unicodeScalars.append(isSafe || scalar == "-" || scalar == "_" || scalar == "." ? scalar : "_")
        }
        return "\(folder)/\(name).\(StableHash.hex(pathFromRoot)).\(style.rawValue)-state"
    }

    /// `.nb2swift/core.nbdev-state`: where the first format kept the state, by the notebook's name alone (read by
    /// `update` when no state is at ``path(style:notebook:)``, and only when it names the same notebook).
    static func legacyPath(style: ExportStyle, notebook pathFromRoot: String) -> String {
        "\(folder)/\(NotebookName.stem(pathFromRoot)).\(style.rawValue)-state"
    }

    /// Whether a planned path is a state file (which export and update own; ``ExportGuard`` does not protect it).
    static func isStatePath(_ path: String) -> Bool { path.hasPrefix(folder + "/") && path.hasSuffix("-state") }

    /// The recorded hash of a cell's text in a file.
    func hash(path: String, key: String) -> String? {
        entries.first { $0.path == path && $0.key == key }?.hash
    }

    /// The recorded cell id of a key in a file.
    func cellID(path: String, key: String) -> String? {
        entries.first { $0.path == path && $0.key == key }?.cellID
    }

    /// The recorded hash of a whole file.
    func fileHash(path: String) -> String? {
        files.first { $0.path == path }?.hash
    }

    /// What is found where a notebook's state is kept.
    enum Lookup {
        /// No state: the notebook was never exported here (or its state was removed).
        case absent(path: String)
        /// A state file that cannot be read (truncated, changed by hand, not a state).
        case damaged(path: String, Diagnostic)
        /// A state file that records another notebook or style (copied by hand?).
        case foreign(path: String, notebook: String, style: ExportStyle)
        /// The notebook's state.
        case found(path: String, ExportState)
    }

    /// The state of the notebook at `pathFromRoot` exported in `style`; `read` gives the bytes of a file under the
    /// output root (`nil` when absent). A state in the first format, at ``legacyPath(style:notebook:)``, is found
    /// when it names this notebook.
    static func lookup(style: ExportStyle, notebook pathFromRoot: String, read: (String) -> [UInt8]?) -> Lookup {
        let path = path(style: style, notebook: pathFromRoot)
        if let bytes = read(path) {
            let state: ExportState
            do throws(Diagnostic) { state = try ExportStateCodec.state(from: bytes) } catch {
                return .damaged(path: path, error)
            }
            guard state.notebook == pathFromRoot, state.style == style, !state.isLegacy else {
                return .foreign(path: path, notebook: state.notebook, style: state.style)
            }
            return .found(path: path, state)
        }
        let legacy = legacyPath(style: style, notebook: pathFromRoot)
        if let bytes = read(legacy), let state = try? ExportStateCodec.state(from: bytes), state.isLegacy,
            state.notebook == pathFromRoot, state.style == style
        {
            return .found(path: legacy, state)
        }
        return .absent(path: path)
    }

    /// The state found by a lookup, if any.
    static func found(_ lookup: Lookup) -> ExportState? {
        if case .found(_, let state) = lookup { return state }
        return nil
    }

    /// The state file, as a plan writes it.
    func plannedFile(cells: [CellReference], notebook displayPath: String) -> PlannedFile {
        PlannedFile(
            path: Self.path(style: style, notebook: notebook), bytes: Array(ExportStateCodec.text(of: self).utf8),
            cells: cells, notebook: displayPath, role: .exportState)
    }
}
