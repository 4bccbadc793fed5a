import NotebookKit

/// Where a key sits in a config file's text: its line and column, found by reading the file's lines as TOML lays
/// them out (`[table]` and `[[array]]` headers, then `key = value` lines), so that an error names the line an
/// editor jumps to (TOMLKit gives positions for syntax errors only).
struct ConfigKeyLocator {
    /// The lines of the file.
    let lines: [Substring]

    init(_ text: String) {
        // A CR LF is one Character: lines end at either.
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The 1-based line and column of `key` in the table `table` (`nil`: the top level), the `index`th one of that
    /// name for an array of tables; `nil` when the key is not written on a line of its own (an inline table).
    func location(ofKey key: String, table: String?, index: Int = 0) -> (line: Int, column: Int)? {
        var current: String? = nil
        var counts: [String: Int] = [:]
        var currentIndex = 0
        for (number, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[") {
                let name = Self.headerName(line.dropFirst(2))
                currentIndex = counts[name, default: 0]
                counts[name] = currentIndex + 1
                current = name
                continue
            }
            if line.hasPrefix("[") {
                current = Self.headerName(line.dropFirst())
                currentIndex = 0
                continue
            }
            guard current == table, currentIndex == index || table == nil else { continue }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(spelling) {
                let rest = line.dropFirst(spelling.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("=") { return (number + 1, raw.count - line.count + 1) }
            }
        }
        return nil
    }

    /// The 1-based line of the `index`th `[[table]]` header (or of `[table]`).
    func headerLine(_ table: String, index: Int = 0) -> Int? {
        var count = 0
        for (number, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            let name: String
            if line.hasPrefix("[[") {
                name = Self.headerName(line.dropFirst(2))
            } else if line.hasPrefix("[") {
                name = Self.headerName(line.dropFirst())
            } else {
                continue
            }
            guard name == table else { continue }
            if count == index { return number + 1 }
            count += 1
        }
        return nil
    }

    private static func headerName(_ text: Substring) -> String {
        String(text.prefix { $0 != "]" }).trimmingSpaces
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
