/// The export-marker conventions `nb2swift export` and `nb2swift update` understand.
///
/// - ``fastai``: fast.ai course-v3's `// export` cells, one package per notebook (one way).
/// - ``swiftai``: fast.ai swiftai's `//cellN` modules (both ways).
/// - ``nbdev``: nbdev's `//| default_exp` and `//| export` directives, cells marked by id (both ways; the default).
public enum ExportStyle: String, Sendable, Equatable, CaseIterable {
    case fastai
    case swiftai
    case nbdev

    /// The folder, under the output root, where export keeps what it wrote (the export state of each notebook).
    public static let stateFolder = ".nb2swift"

    /// Whether `nb2swift update` can bring edits back from files of this style.
    public var isTwoWay: Bool { self != .fastai }
}
