/// Where each cell's parts sit in a notebook's JSON text (byte offsets), so that an edit can replace one value and
/// keep every other byte of the file.
struct NotebookJSONLayout: Equatable {
    /// One cell's positions.
    struct CellLayout: Equatable {
        /// The offset of the cell object's `{`.
        var start: Int
        /// The offset of the `source` value's first byte, and one past its last.
        var source: Range<Int>?
        /// The offset of the `"id"` key, when the cell has one.
        var idKey: Int?
        /// Each member key's offset, in file order.
        var keys: [(name: String, offset: Int)]

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.start == rhs.start && lhs.source == rhs.source && lhs.idKey == rhs.idKey
                && lhs.keys.map(\.name) == rhs.keys.map(\.name) && lhs.keys.map(\.offset) == rhs.keys.map(\.offset)
        }
    }

    /// The cells, in order.
    var cells: [CellLayout]
    /// Where the `nbformat_minor` number is.
    var minorVersion: Range<Int>?

    /// Scans `bytes` (an nbformat 4 notebook); `file` names it in errors.
    init(scanning bytes: [UInt8], file: String) throws(Diagnostic) {
        var cells: [CellLayout] = []
        var minor: Range<Int>?
        let outcome: Result<Void, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) {
                try JSONScanner.scan(buffer) { (scanner) throws(JSONSyntaxError) in
                    scanner.skipWhitespace()
                    try scanner.readObject { (key, _, scanner) throws(JSONSyntaxError) in
                        scanner.skipWhitespace()
                        switch key {
                        case "nbformat_minor":
                            let start = scanner.offset
                            try scanner.skipValue()
                            minor = start..<scanner.offset
                        case "cells":
                            try scanner.readArray { (_, scanner) throws(JSONSyntaxError) in
                                var cell = CellLayout(start: scanner.offset, source: nil, idKey: nil, keys: [])
                                try scanner.readObject { (key, keyOffset, scanner) throws(JSONSyntaxError) in
                                    cell.keys.append((key, keyOffset))
                                    scanner.skipWhitespace()
                                    let valueStart = scanner.offset
                                    try scanner.skipValue()
                                    if key == "source" { cell.source = valueStart..<scanner.offset }
                                    if key == "id" { cell.idKey = keyOffset }
                                }
                                cells.append(cell)
                            }
                        default: try scanner.skipValue()
                        }
                    }
                }
                return .success(())
            } catch { return .failure(error) }
        }
        if case .failure(let error) = outcome {
            throw Diagnostic("invalid JSON: \(error.message)", file: file)
        }
        self.cells = cells
        self.minorVersion = minor
    }

    /// The number of spaces before `offset` on its line (the indentation of a key).
    static func column(of offset: Int, in bytes: [UInt8]) -> Int {
        var cursor = offset
        while cursor > 0, bytes[cursor - 1] == UInt8(ascii: " ") { cursor -= 1 }
        return offset - cursor
    }
}
