/// A parsed `%%writefile [-a|--append] filename` (or `%%file`) magic line, as IPython 8.12's `writefile` reads it.
struct WritefileCommand: Sendable, Equatable {
    /// The file name as IPython uses it: outer quotes removed, `~` expanded. It is printed in messages verbatim.
    var filename: String
    /// Whether the body is appended (`-a`/`--append`) rather than replacing the file.
    var append: Bool

    private static let parser = MagicArgumentParser(
        flags: [.init(short: "-a", long: "--append")], positional: .required("filename"))

    /// Parses an already expanded magic line.
    ///
    /// - Parameters:
    ///   - line: the magic line after `%%writefile`, its `$NAME` / `{NAME}` fields already expanded.
    ///   - homeDirectory: what `~` expands to (`os.path.expanduser`).
    static func parse(line: String, homeDirectory: String?) throws(Diagnostic) -> WritefileCommand {
        let words = try MagicArgumentSplitter.split(line)
        let result = try parser.parse(words)
        var filename = result.positional ?? ""
        // IPython: re.match(r'^(\'.*\')|(".*")$', args.filename) strips the outer characters.
        let scalars = filename.unicodeScalars
        if scalars.count >= 2,
            (scalars.first == "'" && scalars.dropFirst().contains("'"))
                || (scalars.first == "\"" && scalars.last == "\"")
        {
            filename = String(String.UnicodeScalarView(scalars.dropFirst().dropLast()))
        }
        return WritefileCommand(
            filename: expandingUser(filename, homeDirectory: homeDirectory),
            append: result.flags.contains("--append"))
    }

    /// `os.path.expanduser` for `~` and `~/...` (other users' homes are left as written).
    static func expandingUser(_ path: String, homeDirectory: String?) -> String {
        guard path.first == "~", let home = homeDirectory else { return path }
        let rest = path.dropFirst()
        guard rest.isEmpty || rest.first == "/" else { return path }
        let trimmedHome = home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
        return trimmedHome + rest
    }
}
