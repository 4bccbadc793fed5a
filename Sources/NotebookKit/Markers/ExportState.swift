/// What each cell's exported text was at the last export, kept beside the exported files
/// (`.nb2swift/<notebook>.<style>-state` under the output root) so that `nb2swift update` can tell which side changed.
///
/// For every exported cell the state holds a hash of the text written under its marker. When a file's block
/// differs from what the notebook exports now, the block's hash and the notebook side's hash are compared with the
/// recorded one: only the file changed → the edit goes into the cell; only the notebook changed → nothing to bring
/// back (a re-export updates the file); both changed, or no state recorded → a conflict, and nothing is written.
///
/// The state lives in its own file rather than in the markers because a marker that changed with every edit would
/// make the exported file differ from the edited one after `update`; swiftai's marker format has no room for it.
struct ExportState: Equatable {
    /// One exported cell.
    struct Entry: Equatable {
        /// The exported file (relative to the output root).
        var path: String
        /// The key the cell's marker names.
        var key: String
        /// ``StableHash`` of the cell's exported text.
        var hash: String
    }

    /// The style the files were exported in.
    var style: ExportStyle
    /// The notebook, relative to the output root.
    var notebook: String
    /// The cells, in export order.
    var entries: [Entry] = []

    /// `.nb2swift/02a_why_sqrt5.swiftai-state`.
    static func path(style: ExportStyle, notebook: String) -> String {
        ".nb2swift/\(NotebookName.stem(notebook)).\(style.rawValue)-state"
    }

    private static let firstLinePrefix = "# nb2swift export state: "

    /// The state file's text: a comment line, then `path<TAB>key<TAB>hash` per cell.
    var text: String {
        var lines = [
            Self.firstLinePrefix + "\(style.rawValue) \(notebook)",
            "# What `nb2swift update` compares edits against; written by `nb2swift export`, not for editing.",
        ]
        for entry in entries { lines.append("\(entry.path)\t\(entry.key)\t\(entry.hash)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a state file's text; `nil` when it is not one.
    init?(parsing text: String) {
        let lines = text.split(separator: "\n")
        guard let first = lines.first, first.hasPrefix(Self.firstLinePrefix) else { return nil }
        let words = first.dropFirst(Self.firstLinePrefix.count).split(separator: " ", maxSplits: 1)
        guard words.count == 2, let style = ExportStyle(rawValue: String(words[0])) else { return nil }
        self.style = style
        notebook = String(words[1])
        for line in lines.dropFirst() where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { return nil }
            entries.append(Entry(path: String(fields[0]), key: String(fields[1]), hash: String(fields[2])))
        }
    }

    /// An empty state.
    init(style: ExportStyle, notebook: String) {
        self.style = style
        self.notebook = notebook
    }

    /// The recorded hash of a cell's text in a file.
    func hash(path: String, key: String) -> String? {
        entries.first { $0.path == path && $0.key == key }?.hash
    }
}
