import NotebookKit

/// A notebook project driven by its `nb2swift.toml` (``ProjectConfig``): `nb2swift` with no paths runs every
/// pairing group, `nb2swift --check` checks them all, `nb2swift clean` cleans every notebook of the project.
public struct Project: Sendable {
    /// The project's config.
    public var config: ProjectConfig
    /// The folder paths are shown relative to (the current directory by default).
    public var displayBase: String

    /// Creates a project from its config.
    public init(config: ProjectConfig, displayBase: String? = nil) {
        self.config = config
        self.displayBase = displayBase.map(ProjectPaths.absolute) ?? ProjectPaths.currentDirectory
    }

    /// The conversion options of a pairing group, for `mode` and `action`.
    public func options(for pairing: Pairing, mode: ConversionOptions.Mode? = nil, action: ConversionOptions.Action)
        -> ConversionOptions
    {
        var options = ConversionOptions(
            mode: mode ?? pairing.kind.mode, action: action, outputFolder: pairing.output,
            addsHeader: pairing.addsHeader, docs: pairing.docs, ipython: config.ipython, displayBase: displayBase)
        options.excludedPaths = config.excludedPaths
        options.cleaning = config.cleaning
        return options
    }

    /// Runs every pairing group, in the config's order: writes their outputs (`.write`), checks them (`.check`) or
    /// lists them (`.list`). Each group's report is kept; the status is the worst of them.
    public func run(_ action: ConversionOptions.Action) -> ConversionReport {
        var combined = ConversionReport()
        for pairing in config.pairings {
            combined.merge(
                Conversion(options(for: pairing, action: action)).run(shown(pairing.notebooks)), label: pairing.name)
        }
        return combined
    }

    /// Cleans (`.write`) or checks (`.check`) every notebook of every pairing group, each once.
    public func clean(_ action: ConversionOptions.Action) -> ConversionReport {
        var paths: [String] = []
        for pairing in config.pairings {
            for path in pairing.notebooks where !paths.contains(path) { paths.append(path) }
        }
        guard let first = config.pairings.first else { return ConversionReport() }
        return Conversion(options(for: first, mode: .clean, action: action)).run(shown(paths))
    }

    /// The paths as the run shows them: relative to ``displayBase`` where they lie under it.
    public func shown(_ paths: [String]) -> [String] { paths.map { ProjectPaths.relative($0, to: displayBase) } }
}

extension ConversionReport {
    /// Adds the entries of `other`, a pairing group's report, taking the worse status; its summary is labelled with
    /// the group's name. A diagnostic already reported (a notebook two groups could not read) is not repeated.
    public mutating func merge(_ other: ConversionReport, label: String) {
        for entry in other.entries {
            if case .diagnostic = entry, entries.contains(entry) { continue }
            entries.append(entry)
        }
        if let summary = other.summary {
            self.summary = (self.summary.map { $0 + "; " } ?? "") + "\(label): \(summary)"
        }
        if other.status.severity > status.severity { status = other.status }
    }
}

extension ConversionStatus {
    /// How bad a status is, for combining reports: success, then stale, then partly done, then failed.
    var severity: Int {
        switch self {
        case .success: return 0
        case .checkFailed: return 1
        case .partial: return 2
        case .failed: return 3
        }
    }
}
