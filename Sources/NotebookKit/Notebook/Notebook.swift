/// A Jupyter notebook in memory, upgraded to the nbformat 4 shape whatever version it was read from.
///
/// Outputs are never materialised: the converter does not need them, and skipping them is what
/// keeps reading a notebook full of images fast.
public struct Notebook: Sendable, Equatable {
    /// The major nbformat version the file declared (3 or 4).
    public var nbformat: Int
    /// The minor nbformat version the file declared.
    public var nbformatMinor: Int
    /// Notebook-level metadata (kernelspec, language_info, ...), kept as JSON.
    public var metadata: JSONValue
    /// The cells, in notebook order.
    public var cells: [Cell]

    /// Creates a notebook from its parts.
    public init(nbformat: Int = 4, nbformatMinor: Int = 5, metadata: JSONValue = .object([:]), cells: [Cell]) {
        self.nbformat = nbformat
        self.nbformatMinor = nbformatMinor
        self.metadata = metadata
        self.cells = cells
    }
}
