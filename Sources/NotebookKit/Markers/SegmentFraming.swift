/// What an export writes into or around a cell's code in a two-way file, and takes off again when `update` brings the
/// file's text back into the cell: the text a cell exports is its code under a framing.
///
/// - ``none``: the code as it is (every swiftai cell; an nbdev cell without prose before it).
/// - ``docComment(_:beforeLine:)``: `///` lines from the markdown cell before the cell, above its first declaration
///   (``NbdevDocComment``). Update takes off exactly those lines, wherever they are in the block; when they are not
///   there as export wrote them (edited, or removed), it refuses: the prose belongs to the markdown cell.
/// - ``test(hoistedLines:opening:closing:)``: a `//| test` cell as a Swift Testing function (``NbdevTestCell``).
///   Update takes off the function's opening and closing lines, which must be there as export wrote them.
enum SegmentFraming: Sendable, Equatable {
    /// The code as it is.
    case none
    /// These doc comment lines above the 0-based line `beforeLine` of the code.
    case docComment([String], beforeLine: Int)
    /// The code's first `hoistedLines` lines (its `import` lines) stay above the function; `opening` lines (the
    /// `@Test` attribute, the `func` line, a `#sourceLocation` line) come before the rest of the code, `closing`
    /// lines after it.
    case test(hoistedLines: Int, opening: [String], closing: [String])

    /// The text `code` exports under this framing.
    func exported(_ code: String) -> String {
        switch self {
        case .none:
            return code
        case .docComment(let comment, let line):
            var lines = Self.lines(code)
            lines.insert(contentsOf: comment, at: min(line, lines.count))
            return lines.joined(separator: "\n")
        case .test(let hoisted, let opening, let closing):
            let lines = Self.lines(code)
            let split = min(hoisted, lines.count)
            return (lines[..<split] + opening + lines[split...] + closing).joined(separator: "\n")
        }
    }

    /// The code an exported text holds, or why it cannot be told (for `update`, which refuses then).
    func code(fromExported text: String) -> Result<String, Refusal> {
        switch self {
        case .none:
            return .success(text)
        case .docComment(let comment, _):
            var lines = Self.lines(text)
            guard let start = Self.firstRange(of: comment, in: lines) else { return .failure(.docCommentChanged) }
            lines.removeSubrange(start..<start + comment.count)
            return .success(lines.joined(separator: "\n"))
        case .test(_, let opening, let closing):
            let lines = Self.lines(text)
            guard let start = Self.firstRange(of: opening, in: lines),
                lines[..<start].allSatisfy(NbdevTestCell.isHoistable),
                lines.count - closing.count >= start + opening.count,
                Array(lines.suffix(closing.count)) == closing
            else { return .failure(.testFunctionChanged) }
            let code = lines[..<start] + lines[(start + opening.count)..<(lines.count - closing.count)]
            return .success(code.joined(separator: "\n"))
        }
    }

    /// Why update cannot tell a cell's code from an exported block.
    enum Refusal: Error, Equatable {
        /// The doc comment export wrote from the markdown cell is not in the block as written.
        case docCommentChanged
        /// The lines of the test function export wrote around the cell's code are not in the block as written.
        case testFunctionChanged
    }

    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Where `block` first occurs as consecutive lines of `lines`.
    private static func firstRange(of block: [String], in lines: [String]) -> Int? {
        guard !block.isEmpty, lines.count >= block.count else { return block.isEmpty ? 0 : nil }
        return (0...(lines.count - block.count)).first { Array(lines[$0..<$0 + block.count]) == block }
    }
}
