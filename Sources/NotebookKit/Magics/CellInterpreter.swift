#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What running one code cell in IPython does, as far as files are concerned.
enum CellEffect: Sendable, Equatable {
    /// Nothing nb2swift reproduces: ordinary code, or another magic.
    case none
    /// The cell writes (or appends) `body` to a file.
    case writefile(WritefileCommand, body: String, printsMessage: Bool)
    /// IPython would raise this error for the cell (or nb2swift cannot know what it would do).
    case rejected(Diagnostic)
}

/// Decides what a code cell does, reproducing IPython's cell-magic handling, including `%%time` and `%%capture`
/// stacked above `%%writefile` (each runs its body through IPython's input handling again).
struct CellInterpreter: Sendable {
    /// Which IPython to reproduce.
    var version: IPythonVersion
    /// Values for `$name` / `{name}` in magic lines.
    var expansion: MagicLineExpansion
    /// What `~` expands to.
    var homeDirectory: String?

    /// Creates an interpreter.
    init(version: IPythonVersion = .v8, expansion: MagicLineExpansion = .init(), homeDirectory: String? = nil) {
        self.version = version
        self.expansion = expansion
        self.homeDirectory = homeDirectory
    }

    /// The cell magics that nb2swift interprets; a case variant of one of these is reported as IPython reports it.
    static let interpretedMagics: Set<String> = ["writefile", "file", "time", "capture"]

    /// The effect of running a code cell whose source is `source`.
    func effect(ofCode source: String) -> CellEffect {
        // Clean-up only removes text (blank lines, indentation, prompts), so a cell magic's `%%`, or a `%%name?` help
        // request, is in the source as it is: a cell without one is plain code, whatever IPython version.
        guard Self.containsDoublePercent(source) else { return .none }
        return effect(ofCode: source, printsMessage: true, depth: 0)
    }

    /// Whether `%%` occurs anywhere in `source`.
    static func containsDoublePercent(_ source: String) -> Bool {
        // Most cells hold no `%` at all: `memchr` finds each one.
        let found: Bool? = source.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            var position = 0
            while position < bytes.count,
                let percent = memchr(base + position, Int32(UInt8(ascii: "%")), bytes.count - position)
            {
                let next = base.distance(to: percent.assumingMemoryBound(to: UInt8.self)) + 1
                if next < bytes.count && bytes[next] == UInt8(ascii: "%") { return true }
                position = next
            }
            return false
        }
        if let found { return found }
        var afterPercent = false
        for byte in source.utf8 {
            let isPercent = byte == UInt8(ascii: "%")
            if isPercent && afterPercent { return true }
            afterPercent = isPercent
        }
        return false
    }

    /// The effect of a code cell, worked out in full (the entry skips sources without `%%`); a rejection says how
    /// many cell magics deep it is (``Diagnostic/magicDepth``).
    func effect(ofCode source: String, printsMessage: Bool, depth: Int) -> CellEffect {
        let effect = interpret(source, printsMessage: printsMessage, depth: depth)
        guard case .rejected(var error) = effect, error.magicDepth == nil else { return effect }
        error.magicDepth = depth
        return .rejected(error)
    }

    /// The effect of a code cell at `depth` cell magics deep, without saying where a rejection is.
    private func interpret(_ source: String, printsMessage: Bool, depth: Int) -> CellEffect {
        let lines = CellTransformer(version: version).cleanedLines(of: source)
        if let help = Self.helpRequest(lines) {
            return .rejected(.ipythonUsage("Line magic function `\(help)` not found."))
        }
        guard let call = CellMagicCall.parse(cleanedLines: lines) else { return .none }
        let name = call.name
        let known = Self.interpretedMagics.contains(name)
        if !known {
            let notFound =
                name.isEmpty || name.unicodeScalars.contains(where: PythonText.isSpace)
                || Self.interpretedMagics.contains(name.lowercased())
            return notFound ? .rejected(.ipythonUsage("Cell magic `%%\(name)` not found.")) : .none
        }
        if call.body.isEmpty {
            // `time` is also a line magic, and IPython then suggests it.
            let hint = name == "time" ? " Did you mean the line magic %time (single %)?" : ""
            return .rejected(.ipythonUsage("%%\(name) is a cell magic, but the cell body is empty.\(hint)"))
        }
        guard depth < 64 else { return .rejected(.ipythonUsage("too many stacked cell magics")) }
        switch name {
        case "time":
            if let error = TimeMagicLine.error(for: call.line, rules: version.timeLine) { return .rejected(error) }
            return effect(ofCode: call.body, printsMessage: printsMessage, depth: depth + 1)
        case "capture":
            let words: [String]
            do { words = try MagicArgumentSplitter.split(expandedOrSelf(call.line)) } catch { return .rejected(error) }
            let parser = MagicArgumentParser(
                flags: [
                    .init(short: nil, long: "--no-stderr"), .init(short: nil, long: "--no-stdout"),
                    .init(short: nil, long: "--no-display"),
                ], positional: .optional("output"))
            let captured: Bool
            do { captured = !(try parser.parse(words).flags.contains("--no-stdout")) } catch { return .rejected(error) }
            return effect(ofCode: call.body, printsMessage: printsMessage && !captured, depth: depth + 1)
        default:
            let line: String
            switch expansion.expand(call.line) {
            case .expanded(let expanded): line = expanded
            case .needsValues(let fields):
                let names = fields.map { "`\($0)`" }.joined(separator: ", ")
                return .rejected(
                    Diagnostic(
                        "the magic line uses \(names), which only running the notebook can evaluate; "
                            + "give values with --define NAME=VALUE"))
            }
            do {
                let command = try WritefileCommand.parse(line: line, homeDirectory: homeDirectory)
                return .writefile(command, body: call.body, printsMessage: printsMessage)
            } catch {
                return .rejected(error)
            }
        }
    }

    /// `%%writefile? ...` (an interpreted magic's name followed by `?`): IPython treats the first word as a line
    /// magic named `%writefile?` and fails; the first word is returned.
    private static func helpRequest(_ lines: [String]) -> String? {
        guard let first = lines.first, first.unicodeScalars.starts(with: "%%".unicodeScalars) else { return nil }
        let rest = first.unicodeScalars.dropFirst(2)
        let name = String(String.UnicodeScalarView(rest.prefix(while: PythonText.isWordCharacter)))
        guard !name.isEmpty, rest.dropFirst(name.unicodeScalars.count).first == "?",
            interpretedMagics.contains(name)
        else { return nil }
        return String(String.UnicodeScalarView(first.unicodeScalars.prefix { !PythonText.isSpace($0) }))
    }

    private func expandedOrSelf(_ line: String) -> String {
        if case .expanded(let expanded) = expansion.expand(line) { return expanded }
        return line
    }
}
