/// The flag form of the modes, kept as an alias: `nb2swift --to script|ipynb|files ...` runs the subcommand
/// (`--to files` is `files --no-scripts`), so that each subcommand still checks which options apply to it.
enum LegacyTarget {
    /// `arguments` with a `--to MODE` (or `--to=MODE`) turned into the subcommand, unless a subcommand is named first.
    static func rewrite(_ arguments: [String], subcommands: Set<String>) -> [String] {
        if let first = arguments.first, subcommands.contains(first) || first == "help" { return arguments }
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        var rest = arguments
        var mode: String?
        if let position = arguments[..<end].firstIndex(of: "--to"), position + 1 < end {
            mode = arguments[position + 1]
            rest.removeSubrange(position...(position + 1))
        } else if let position = arguments[..<end].firstIndex(where: { $0.hasPrefix("--to=") }) {
            mode = String(arguments[position].dropFirst("--to=".count))
            rest.remove(at: position)
        }
        switch mode {
        case "files": return ["files", "--no-scripts"] + rest
        case "script": return ["script"] + rest
        case "ipynb": return ["ipynb"] + rest
        default: return arguments
        }
    }
}
