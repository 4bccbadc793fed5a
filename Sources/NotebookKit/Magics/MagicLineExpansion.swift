/// IPython's `var_expand` of a magic line (`DollarFormatter`): `$name`, `$a.b` and `{expr}` are evaluated in the
/// user's namespace, `$$` and `{{`/`}}` are escapes, and when anything fails the line is used as written.
///
/// Nothing can be evaluated without running the notebook, so a field is replaced only when it is exactly a name
/// given a value (`--define NAME=VALUE`); any other field is reported by name.
struct MagicLineExpansion: Sendable {
    /// The values given for names.
    var definitions: [String: String]

    /// Creates an expansion with these values.
    init(definitions: [String: String] = [:]) { self.definitions = definitions }

    /// The result of expanding one line.
    enum Outcome: Equatable, Sendable {
        /// The line as IPython would pass it to the magic.
        case expanded(String)
        /// Fields that need the notebook's variables (names or expressions, as written).
        case needsValues([String])
    }

    private struct Chunk {
        var literal: String
        var field: String?
        var conversion: Unicode.Scalar?
        var spec: String
    }

    /// Expands `line`.
    func expand(_ line: String) -> Outcome {
        guard let chunks = Self.formatChunks(line) else { return .expanded(line) }
        var result = ""
        var missing: [String] = []
        for chunk in chunks {
            for piece in Self.dollarPieces(chunk.literal) {
                switch piece {
                case .text(let text): result += text
                case .field(let name):
                    if let value = definitions[name] { result += value } else { missing.append("$" + name) }
                }
            }
            if let field = chunk.field {
                if chunk.conversion == nil, chunk.spec.isEmpty, let value = definitions[field] {
                    result += value
                } else {
                    missing.append(
                        "{" + field + (chunk.conversion.map { "!" + String($0) } ?? "")
                            + (chunk.spec.isEmpty ? "" : ":" + chunk.spec) + "}")
                }
            }
        }
        return missing.isEmpty ? .expanded(result) : .needsValues(missing)
    }

    /// Python's `string.Formatter.parse`, or `nil` where it raises (a single `}` or an unclosed `{`).
    private static func formatChunks(_ text: String) -> [Chunk]? {
        let scalars = Array(text.unicodeScalars)
        var chunks: [Chunk] = []
        var literal = String.UnicodeScalarView()
        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "{" || scalar == "}" {
                if position + 1 < scalars.count, scalars[position + 1] == scalar {
                    literal.append(scalar)
                    chunks.append(Chunk(literal: String(literal), field: nil, conversion: nil, spec: ""))
                    literal = String.UnicodeScalarView()
                    position += 2
                    continue
                }
                if scalar == "}" { return nil }
                // A field: up to the matching `}`, counting nested braces.
                var depth = 1
                var end = position + 1
                while end < scalars.count {
                    if scalars[end] == "{" { depth += 1 }
                    if scalars[end] == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    end += 1
                }
                guard end < scalars.count else { return nil }
                let inner = Array(scalars[(position + 1)..<end])
                var name = inner[...]
                var conversion: Unicode.Scalar?
                var spec = ""
                var bracket = false
                var cut: Int?
                for (offset, character) in inner.enumerated() {
                    if character == "[" { bracket = true }
                    if character == "]" { bracket = false }
                    if !bracket, character == "!" || character == ":" {
                        cut = offset
                        break
                    }
                }
                if let cut {
                    name = inner[..<cut]
                    var rest = inner[(cut)...]
                    if rest.first == "!" {
                        guard rest.count >= 2 else { return nil }
                        conversion = rest[rest.startIndex + 1]
                        rest = rest.dropFirst(2)
                        guard rest.isEmpty || rest.first == ":" else { return nil }
                    }
                    if rest.first == ":" { spec = String(String.UnicodeScalarView(rest.dropFirst())) }
                }
                chunks.append(
                    Chunk(
                        literal: String(literal), field: String(String.UnicodeScalarView(name)),
                        conversion: conversion, spec: spec))
                literal = String.UnicodeScalarView()
                position = end + 1
                continue
            }
            literal.append(scalar)
            position += 1
        }
        if !literal.isEmpty || chunks.isEmpty {
            chunks.append(Chunk(literal: String(literal), field: nil, conversion: nil, spec: ""))
        }
        return chunks
    }

    private enum DollarPiece {
        case text(String)
        case field(String)
    }

    /// `DollarFormatter`'s `(.*?)\$(\$?[\w\.]+)(?=([^']*'[^']*')*[^']*$)` over one literal chunk.
    private static func dollarPieces(_ literal: String) -> [DollarPiece] {
        let scalars = Array(literal.unicodeScalars)
        var pieces: [DollarPiece] = []
        var text = String.UnicodeScalarView()
        var position = 0
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || PythonText.isWordCharacter(scalar) }
        while position < scalars.count {
            if scalars[position] == "$" {
                var start = position + 1
                let escaped = start < scalars.count && scalars[start] == "$"
                if escaped { start += 1 }
                var end = start
                while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
                let quotesAfter = scalars[end...].filter { $0 == "'" }.count
                if end > start, quotesAfter % 2 == 0 {
                    let name = String(String.UnicodeScalarView(scalars[start..<end]))
                    if escaped {
                        text.append("$")
                        text.append(contentsOf: name.unicodeScalars)
                    } else {
                        pieces.append(.text(String(text)))
                        text = String.UnicodeScalarView()
                        pieces.append(.field(name))
                    }
                    position = end
                    continue
                }
            }
            text.append(scalars[position])
            position += 1
        }
        pieces.append(.text(String(text)))
        return pieces
    }
}
