/// Where one line of a cell's source is in the notebook file: the file's line and column at which that line's text
/// starts inside its JSON string (`"%%writefile -q f.txt\n",` on line 30, column 6), so that an editor jumps to it.
///
/// A source saved as a list of lines (as Jupyter and Colab save it) has each line in a string of its own; a source
/// saved as one string holds its lines after each `\n` escape. Located only when a diagnostic needs it: the file is
/// read again then, rather than every cell's positions being kept while reading.
struct CellLineLocation: Equatable {
    /// The 1-based line in the notebook file.
    var line: Int
    /// The 1-based column (in bytes) of the source line's first character.
    var column: Int

    /// Where line `sourceLine` (0-based, lines cut at line feeds) of cell `cellIndex` starts in the notebook text
    /// `bytes`; `nil` when the file does not have that cell or line (it changed since it was read).
    init?(sourceLine: Int, cellIndex: Int, in bytes: [UInt8]) {
        guard let layout = try? NotebookJSONLayout(scanning: bytes, file: ""),
            layout.cells.indices.contains(cellIndex), let source = layout.cells[cellIndex].source
        else { return nil }
        var strings: [Range<Int>] = []
        if bytes[source.lowerBound] == UInt8(ascii: "\"") {
            strings = [Self.stringContent(at: source.lowerBound, in: bytes)]
        } else {
            var cursor = source.lowerBound + 1
            while cursor < source.upperBound {
                if bytes[cursor] == UInt8(ascii: "\"") {
                    let content = Self.stringContent(at: cursor, in: bytes)
                    strings.append(content)
                    cursor = content.upperBound + 1
                } else {
                    cursor += 1
                }
            }
        }
        var line = 0
        var startsNext = sourceLine == 0
        var found: Int?
        search: for content in strings {
            if startsNext {
                found = content.lowerBound
                break
            }
            var cursor = content.lowerBound
            while cursor < content.upperBound {
                guard bytes[cursor] == UInt8(ascii: "\\"), cursor + 1 < content.upperBound else {
                    cursor += 1
                    continue
                }
                let escaped = bytes[cursor + 1]
                cursor += escaped == UInt8(ascii: "u") ? 6 : 2
                guard escaped == UInt8(ascii: "n") else { continue }
                line += 1
                if line == sourceLine {
                    if cursor < content.upperBound {
                        found = cursor
                        break search
                    }
                    startsNext = true
                }
            }
        }
        guard let offset = found ?? (startsNext && strings.isEmpty ? source.lowerBound : nil) else { return nil }
        var lineStart = offset
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        self.line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        self.column = offset - lineStart + 1
    }

    /// The bytes between the quotes of the JSON string whose opening quote is at `quote`.
    private static func stringContent(at quote: Int, in bytes: [UInt8]) -> Range<Int> {
        var cursor = quote + 1
        while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\"") {
            cursor += bytes[cursor] == UInt8(ascii: "\\") ? 2 : 1
        }
        return (quote + 1)..<min(cursor, bytes.count)
    }
}
