/// IPython 9.10's `classic_prompt` (`PromptStripper(..., doctest=True)`), which replaced the "prompt on the first or
/// second line" rule: a `>>>` anywhere outside triple-quoted strings makes the whole cell a pasted doctest.
///
/// Reproduced from IPython's `inputtransformer2.py` (9.10.0 and 9.16.0, unchanged up to 9.18.1), with Python's
/// `re` semantics (`\s` is `str.isspace`):
/// 1. a mask marks the lines inside triple-quoted strings (a small state machine over `"""` / `'''` not preceded by
///    a backslash; a mismatched triple quote inside a string is ignored);
/// 2. if no line outside the mask matches `^\s*>>>`, the cell is left alone;
/// 3. otherwise each line outside the mask loses `^\s*>>>` or else `^\s*\.\.\.`, with one following whitespace
///    character (`\s?`, 9.10) or space or tab (`[ \t]?`, 9.16);
/// 4. the cell is cut into runs of lines with the same mask value, and each run outside strings in which a line was
///    stripped goes through `textwrap.dedent` (so its whitespace-only lines become empty) and `splitlines`.
struct DoctestPromptStripper: Sendable {
    /// The two versions of the algorithm.
    enum Variant: Sendable {
        /// IPython 9.10 … 9.15: one `\s` after the prompt goes (a line break too); every line from the one that
        /// opens a triple-quoted string to the one before it closes is protected.
        case firstDoctest
        /// IPython 9.16 …: one space or tab after the prompt goes; a string is protected only when what precedes
        /// its opening quotes on that line is, once a prompt is removed, a string prefix (`r`, `b`, `f`, `u`, or
        /// nothing) and not a prompted line after an earlier `>>>` line. The closing line is then not protected.
        case quoteAware
    }

    var variant: Variant

    /// The cell's lines (terminators kept) with doctest prompts removed.
    func strip(_ lines: [String]) -> [String] {
        guard !lines.isEmpty else { return lines }
        let inString = tripleQuoteMask(lines)
        let hasPrompt = zip(lines, inString).contains { line, masked in
            !masked && Self.leadingSpaceCount(line.unicodeScalars, then: ">>>") != nil
        }
        guard hasPrompt else { return lines }

        var stripped: [String] = []
        var changed: [Bool] = []
        for (line, masked) in zip(lines, inString) {
            let length =
                masked
                ? nil
                : promptLength(line.unicodeScalars, prompt: ">>>")
                    ?? promptLength(
                        line.unicodeScalars, prompt: "...")
            guard let length else {
                stripped.append(line)
                changed.append(false)
                continue
            }
            stripped.append(String(String.UnicodeScalarView(line.unicodeScalars.dropFirst(length))))
            changed.append(true)
        }

        var result: [String] = []
        var start = 0
        while start < stripped.count {
            var end = start
            while end < stripped.count, inString[end] == inString[start] { end += 1 }
            if !inString[start], changed[start..<end].contains(true) {
                result += PythonText.splitLinesKeepingEnds(Dedent.dedent(stripped[start..<end].joined()))
            } else {
                result += stripped[start..<end]
            }
            start = end
        }
        return result
    }

    /// `_triple_quote_mask`: for each line, whether it counts as inside a triple-quoted string.
    func tripleQuoteMask(_ lines: [String]) -> [Bool] {
        var mask: [Bool] = []
        var openQuote: Unicode.Scalar?
        var protects = false
        var seenPrompt = false
        for line in lines {
            let scalars = Array(line.unicodeScalars)
            switch variant {
            case .firstDoctest: mask.append(openQuote != nil)
            case .quoteAware: mask.append(openQuote != nil && protects)
            }
            // `(?<!\\)("""|''')` with `finditer`: leftmost, non-overlapping.
            var position = 0
            while position + 3 <= scalars.count {
                let quote = scalars[position]
                guard quote == "\"" || quote == "'", scalars[position + 1] == quote, scalars[position + 2] == quote,
                    position == 0 || scalars[position - 1] != "\\"
                else {
                    position += 1
                    continue
                }
                if openQuote == nil {
                    openQuote = quote
                    switch variant {
                    case .firstDoctest:
                        mask[mask.count - 1] = true
                    case .quoteAware:
                        let before = scalars[..<position]
                        var rest = before
                        if let length = promptLength(rest, prompt: ">>>") { rest = rest.dropFirst(length) }
                        if let length = promptLength(rest, prompt: "...") { rest = rest.dropFirst(length) }
                        let promptedCode = rest.count != before.count && seenPrompt
                        protects = !promptedCode && Self.isStringPrefix(Self.trimmingSpace(rest))
                        mask[mask.count - 1] = protects
                    }
                } else if openQuote == quote {
                    openQuote = nil
                    protects = false
                }
                position += 3
            }
            seenPrompt = seenPrompt || Self.leadingSpaceCount(line.unicodeScalars, then: ">>>") != nil
        }
        return mask
    }

    /// The length of `^\s*PROMPT` plus the one character after it that the variant removes, if the line starts so.
    private func promptLength<C: Collection<Unicode.Scalar>>(_ line: C, prompt: String) -> Int? {
        guard let end = Self.leadingSpaceCount(line, then: prompt) else { return nil }
        guard let next = line.dropFirst(end).first else { return end }
        let removesNext =
            switch variant {
            case .firstDoctest: PythonText.isSpace(next)
            case .quoteAware: next == " " || next == "\t"
            }
        return removesNext ? end + 1 : end
    }

    /// The length of `^\s*` followed by `prompt`, if the line starts so (`\s*` cannot give back: prompts are not
    /// whitespace).
    private static func leadingSpaceCount<C: Collection<Unicode.Scalar>>(_ line: C, then prompt: String) -> Int? {
        let spaces = line.prefix(while: PythonText.isSpace).count
        let promptScalars = Array(prompt.unicodeScalars)
        guard line.dropFirst(spaces).prefix(promptScalars.count).elementsEqual(promptScalars) else { return nil }
        return spaces + promptScalars.count
    }

    /// Python's `str.strip()`.
    private static func trimmingSpace(_ text: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let first = text.firstIndex(where: { !PythonText.isSpace($0) }),
            let last = text.lastIndex(where: { !PythonText.isSpace($0) })
        else { return [] }
        return text[first...last]
    }

    /// `(?i)^[rubf]*$`.
    private static func isStringPrefix(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        text.allSatisfy { "rubfRUBF".unicodeScalars.contains($0) }
    }
}
