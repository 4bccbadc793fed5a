/// What a ``Conversion`` did: how it ended, and what it has to say, in order.
///
/// The report is values only: the library prints nothing. The `nb2swift` command prints the messages and
/// diagnostics on standard error, the listings and findings (the run's results) on standard output, and exits with
/// ``status``.
public struct ConversionReport: Sendable {
    /// One thing the run says.
    public enum Entry: Sendable, Equatable {
        /// What a mode says as it goes: IPython's own message for a cell (`Writing a.swift`), a file export wrote, a
        /// cell update brought back. `--quiet` leaves these out.
        case message(String)
        /// An error, warning or note: an unreadable input, a rejected cell, a file the run will not replace, an
        /// input skipped.
        case diagnostic(Diagnostic)
        /// One planned file (`--list`): `path<TAB>N bytes<TAB>notebook: cells`.
        case listing(String)
        /// One difference `--check` found: a stale file with its diff, a missing or orphaned file, a cell to update.
        case finding(String)
    }

    /// How the run ended.
    public var status: ConversionStatus = .success
    /// What the run says, in order.
    public var entries: [Entry] = []
    /// Why a run stopped or what `--check` found, in one sentence (`1 cell(s) were rejected; nothing was written`);
    /// `nil` when it went through.
    public var summary: String?
    /// The plans, one or more per input read, in input order.
    var plans: [ExportPlan] = []
    /// What `--check` found.
    var findings: [PlanChecker.Finding] = []

    /// Creates an empty report.
    public init() {}

    /// The messages, in order.
    public var messages: [String] { entries.compactMap { if case .message(let text) = $0 { text } else { nil } } }

    /// The diagnostics, in order.
    public var diagnostics: [Diagnostic] {
        entries.compactMap { if case .diagnostic(let diagnostic) = $0 { diagnostic } else { nil } }
    }

    /// The listing lines (`--list`), in order.
    public var listings: [String] { entries.compactMap { if case .listing(let text) = $0 { text } else { nil } } }

    /// The findings of `--check`, each as printed, in order.
    public var findingLines: [String] {
        entries.compactMap { if case .finding(let text) = $0 { text } else { nil } }
    }

    /// The diagnostics of one severity, each as ``Diagnostic/description`` gives it.
    func lines(_ severity: Diagnostic.Severity) -> [String] {
        diagnostics.filter { $0.severity == severity }.map(\.description)
    }

    mutating func add(_ diagnostic: Diagnostic) { entries.append(.diagnostic(diagnostic)) }

    mutating func add(message: String) { entries.append(.message(message)) }
}
