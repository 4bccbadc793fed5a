/// One file a plan will write: where, with which exact bytes, and which cells made it.
public struct PlannedFile: Sendable, Equatable {
    /// The path relative to the plan's output root, as the notebook spelled it after normalisation
    /// (no `.` components, `/` separators). Absolute only when writing outside the root was allowed.
    public var path: String
    /// The complete final bytes of the file.
    public var bytes: [UInt8]
    /// The cells that contributed to the file, in order.
    public var cells: [CellReference]
    /// The notebook the file comes from, as shown to the user.
    public var notebook: String

    /// Creates a planned file.
    public init(path: String, bytes: [UInt8], cells: [CellReference], notebook: String) {
        self.path = path
        self.bytes = bytes
        self.cells = cells
        self.notebook = notebook
    }
}
