/// The `--docs` prose: the markdown cells before a `%%writefile` cell, rendered as a `//` comment block for the top of
/// the file that cell writes (``WritefilePlanner`` puts it after a leading `// swift-tools-version` line).
struct DocsProse: Sendable {
    /// The width paragraphs are wrapped at, `// ` included.
    var width: Int

    /// Creates the prose renderer.
    init(width: Int = 100) { self.width = width }

    /// The comment block for these markdown cells, or `nil` when there is no prose or the file takes no `//` comments.
    func comment(for markdownCells: [Cell], path: String) -> String? {
        guard GeneratedHeader.takesSlashComments(path) else { return nil }
        let renderer = PrettyCommentRenderer(width: width)
        var blocks: [[String]] = []
        for cell in markdownCells {
            let document = MarkdownDocument(parsing: cell.source)
            var lines =
                document.isComplete
                ? renderer.render(document) : cell.source.linesAtLineFeeds.map(String.init)
            while lines.last?.isEmpty == true { lines.removeLast() }
            for name in cell.attachmentNames { lines.append("(attachment \"\(name)\" of the notebook is not carried)") }
            if !lines.isEmpty { blocks.append(lines) }
        }
        guard !blocks.isEmpty else { return nil }
        let lines = blocks.joined(separator: [""]).map(ScriptCommentLines.encode)
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// The hook the ``WritefilePlanner`` calls.
    var provider: WritefilePlanner.ProseProvider {
        let prose = self
        return { cells, path in prose.comment(for: cells, path: path) }
    }
}
