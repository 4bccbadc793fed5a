/// The subset of Python's `argparse` (3.11) that IPython's magic argument parsers use: boolean flags and at most
/// one positional argument, with argparse's prefix matching, combined short flags and error messages.
struct MagicArgumentParser: Sendable {
    /// A `store_true` flag, e.g. `-a/--append`.
    struct Flag: Sendable {
        var short: String?
        var long: String
        var optionStrings: [String] { [short, long].compactMap { $0 } }
        var displayName: String { optionStrings.joined(separator: "/") }
    }

    /// How many values the positional takes.
    enum Positional: Sendable {
        /// Exactly one (argparse's default `nargs`).
        case required(String)
        /// Zero or one (`nargs='?'`).
        case optional(String)
    }

    var flags: [Flag]
    /// The positional argument, if the magic takes one.
    var positional: Positional?

    /// What was parsed: the long names of the flags given, and the positional's value.
    struct Result: Equatable {
        var flags: Set<String>
        var positional: String?
    }

    private enum Item {
        case argument(String)
        case separator
        case option(Flag, explicit: String?)
        case unknownOption(String)
    }

    /// `parse_args`: unrecognized words are an error.
    func parse(_ words: [String]) throws(Diagnostic) -> Result {
        let (result, extras) = try parseKnownArguments(words)
        if !extras.isEmpty { throw .ipythonUsage("unrecognized arguments: \(extras.joined(separator: " "))") }
        return result
    }

    /// `parse_known_args`: what was parsed, and the words no argument took (in order).
    func parseKnownArguments(_ words: [String]) throws(Diagnostic) -> (Result, extras: [String]) {
        var items: [Item] = []
        var afterSeparator = false
        for word in words {
            if afterSeparator {
                items.append(.argument(word))
            } else if word == "--" {
                items.append(.separator)
                afterSeparator = true
            } else {
                items.append(try classify(word))
            }
        }
        var given: Set<String> = []
        var value: String?
        var positionalDone = false
        var extras: [String] = []
        var run: [Item] = []
        func consumeRun(final: Bool) {
            defer { run = [] }
            var remaining = run[...]
            if let positional, !positionalDone, !run.isEmpty || final {
                switch positional {
                case .required:
                    let leadingSeparators = remaining.prefix { if case .separator = $0 { true } else { false } }.count
                    if case .argument(let word)? = remaining.dropFirst(leadingSeparators).first {
                        value = word
                        positionalDone = true
                        remaining = remaining.dropFirst(leadingSeparators + 1)
                        remaining = remaining.drop { if case .separator = $0 { true } else { false } }
                    }
                case .optional:
                    positionalDone = true
                    let leadingSeparators = remaining.prefix { if case .separator = $0 { true } else { false } }.count
                    remaining = remaining.dropFirst(leadingSeparators)
                    if case .argument(let word)? = remaining.first {
                        value = word
                        remaining = remaining.dropFirst()
                    }
                    remaining = remaining.drop { if case .separator = $0 { true } else { false } }
                }
            }
            for item in remaining {
                switch item {
                case .argument(let word): extras.append(word)
                case .separator: extras.append("--")
                default: break
                }
            }
        }
        for item in items {
            switch item {
            case .argument, .separator:
                run.append(item)
            case .option(let flag, let explicit):
                if !run.isEmpty { consumeRun(final: false) }
                try apply(flag, explicit: explicit, to: &given)
            case .unknownOption(let word):
                if !run.isEmpty { consumeRun(final: false) }
                extras.append(word)
            }
        }
        consumeRun(final: true)
        if case .required(let name)? = positional, value == nil {
            throw .ipythonUsage("the following arguments are required: \(name)")
        }
        return (Result(flags: given, positional: value), extras)
    }

    private func apply(_ flag: Flag, explicit: String?, to given: inout Set<String>) throws(Diagnostic) {
        var flag = flag
        var optionString = flag.short ?? flag.long
        var explicit = explicit
        while true {
            given.insert(flag.long)
            guard let argument = explicit else { return }
            let isShort = optionString.count == 2 && optionString.first == "-" && optionString.dropFirst().first != "-"
            guard isShort, let next = argument.first else {
                throw .ipythonUsage(
                    "argument \(flag.displayName): ignored explicit argument \(PythonRepr.repr(argument))")
            }
            let nextOption = "-" + String(next)
            let rest = String(argument.dropFirst())
            guard let nextFlag = flags.first(where: { $0.short == nextOption }) else {
                throw .ipythonUsage(
                    "argument \(flag.displayName): ignored explicit argument \(PythonRepr.repr(argument))")
            }
            flag = nextFlag
            optionString = nextOption
            explicit = rest.isEmpty ? nil : rest
        }
    }

    private func classify(_ word: String) throws(Diagnostic) -> Item {
        guard word.first == "-" else { return .argument(word) }
        if let flag = flags.first(where: { $0.optionStrings.contains(word) }) { return .option(flag, explicit: nil) }
        if word.count == 1 { return .argument(word) }
        if let equals = word.firstIndex(of: "=") {
            let name = String(word[..<equals])
            if let flag = flags.first(where: { $0.optionStrings.contains(name) }) {
                return .option(flag, explicit: String(word[word.index(after: equals)...]))
            }
        }
        var matches: [(Flag, String, String?)] = []
        if word.hasPrefix("--") {
            let prefix: String
            let explicit: String?
            if let equals = word.firstIndex(of: "=") {
                prefix = String(word[..<equals])
                explicit = String(word[word.index(after: equals)...])
            } else {
                prefix = word
                explicit = nil
            }
            for flag in flags {
                for option in flag.optionStrings where option.hasPrefix(prefix) {
                    matches.append((flag, option, explicit))
                }
            }
        } else {
            let shortPrefix = String(word.prefix(2))
            let shortExplicit = String(word.dropFirst(2))
            for flag in flags {
                for option in flag.optionStrings {
                    if option == shortPrefix {
                        matches.append((flag, option, shortExplicit))
                    } else if option.hasPrefix(word) {
                        matches.append((flag, option, nil))
                    }
                }
            }
        }
        if matches.count > 1 {
            let names = matches.map(\.1).joined(separator: ", ")
            throw .ipythonUsage("ambiguous option: \(word) could match \(names)")
        }
        if let match = matches.first {
            // A short prefix match carries its explicit argument as given after the two-character option.
            return .option(match.0, explicit: match.2)
        }
        if Self.looksLikeNegativeNumber(word) || word.contains(" ") { return .argument(word) }
        return .unknownOption(word)
    }

    /// argparse's `^-\d+$|^-\d*\.\d+$`.
    private static func looksLikeNegativeNumber(_ word: String) -> Bool {
        let body = word.unicodeScalars.dropFirst()
        let isDigit = PythonText.isDecimalDigit
        if !body.isEmpty, body.allSatisfy(isDigit) { return true }
        guard let dot = body.firstIndex(of: ".") else { return false }
        let before = body[..<dot]
        let after = body[body.index(after: dot)...]
        return before.allSatisfy(isDigit) && !after.isEmpty && after.allSatisfy(isDigit)
    }
}
