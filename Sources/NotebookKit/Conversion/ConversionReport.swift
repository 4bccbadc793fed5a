/// What a ``Conversion`` did: its status, the plans it made, and the lines a command line prints, in order.
public struct ConversionReport: Sendable {
    /// One line of the report.
    public struct Line: Sendable, Equatable, CustomStringConvertible {
        /// What a line tells.
        public enum Kind: Sendable, Equatable {
            /// IPython's own message for a cell (`Writing a.swift`); `--quiet` leaves these out.
            case message
            /// A cell that could not take effect, located (`error: nb.ipynb: cell 4 (id "x"), line 12: ...`).
            case rejection
            /// An input that was read but needs nothing done, or a remark on what was kept or dropped.
            case note
            /// An input or write error.
            case error
            /// The closing line of a run that failed or found differences.
            case summary
            /// One planned file (`--list`): path, size, cells.
            case listing
            /// One difference found by `--check` (a stale file with its diff, a missing or orphaned file).
            case finding
        }

        /// What the line tells.
        public var kind: Kind
        /// The text, without a trailing newline.
        public var text: String

        /// Creates a line.
        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }

        /// Whether the line is the run's result (listings and findings, for standard output) rather than a remark
        /// on the way (standard error).
        public var isResult: Bool { kind == .listing || kind == .finding }

        public var description: String { text }
    }

    /// How the run ended.
    public var status: ConversionStatus = .success
    /// The lines to show, in order.
    public var lines: [Line] = []
    /// The plans, one per input read, in input order.
    public var plans: [ExportPlan] = []
    /// What `--check` found.
    public var findings: [PlanChecker.Finding] = []

    /// Creates an empty report.
    public init() {}

    /// The lines of one kind.
    public func lines(_ kind: Line.Kind) -> [String] { lines.filter { $0.kind == kind }.map(\.text) }

    mutating func add(_ kind: Line.Kind, _ text: String) { lines.append(Line(kind, text)) }
}
