/// What `%%time` does with the rest of its first line before it runs its body (which may be a `%%writefile`).
enum TimeMagicLine {
    /// The three ways IPython releases read that line.
    enum Rules: Sendable {
        /// IPython 7.34 … 9.3: any text there is an error.
        case mustBeEmpty
        /// IPython 9.4 and 9.5: `parse_argstring(self.time, line)`; words other than `--no-raise-error` (or a prefix
        /// of it) are an error, and an unclosed quote is shlex's `ValueError`.
        case strictArguments
        /// IPython 9.6 …: `parse_argstring(self.time, line, partial=True)`, i.e. lenient splitting and
        /// `parse_known_args`; argparse's own errors are reported as such, other words are an error.
        case knownArguments
    }

    private static let parser = MagicArgumentParser(
        flags: [.init(short: nil, long: "--no-raise-error")], positional: nil)

    private static let statementError = Diagnostic.ipythonUsage("Can't use statement directly after '%%time'!")

    /// The error IPython raises for `line` above a cell body, or `nil` when the body runs.
    static func error(for line: String, rules: Rules) -> Diagnostic? {
        switch rules {
        case .mustBeEmpty:
            return line.isEmpty ? nil : statementError
        case .strictArguments:
            let words: [String]
            do { words = try MagicArgumentSplitter.split(line) } catch { return error }
            do { _ = try parser.parse(words) } catch { return statementError }
            return nil
        case .knownArguments:
            do {
                let (_, extras) = try parser.parseKnownArguments(
                    MagicArgumentSplitter.splitKeepingUnclosedQuote(line))
                return extras.isEmpty ? nil : statementError
            } catch {
                return error
            }
        }
    }
}
