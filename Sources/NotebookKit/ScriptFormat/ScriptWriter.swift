/// Writes a whole notebook as one Swift script in percent format: `// %%` opens a code cell, `// %% [markdown]` a
/// markdown cell and `// %% [raw]` a raw cell (see ``ScriptCellMarker``).
///
/// Code cells are Swift as they are, with magics and shell lines commented out (``ScriptCodeLines``); a code cell that
/// cannot be Swift on its own (an unclosed bracket, string or comment) is commented out whole. Markdown and raw
/// cells are line comments: line for line by default (``ScriptCommentLines``), or through the
/// ``PrettyCommentRenderer`` when `pretty` is set and the rendering reads back to the same markdown tree.
/// ``ScriptReader`` reads any script written here back into the notebook.
struct ScriptWriter: Sendable {
    /// Whether markdown cells are rendered for reading rather than kept line for line.
    var pretty: Bool
    /// The width pretty paragraphs are wrapped at, `// ` included.
    var width: Int
    /// Whether each code cell starts with a ``ScriptSourceLocation`` line (`--source-locations`).
    var sourceLocations: Bool

    /// Creates a writer.
    init(pretty: Bool = false, width: Int = 100, sourceLocations: Bool = false) {
        self.pretty = pretty
        self.width = width
        self.sourceLocations = sourceLocations
    }

    /// The header line that carries the notebook-level metadata.
    static let metadataPrefix = "// notebook-metadata: "

    /// The header line that carries the nbformat version a notebook is written back with, when it is not 4.5.
    static let versionPrefix = "// nbformat: "

    /// The header line of a script written with ``sourceLocations``: the first line of each of its code cells is a
    /// ``ScriptSourceLocation`` directive, which ``ScriptReader`` drops.
    static let sourceLocationsLine =
        "// source-locations: each code cell starts with nb2swift's #sourceLocation line, not the cell's own"

    /// The script for `notebook`.
    ///
    /// - Parameters:
    ///   - notebook: the notebook.
    ///   - notebookName: the notebook's file name, for the header.
    ///   - writefilePaths: for the cells of a mixed notebook that `%%writefile` writes, the path each writes; those
    ///     cells are commented out and their marker names the file.
    func script(for notebook: Notebook, notebookName: String, writefilePaths: [Int: String] = [:]) -> String {
        var text = ""
        // The sources, plus a marker line and a little escaping per cell: one allocation for most notebooks.
        text.reserveCapacity(notebook.cells.reduce(512) { $0 + $1.source.utf8.count + 64 })
        text +=
            "// \(SwiftStringLiteral.commentSafe(notebookName)) as a Swift script by nb2swift: `// %%` opens a cell "
            + "(percent format).\n"
        text +=
            "// `nb2swift ipynb` rebuilds the notebook: sources, ids, tags (outputs stay in the notebook it updates).\n"
        text += Self.metadataPrefix + JSONLine.compact(notebook.metadata) + "\n"
        let minor = NotebookWriter.minorVersion(of: notebook)
        if minor != 5 { text += Self.versionPrefix + "4.\(minor)\n" }
        if sourceLocations { text += Self.sourceLocationsLine + "\n" }
        for cell in notebook.cells {
            text += "\n"
            append(
                cell, writefilePath: writefilePaths[cell.index], locatedIn: sourceLocations ? notebookName : nil,
                to: &text)
        }
        return text
    }

    /// Appends the marker line and body lines of one cell to `text`, each line ended by a line feed.
    func append(_ cell: Cell, writefilePath: String?, locatedIn notebookName: String?, to text: inout String) {
        var marker = ScriptCellMarker(kind: cell.kind, id: cell.id)
        marker.attachmentNames = cell.attachmentNames
        if case .object(var members) = cell.metadata {
            if case .array(let items)? = members["tags"] {
                let tags = items.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
                if tags.count == items.count && !tags.isEmpty {
                    marker.tags = tags
                    members["tags"] = nil
                }
            }
            marker.otherMetadata = members
        }
        let sourceLines = cell.source.isEmpty ? [] : cell.source.linesAtLineFeeds
        func appendComments(_ lines: [Substring]) {
            text += marker.line
            text += "\n"
            for line in lines {
                ScriptCommentLines.append(line, to: &text)
                text += "\n"
            }
        }
        switch cell.kind {
        case .code:
            var code = ""
            code.reserveCapacity(cell.source.utf8.count + 16)
            for (position, line) in sourceLines.enumerated() {
                if position > 0 { code += "\n" }
                ScriptCodeLines.append(line, to: &code)
            }
            if writefilePath != nil || ScriptCodeCheck.reasonNotSwift(lines: sourceLines, encodedText: code) != nil {
                marker.writefilePath = writefilePath
                marker.isCommented = true
                appendComments(sourceLines)
                return
            }
            text += marker.line
            text += "\n"
            guard !sourceLines.isEmpty else { return }
            if let notebookName {
                text += ScriptSourceLocation.directive(notebook: notebookName, cellIndex: cell.index)
                text += "\n"
            }
            text += code
            text += "\n"
        case .markdown:
            if pretty, let rendered = prettyLines(cell.source) {
                marker.isPretty = true
                marker.headingLevels = rendered.levels.allSatisfy { $0 == 1 } ? [] : rendered.levels
                appendComments(rendered.lines.map { Substring($0) })
            } else {
                appendComments(sourceLines)
            }
        case .raw:
            appendComments(sourceLines)
        }
    }

    /// The pretty rendering of a markdown source, if one reads back to the same tree (soft breaks aside).
    func prettyLines(_ source: String) -> (lines: [String], levels: [Int])? {
        let document = MarkdownDocument(parsing: source)
        guard document.isComplete else { return nil }
        let levels = PrettyCommentRenderer.markHeadingLevels(of: document)
        for escaping in [PrettyCommentRenderer.Escaping.minimal, .full] {
            let lines = PrettyCommentRenderer(width: width, escaping: escaping).render(document)
            let markdown = PrettyCommentRenderer.markdown(fromPretty: lines, headingLevels: levels)
            if MarkdownDocument(parsing: markdown).isEquivalent(to: document) { return (lines, levels) }
        }
        return nil
    }
}
