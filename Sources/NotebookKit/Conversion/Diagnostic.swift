#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One problem the converter found, located as precisely as the problem allows: the file as shown to the user, the
/// line and column in it, and the notebook cell.
///
/// Every error of the converter is a diagnostic: an unreadable input, a cell IPython would reject, a file a run will
/// not replace, a failed write. The library only returns them (in a ``ConversionReport``, or thrown); the `nb2swift`
/// command renders each as one line in the form compilers use, which editors and CI annotate:
///
/// ```
/// nbs/core.ipynb:164:1: error: cell 15 (id "unquoted-space"): UsageError: unrecognized arguments: file3.swift
/// ```
///
/// followed by its ``notes``, each a line of the same form.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Equatable {
        /// Something kept the run (or part of it) from taking effect.
        case error
        /// Something the user should know about that did not stop anything.
        case warning
        /// A remark: an input skipped, what was kept or dropped, or where a related place is.
        case note
    }

    /// How serious it is.
    public var severity: Severity
    /// The file it is about, as shown to the user; `nil` when it is about no one file.
    public var file: String?
    /// The 1-based line in ``file``, when known.
    public var line: Int?
    /// The 1-based column in ``line``, when known (a renderer shows column 1 for a line without one).
    public var column: Int?
    /// The 0-based index of the notebook cell it is about, when it is about a cell.
    public var cellIndex: Int?
    /// That cell's id, when it has one.
    public var cellID: String?
    /// What is wrong, in one sentence (for a cell IPython would reject, IPython's own words: `UsageError: ...`).
    public var message: String
    /// Related places or remarks, shown after the diagnostic (a conflict's other side, ...).
    public var notes: [Diagnostic]
    /// The line of the cell's source the problem is on, as the cell holds it (`%%writefile -q f.txt`), when known: a
    /// renderer shows it under the diagnostic, as compilers show the source line of an error.
    public var excerpt: String?
    /// What kind of failure it is, for the code that handles it (the user sees ``message``).
    var kind: Kind
    /// The 0-based line of the cell's source the problem is on, when known; the conversion then points ``line`` and
    /// ``column`` at that line's text inside the notebook file and fills ``excerpt``.
    var cellLine: Int?
    /// For a cell IPython would reject: how many cell magics deep the rejected one is (0: the cell's own first magic
    /// line; 1: the `%%writefile` under a `%%time`), which names the line of the cell it is on.
    var magicDepth: Int?

    /// What kind of failure a diagnostic records, where code acts on it.
    enum Kind: Sendable, Equatable {
        /// Nothing more specific.
        case general
        /// A system call failed with this `errno` value.
        case system(Int32)
    }

    /// Creates a diagnostic.
    public init(
        _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, cellIndex: Int? = nil,
        cellID: String? = nil, severity: Severity = .error, notes: [Diagnostic] = []
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.cellIndex = cellIndex
        self.cellID = cellID
        self.message = message
        self.notes = notes
        self.kind = .general
    }

    /// A diagnostic about one cell, located at the line where the cell starts in its notebook.
    init(_ message: String, cell: CellReference, severity: Severity = .error) {
        self.init(
            message, file: cell.notebook, line: cell.line, cellIndex: cell.index, cellID: cell.id, severity: severity)
    }

    /// An IPython `UsageError` with this message (`UsageError: unrecognized arguments: b.txt`): the reason IPython
    /// gives when it rejects a magic line.
    static func ipythonUsage(_ message: String) -> Diagnostic { Diagnostic("UsageError: " + message) }

    /// A failed system call: `strerror(code)`.
    static func system(_ code: Int32) -> Diagnostic {
        var diagnostic = Diagnostic(String(cString: strerror(code)))
        diagnostic.kind = .system(code)
        return diagnostic
    }

    /// The `errno` of a failed system call, if it is one.
    var systemCode: Int32? {
        if case .system(let code) = kind { return code }
        return nil
    }

    /// This diagnostic about `file` (at `line`, when given), keeping a location it already has.
    func located(file: String, line: Int? = nil) -> Diagnostic {
        var located = self
        if located.file == nil {
            located.file = file
            if located.line == nil { located.line = line }
        }
        return located
    }

    /// The same problem with its message prefixed (`cannot read the script: ...`).
    func prefixed(_ prefix: String) -> Diagnostic {
        var prefixed = self
        prefixed.message = prefix + message
        return prefixed
    }

    /// This diagnostic located at the line of its cell that holds magic number `magicDepth` (see ``magicDepth``):
    /// the first line that is not blank for depth 0, then each further line starting with `%%`.
    func locatedAtMagicLine(of source: String) -> Diagnostic {
        guard let depth = magicDepth, cellLine == nil else { return self }
        var located = self
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var magics: [Int] = []
        for (index, line) in lines.enumerated() {
            let text = line.drop { $0 == " " || $0 == "\t" }
            if magics.isEmpty {
                if !text.isEmpty { magics.append(index) }
            } else if text.hasPrefix("%%") || text.drop(while: { ">.: ".contains($0) }).hasPrefix("%%") {
                magics.append(index)
            }
            if magics.count > depth { break }
        }
        located.cellLine = magics.indices.contains(depth) ? magics[depth] : magics.first
        located.excerpt = located.cellLine.map { String(lines[$0]) }
        return located
    }

    /// This diagnostic located at the first line of `source` that starts (after indentation) with one of `prefixes`
    /// (the `%%writefile` line whose file name is refused), if there is one.
    func locatedAtLine(of source: String, startingWith prefixes: [String]) -> Diagnostic {
        var located = self
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        located.cellLine = lines.firstIndex { line in
            let text = line.drop { $0 == " " || $0 == "\t" }
            return prefixes.contains { text.hasPrefix($0) }
        }
        located.excerpt = located.cellLine.map { String(lines[$0]) }
        return located
    }

    /// This diagnostic located at line `line` (1-based, as its message names it) of its cell's `source`, the line
    /// shown under it.
    func locatedAtCellLine(_ line: Int, of source: String) -> Diagnostic {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.indices.contains(line - 1) else { return self }
        var located = self
        located.cellLine = line - 1
        located.excerpt = String(lines[line - 1])
        return located
    }

    /// Where it is: `file:line:column`, `file`, `line N`, or empty when it has no location.
    public var location: String {
        switch (file, line) {
        case (let file?, let line?): "\(file):\(line):\(column ?? 1)"
        case (let file?, nil): file
        case (nil, let line?): "line \(line)"
        case (nil, nil): ""
        }
    }

    /// The cell it is about, as a user names it: `cell 3 (id "abc")`; `nil` when it is about no cell.
    public var cellDescription: String? {
        guard let cellIndex else { return nil }
        var text = "cell \(cellIndex)"
        if let cellID {
            text += " (id "
            NotebookWriter.writeString(cellID, into: &text)
            text += ")"
        }
        return text
    }

    /// The message with the cell it is about in front: `cell 3 (id "abc"): message`.
    public var messageWithCell: String {
        cellDescription.map { "\($0): \(message)" } ?? message
    }

    /// `file:line:column: cell 3 (id "abc"): message` (the location and the cell only when known).
    public var description: String {
        let location = location
        return location.isEmpty ? messageWithCell : "\(location): \(messageWithCell)"
    }
}
