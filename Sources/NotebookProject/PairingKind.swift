import NotebookKit

/// What a pairing group turns its notebooks into: the one place a kind of pairing is named, read from the config and
/// turned into a conversion mode. A new kind (such as `docs`) is one more case here and in ``Name``; every switch
/// over them, the config reader's included, is exhaustive, so the compiler names each place that must handle it.
public enum PairingKind: Sendable, Equatable {
    /// The files of the notebooks' `%%writefile` cells (`nb2swift files`); a Swift notebook without any becomes a
    /// script unless `scripts = false`.
    case files(scriptsWhenNoFiles: Bool)
    /// One script per Swift notebook, plus its `%%writefile` files (`nb2swift script`); synced both ways.
    case script
    /// The marked cells, exported in a style (`nb2swift export`); swiftai and nbdev are synced both ways.
    case export(ExportStyle)
    /// Each notebook as a DocC article in the catalog that `output` names (`nb2swift docs`); one-way.
    case docs

    /// The names `kind = "…"` takes, one per kind.
    public enum Name: String, CaseIterable, Sendable {
        case files, script, export, docs
    }

    /// The names `kind = "…"` takes.
    public static var names: [String] { Name.allCases.map(\.rawValue) }

    /// The conversion mode that writes the pair's outputs from its notebooks.
    public var mode: ConversionOptions.Mode {
        switch self {
        case .files(let scripts): return .files(scriptsWhenNoFiles: scripts)
        case .script: return .scripts
        case .export(let style): return .export(style)
        case .docs: return .docs
        }
    }

    /// The mode that brings edits of the outputs back into the notebooks (`sync`), when the kind has one.
    public var backMode: ConversionOptions.Mode? {
        switch self {
        case .files: return nil
        case .script: return .notebooks
        case .export(let style): return style.isTwoWay ? .update(style) : nil
        case .docs: return nil
        }
    }

    /// The keys a `[[pair]]` table of this kind takes besides the common ones.
    var keys: Set<String> {
        switch self {
        case .files: return ["scripts", "docs", "header"]
        case .script: return ["docs", "header"]
        case .export: return ["style"]
        case .docs: return []
        }
    }
}
