/// IPython's `arg_split` on POSIX: `shlex` in non-POSIX mode with whitespace splitting and no comments.
///
/// Quotes are kept in the words; a quoted word ends at its closing quote (so `"a"b` is two words), while a quote
/// inside an unquoted word is an ordinary character.
enum MagicArgumentSplitter {
    /// Splits a magic's argument line into words (`arg_split(line)`).
    static func split(_ line: String) throws(Diagnostic) -> [String] {
        let (words, unclosed) = splitLeniently(line)
        // The error `shlex` raises for an unclosed quote.
        if unclosed != nil { throw Diagnostic("ValueError: No closing quotation") }
        return words
    }

    /// `arg_split(line, strict=False)`: an unclosed quoted word is kept as the last word, opening quote included.
    static func splitKeepingUnclosedQuote(_ line: String) -> [String] {
        let (words, unclosed) = splitLeniently(line)
        return words + (unclosed.map { [$0] } ?? [])
    }

    /// The complete words, and the unclosed quoted word at the end, if any.
    private static func splitLeniently(_ line: String) -> ([String], unclosed: String?) {
        enum State {
            case between
            case word
            case quoted(Unicode.Scalar)
        }
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
        }
        var words: [String] = []
        var token = String.UnicodeScalarView()
        var state = State.between
        for scalar in line.unicodeScalars {
            switch state {
            case .between:
                if isWhitespace(scalar) { continue }
                token.append(scalar)
                state = scalar == "\"" || scalar == "'" ? .quoted(scalar) : .word
            case .word:
                if isWhitespace(scalar) {
                    words.append(String(token))
                    token = String.UnicodeScalarView()
                    state = .between
                } else {
                    token.append(scalar)
                }
            case .quoted(let quote):
                token.append(scalar)
                if scalar == quote {
                    words.append(String(token))
                    token = String.UnicodeScalarView()
                    state = .between
                }
            }
        }
        switch state {
        case .between: return (words, nil)
        case .word: return (words + [String(token)], nil)
        case .quoted: return (words, String(token))
        }
    }
}
