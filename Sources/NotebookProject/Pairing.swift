import NotebookKit

/// One pairing group of a project (a `[[pair]]` table of `nb2swift.toml`): which notebooks, what they become, and
/// where it goes.
public struct Pairing: Sendable, Equatable {
    /// The group's name in messages (`name = …`; by default its first notebook path).
    public var name: String
    /// The notebooks, or folders searched for them, as absolute paths.
    public var notebooks: [String]
    /// What the notebooks become.
    public var kind: PairingKind
    /// The folder the outputs go to, absolute (`output = …`); `nil`: each notebook's own folder.
    public var output: String?
    /// Whether generated files get the generated-file header (`header = …`; the project's by default).
    public var addsHeader: Bool
    /// Whether the markdown before each `%%writefile` cell goes on top of its file (`docs = true`).
    public var docs: Bool
}
