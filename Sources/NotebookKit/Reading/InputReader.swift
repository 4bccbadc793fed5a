/// What a mode reads: notebooks, or on the way back scripts.
enum InputFormat: Sendable, Equatable {
    /// Jupyter notebooks (`.ipynb`), read by ``NotebookReader``.
    case notebook
    /// Swift scripts in the percent format (`NAME.swift`), read by ``ScriptReader``.
    case script

    /// The file name ending a folder is searched for.
    var suffix: String {
        switch self {
        case .notebook: ".ipynb"
        case .script: ".swift"
        }
    }
}

/// The walk's one reader: every mode's inputs are read here, with every reading flag — `--strict` (schema violations
/// are errors), `--max-input-size` (the largest file read) and, for `export --add-ids`, ids given to id-less cells —
/// so that a flag added here works in every mode.
struct InputReader: Sendable {
    /// What the inputs are.
    var format: InputFormat
    /// Whether schema violations are errors (`--strict`).
    var strict: Bool
    /// The largest input read, in bytes (`--max-input-size`).
    var sizeLimit: Int
    /// Whether a notebook's bytes are kept with it (``ReadInput/bytes``).
    var keepsBytes: Bool
    /// Whether every cell without an id is given one as the notebook is read (`export --add-ids`); the edited bytes
    /// are kept, for the planner to write back.
    var addsMissingIDs: Bool

    /// The notebook an input holds, its bytes when kept, and how many cells were given an id; `nil` for a Swift file
    /// found under a folder that opens no cell (it is not a script, and is left alone).
    func read(_ input: ConversionInput) throws(Diagnostic) -> (notebook: Notebook, bytes: [UInt8]?, givenIDs: Int)? {
        switch format {
        case .script:
            guard input.path.hasSuffix(".swift") else {
                throw Diagnostic("ipynb reads Swift scripts (NAME.swift), not this file", file: input.path)
            }
            let reader = ScriptReader(strict: strict, sizeLimit: sizeLimit)
            guard let notebook = try reader.read(contentsOf: input.path, onlyWithCells: !input.isNamed) else {
                return nil
            }
            return (notebook, nil, 0)
        case .notebook:
            let reader = NotebookReader(strict: strict, sizeLimit: sizeLimit)
            guard keepsBytes || addsMissingIDs else { return (try reader.read(contentsOf: input.path), nil, 0) }
            var bytes = try InputFile.bytes(atPath: input.path, sizeLimit: sizeLimit)
            var given = 0
            if addsMissingIDs {
                // The ids are given first, so that `--strict` judges the notebook with them.
                let lenient = try NotebookReader(sizeLimit: sizeLimit).read(bytes: bytes, displayName: input.path)
                var editor = NotebookSourceEditor(bytes: bytes, file: input.path)
                given = try editor.addMissingIDs(cells: lenient.cells).count
                bytes = editor.bytes
            }
            return (try reader.read(bytes: bytes, displayName: input.path), bytes, given)
        }
    }
}
