/// Which IPython's input handling to reproduce: one case per set of rules, named for the first release that has
/// them. A new case exists only where a release changed what a cell magic receives or what `%%writefile` writes
/// (found by reading IPython's source, `scripts/ipython_rule_changes.py`); see the IPythonFidelity article.
public enum IPythonVersion: String, Sendable, CaseIterable, CustomStringConvertible {
    /// IPython 7.34: as ``v8``, but an `In [N]: ` prompt is recognised only at the very start of a line (no vi-mode
    /// `[ins] ` / `[nav] ` marker, no leading space).
    case v7Point34 = "7.34"
    /// IPython 8.0 to 8.39, and 9.0.0 and 9.0.1 (8.12.3 is the reference): the first line's indentation is removed
    /// from the lines that start with exactly that indentation; `>>> ` / `... ` prompts are stripped when the first
    /// line or the second carries one.
    case v8 = "8"
    /// IPython 9.0.2 to 9.3: the cell is dedented like `textwrap.dedent` (the common indentation of its non-blank
    /// lines is removed, and lines of only spaces and tabs become empty).
    case v9Point0 = "9.0"
    /// IPython 9.4 and 9.5: as ``v9Point0``, and `%%time` takes `--no-raise-error` (or a prefix of it) on its line, so
    /// `%%time --no-raise-error` above `%%writefile` writes the file; other words are still an error.
    case v9Point4 = "9.4"
    /// IPython 9.6 to 9.9: writes what ``v9Point4`` writes; only two errors are worded differently, as `%%time` now
    /// splits its line leniently and uses `parse_known_args`: an unclosed quote counts as a statement after `%%time`,
    /// and `--no-raise-error=VALUE` gets argparse's own message.
    case v9Point6 = "9.6"
    /// IPython 9.10 to 9.15: doctest prompts. `>>>` (even indented, even on a later line) turns on prompt
    /// stripping for the whole cell outside triple-quoted strings: `>>>` and `...` with the whitespace before them
    /// and one whitespace character after are removed, and each stretch of stripped lines is dedented.
    case v9Point10 = "9.10"
    /// IPython 9.16 to 9.18: as ``v9Point10``, but only a space or tab after a prompt is removed (not a line break), and a
    /// triple-quoted string opened on a prompted line, or after code, is not protected.
    case v9Point16 = "9.16"

    /// The rules of the newest IPython release nb2swift knows (what `9` means).
    public static let newest: IPythonVersion = .v9Point16

    /// The newest release nb2swift has checked, as `MAJOR.MINOR`.
    public static let newestKnownRelease = "9.18"

    /// The releases these rules reproduce, e.g. `9.10 … 9.15`.
    public var releases: String {
        switch self {
        case .v7Point34: "7.34"
        case .v8: "8.0 … 8.39, 9.0.0, 9.0.1"
        case .v9Point0: "9.0.2 … 9.3"
        case .v9Point4: "9.4 … 9.5"
        case .v9Point6: "9.6 … 9.9"
        case .v9Point10: "9.10 … 9.15"
        case .v9Point16: "9.16 … \(Self.newestKnownRelease)"
        }
    }

    /// The name `--ipython` takes for these rules.
    public var description: String { rawValue }

    /// The minor releases published on PyPI for each major version nb2swift knows (7.x: only 7.34 was checked).
    static let publishedMinors: [Int: [Int]] = [
        7: [34],
        8: Array(0...18) + Array(20...39),
        9: Array(0...10) + Array(13...18),
    ]

    /// Reads a version as a user gives it: `MAJOR` (its newest known release: `7`, `8`, `9`), `MAJOR.MINOR` (its
    /// newest patch release) or `MAJOR.MINOR.PATCH`, for the releases nb2swift knows.
    ///
    /// - Throws: a ``Diagnostic`` naming the version and listing the known ones.
    public init(parsing text: String) throws(Diagnostic) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.map { part in
            !part.isEmpty && part.allSatisfy({ ("0"..."9").contains($0) }) ? Int(part) : nil
        }
        guard (1...3).contains(parts.count), !numbers.contains(nil), let major = numbers[0],
            let minors = Self.publishedMinors[major]
        else { throw Self.unknown(text) }
        // One leading zero or none, as IPython spells its versions.
        guard parts.allSatisfy({ $0 == "0" || $0.first != "0" }) else { throw Self.unknown(text) }
        let minor = numbers.count > 1 ? numbers[1]! : minors.last!
        guard minors.contains(minor) else { throw Self.unknown(text) }
        let patch = numbers.count > 2 ? numbers[2] : nil
        switch (major, minor) {
        case (7, _): self = .v7Point34
        case (8, _): self = .v8
        case (9, 0): self = patch.map { $0 < 2 } == true ? .v8 : .v9Point0
        case (9, 1...3): self = .v9Point0
        case (9, 4...5): self = .v9Point4
        case (9, 6...9): self = .v9Point6
        case (9, 10...15): self = .v9Point10
        default: self = .v9Point16
        }
    }

    /// ``init(parsing:)`` for a command-line argument, or `nil` where the version is unknown (ready for
    /// ArgumentParser's `ExpressibleByArgument`).
    public init?(argument: String) {
        guard let version = try? IPythonVersion(parsing: argument) else { return nil }
        self = version
    }

    /// The versions ``init(parsing:)`` accepts, in words, e.g. for a command's help.
    public static var knownVersions: String {
        "8 (8.0 … 8.39; the default), 7.34, 9.0 … 9.10, 9.13 … \(newestKnownRelease), 7 (= 7.34), 9 (= "
            + "\(newestKnownRelease)); MAJOR.MINOR.PATCH too, e.g. 9.0.2 (9.0.0 and 9.0.1 have the rules of 8)"
    }

    // MARK: The rules

    /// `leading_indent`: whether the cell is dedented (`textwrap.dedent`) rather than stripped of its first line's
    /// indentation.
    var dedentsCell: Bool { self >= .v9Point0 }

    /// Which doctest-mode `classic_prompt` applies, if any (otherwise prompts count only on the first two lines).
    var doctestPrompts: DoctestPromptStripper.Variant? {
        switch self {
        case .v7Point34, .v8, .v9Point0, .v9Point4, .v9Point6: nil
        case .v9Point10: .firstDoctest
        case .v9Point16: .quoteAware
        }
    }

    /// Whether an `In [N]: ` prompt may follow a vi-mode marker (`[ins] `, `[nav] `) or a space.
    var recognizesViModePrompts: Bool { self != .v7Point34 }

    /// How `%%time` reads the rest of its line.
    var timeLine: TimeMagicLine.Rules {
        switch self {
        case .v7Point34, .v8, .v9Point0: .mustBeEmpty
        case .v9Point4: .strictArguments
        case .v9Point6, .v9Point10, .v9Point16: .knownArguments
        }
    }

    /// The error for a version `--ipython` does not know: it names the version and lists the known ones.
    static func unknown(_ text: String) -> Diagnostic {
        Diagnostic("unknown IPython version '\(text)'; known: \(knownVersions)")
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    static func >= (left: IPythonVersion, right: IPythonVersion) -> Bool { left.order >= right.order }
}
