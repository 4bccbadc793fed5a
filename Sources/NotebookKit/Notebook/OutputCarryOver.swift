/// What a script does not hold — outputs, execution counts, attachments — carried over from the notebook it
/// updates, as `jupytext --update` does.
///
/// Each cell of the new notebook takes them from the existing notebook's cell of the same type with its id (nbformat's
/// `id`, else the `metadata.id` Colab gives every cell), else from the one at its position with the same source, else
/// from the first one not yet taken with the same source, else — a cell with no id edited in place, as Jupyter keeps
/// the outputs of a cell whose source is edited — from the id-less one at its position when both notebooks have as
/// many cells. A cell that keeps an existing cell's source form (one string rather than a list of lines) keeps that
/// form. The outputs and attachments of existing cells that nothing takes are reported, never dropped silently.
struct OutputCarryOver {
    /// The existing notebook, as read.
    let existingValue: JSONValue
    /// The existing notebook's cells.
    private let existing: [JSONValue.OrderedMembers]

    /// Reads the existing notebook's bytes; only an nbformat 4 notebook can be updated (else the error says why the
    /// file will not be replaced).
    init(existing bytes: [UInt8]) throws(Diagnostic) {
        let value: JSONValue
        do throws(JSONSyntaxError) { value = try JSONValue(parsing: bytes) } catch {
            throw Diagnostic("it is not valid JSON (\(error.message))")
        }
        guard case .object(let top) = value, case .number(let major)? = top["nbformat"] else {
            throw Diagnostic("it is not a notebook (no `nbformat`)")
        }
        guard major == "4", case .array(let cells)? = top["cells"] else {
            throw Diagnostic("it is nbformat \(major); only an nbformat 4 notebook's outputs can be carried over")
        }
        existing = cells.map { if case .object(let members) = $0 { members } else { [:] } }
        existingValue = value
    }

    /// The existing notebook's text with `value` written over it: the bytes of every part that did not change are kept
    /// (``JSONRewriter``).
    func rewrite(_ bytes: [UInt8], to value: JSONValue) -> [UInt8]? {
        guard case .object(let top) = existingValue else { return nil }
        return JSONRewriter(bytes: bytes, topLevelKeys: top.members.map(\.key)).rewrite(existingValue, to: value)
    }

    /// The outcome of an update.
    struct Outcome {
        /// The new notebook's cells with what they take from the existing ones.
        var cells: [JSONValue]
        /// How many cells took outputs, an execution count or attachments.
        var keptCount: Int
        /// A note per existing cell whose outputs or attachments nothing took.
        var dropped: [Diagnostic]
    }

    /// Carries over outputs, execution counts and attachments into `cells` (the new notebook's cell objects).
    func apply(to cells: [JSONValue], notebook: String) -> Outcome {
        var taken = Set<Int>()
        var idIndex: [String: Int] = [:]
        var colabIndex: [String: Int] = [:]
        for (index, cell) in existing.enumerated() {
            if case .string(let id)? = cell["id"], idIndex[id] == nil { idIndex[id] = index }
            if let id = Self.colabID(of: cell), colabIndex[id] == nil { colabIndex[id] = index }
        }
        let sameCount = cells.count == existing.count
        let existingSources = existing.map(Self.source)
        var result: [JSONValue] = []
        var keptCount = 0
        for (position, value) in cells.enumerated() {
            guard case .object(var cell) = value else {
                result.append(value)
                continue
            }
            let kind = cell["cell_type"]
            let source = Self.source(of: cell)
            func fits(_ index: Int) -> Bool { !taken.contains(index) && existing[index]["cell_type"] == kind }
            var match: Int?
            if case .string(let id)? = cell["id"], let index = idIndex[id], fits(index) {
                match = index
            } else if let id = Self.colabID(of: cell), let index = colabIndex[id], fits(index) {
                match = index
            } else if position < existing.count, fits(position), existingSources[position] == source {
                match = position
            } else if let index = existing.indices.first(where: { fits($0) && existingSources[$0] == source }) {
                match = index
            } else if sameCount, fits(position), !Self.hasID(cell), !Self.hasID(existing[position]) {
                match = position
            }
            if let match {
                taken.insert(match)
                if case .string = existing[match]["source"], let source { cell["source"] = .string(source) }
                var carried = false
                for key in ["outputs", "execution_count", "attachments"] {
                    guard let old = existing[match][key], cell[key] != nil || key == "attachments" else { continue }
                    cell[key] = old
                    switch old {
                    case .null, .array([]), .object([:]): break
                    default: carried = true
                    }
                }
                if carried { keptCount += 1 }
            }
            result.append(.object(cell))
        }
        var dropped: [Diagnostic] = []
        for (index, cell) in existing.enumerated() where !taken.contains(index) {
            var lost: [String] = []
            if case .array(let outputs)? = cell["outputs"], !outputs.isEmpty {
                lost.append("\(outputs.count) output(s)")
            }
            if case .object(let attachments)? = cell["attachments"], !attachments.members.isEmpty {
                lost.append("\(attachments.members.count) attachment(s)")
            }
            guard !lost.isEmpty else { continue }
            var id: String?
            if case .string(let text)? = cell["id"] { id = text }
            dropped.append(
                Diagnostic(
                    "its \(lost.joined(separator: " and ")) are dropped: the script no longer has the cell",
                    file: notebook, cellIndex: index, cellID: id, severity: .note))
        }
        return Outcome(cells: result, keptCount: keptCount, dropped: dropped)
    }

    /// The id Colab keeps in a cell's metadata (`metadata.id`), if any.
    private static func colabID(of cell: JSONValue.OrderedMembers) -> String? {
        guard case .object(let metadata)? = cell["metadata"], case .string(let id)? = metadata["id"] else { return nil }
        return id
    }

    /// Whether a cell has an id of either kind.
    private static func hasID(_ cell: JSONValue.OrderedMembers) -> Bool {
        cell["id"] != nil || colabID(of: cell) != nil
    }

    /// A cell's source joined into one string (nbformat allows a string or a list of strings).
    private static func source(of cell: JSONValue.OrderedMembers) -> String? {
        switch cell["source"] {
        case .string(let text)?: return text
        case .array(let items)?:
            var text = ""
            for item in items {
                guard case .string(let line) = item else { return nil }
                text += line
            }
            return text
        default: return nil
        }
    }
}
