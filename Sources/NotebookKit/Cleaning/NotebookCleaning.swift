/// What `nb2swift clean` strips from a notebook before it is committed: outputs, execution counts and the metadata
/// that changes with every run or every machine, keeping what a reader needs. The defaults are nbdev's
/// (`nbdev_clean`): notebook metadata keeps `kernelspec`, `jekyll`, `jupytext`, `doc` and `widgets` (and the
/// kernelspec's `display_name` becomes its `name`), cell metadata keeps `hide_input`, output metadata keeps nothing;
/// unlike nbdev's default, outputs go too (nbdev's `clear_all`), unless ``keepsOutputs``.
///
/// The notebook is rewritten in its own layout (indentation, key order, line endings), so only what was stripped
/// changes, and a clean notebook cleaned again is the same file, byte for byte: `clean` works as a git clean filter
/// (`nb2swift clean --stdin`) and as a pre-commit hook.
public struct NotebookCleaning: Sendable, Equatable {
    /// nbdev's notebook metadata keys, kept by default.
    public static let nbdevMetadataKeys: Set<String> = ["kernelspec", "jekyll", "jupytext", "doc", "widgets"]
    /// nbdev's cell metadata keys, kept by default.
    public static let nbdevCellMetadataKeys: Set<String> = ["hide_input"]

    /// The notebook metadata keys kept (every other key is removed).
    public var metadataKeys: Set<String>
    /// The cell metadata keys kept.
    public var cellMetadataKeys: Set<String>
    /// The output metadata keys kept, when outputs are kept.
    public var outputMetadataKeys: Set<String>
    /// Whether outputs stay (their execution counts and metadata cleaned, as nbdev does by default); by default they
    /// are removed.
    public var keepsOutputs: Bool

    /// Creates a cleaning; the keys given are kept besides nbdev's defaults (as nbdev's `allowed_metadata_keys`,
    /// `allowed_cell_metadata_keys` and `allowed_out_metadata_keys` add to them).
    public init(
        extraMetadataKeys: Set<String> = [], extraCellMetadataKeys: Set<String> = [],
        extraOutputMetadataKeys: Set<String> = [], keepsOutputs: Bool = false
    ) {
        self.metadataKeys = Self.nbdevMetadataKeys.union(extraMetadataKeys)
        self.cellMetadataKeys = Self.nbdevCellMetadataKeys.union(extraCellMetadataKeys)
        self.outputMetadataKeys = extraOutputMetadataKeys
        self.keepsOutputs = keepsOutputs
    }

    /// The cleaned text of the notebook `bytes` (`file` names it in errors): its bytes as they are when it is clean
    /// already. Only an nbformat 4 notebook is cleaned; anything else is an error, and nothing is lost.
    public func cleaned(_ bytes: [UInt8], file: String) throws(Diagnostic) -> [UInt8] {
        // The reader refuses what is not a notebook, with the line and column.
        let notebook = try NotebookReader(sizeLimit: .max).read(bytes: bytes, displayName: file)
        guard notebook.nbformat == 4 else {
            throw Diagnostic("clean reads nbformat 4 notebooks; this one is nbformat \(notebook.nbformat)", file: file)
        }
        let value: JSONValue
        do throws(JSONSyntaxError) { value = try JSONValue(parsing: bytes) } catch {
            throw Diagnostic("invalid JSON: \(error.message)", file: file)
        }
        let clean = cleaned(value)
        guard !JSONRewriter.sameContent(clean, value) else { return bytes }
        guard case .object(let top) = value,
            let text = JSONRewriter(bytes: bytes, topLevelKeys: top.members.map(\.key)).rewrite(value, to: clean)
        else { throw Diagnostic("cannot rewrite the notebook's text", file: file) }
        return text
    }

    /// The notebook value `value` cleaned.
    func cleaned(_ value: JSONValue) -> JSONValue {
        guard case .object(var top) = value else { return value }
        if case .object(var metadata)? = top["metadata"] {
            if case .object(var kernelspec)? = metadata["kernelspec"], let name = kernelspec["name"],
                case .string = name
            {
                kernelspec["display_name"] = name
                metadata["kernelspec"] = .object(kernelspec)
            }
            metadata.members.removeAll { !metadataKeys.contains($0.key) }
            top["metadata"] = .object(metadata)
        }
        if case .array(let cells)? = top["cells"] { top["cells"] = .array(cells.map(cleanedCell)) }
        return .object(top)
    }

    private func cleanedCell(_ value: JSONValue) -> JSONValue {
        guard case .object(var cell) = value else { return value }
        if cell["execution_count"] != nil { cell["execution_count"] = .null }
        if case .array(let outputs)? = cell["outputs"] {
            cell["outputs"] = .array(keepsOutputs ? outputs.map(cleanedOutput) : [])
        }
        if cell["source"] == .array([.string("")]) { cell["source"] = .array([]) }
        if case .object(var metadata)? = cell["metadata"] {
            metadata.members.removeAll { !cellMetadataKeys.contains($0.key) }
            cell["metadata"] = .object(metadata)
        }
        return .object(cell)
    }

    private func cleanedOutput(_ value: JSONValue) -> JSONValue {
        guard case .object(var output) = value else { return value }
        if output["execution_count"] != nil { output["execution_count"] = .null }
        if case .object(var data)? = output["data"] {
            data["application/vnd.google.colaboratory.intrinsic+json"] = nil
            output["data"] = .object(data)
        }
        if case .object(var metadata)? = output["metadata"] {
            metadata.members.removeAll { !outputMetadataKeys.contains($0.key) }
            output["metadata"] = .object(metadata)
        }
        return .object(output)
    }
}
