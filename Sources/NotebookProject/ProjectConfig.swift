import NotebookKit
import TOMLKit

/// A project's `nb2swift.toml`: its pairing groups and the settings they share. Every path in it is relative to the
/// file's folder, the project root.
///
/// ```toml
/// ipython = "8.12"          # the IPython release whose bytes are reproduced (default 8)
/// header = true             # the generated-file header on files that take // comments
/// exclude = ["scratch", "**/*-Copy*.ipynb"]
///
/// [clean]                   # what `nb2swift clean` keeps besides nbdev's defaults
/// keep_outputs = false
/// metadata_keys = ["colab"]
/// cell_metadata_keys = ["tags"]
///
/// [[pair]]
/// notebooks = ["lessons"]   # notebooks, or folders searched for them
/// kind = "files"            # files | script | export | docs
/// output = "generated"      # default: each notebook's own folder
/// ```
///
/// An unknown key, a value of the wrong type or an unknown kind, style or release is an error naming the file, the
/// line and the key (``ConfigError``).
public struct ProjectConfig: Sendable, Equatable {
    /// The config file's name.
    public static let fileName = "nb2swift.toml"

    /// The config file, absolute.
    public var file: String
    /// The folder the config file is in: the root every path is relative to.
    public var root: String
    /// The IPython release (`ipython = …`).
    public var ipython: IPythonVersion
    /// The excluded paths, as `fnmatch` patterns on absolute paths (`exclude = […]`).
    public var excludedPaths: [String]
    /// What `clean` strips (`[clean]`).
    public var cleaning: NotebookCleaning
    /// The pairing groups (`[[pair]]`), in the file's order.
    public var pairings: [Pairing]

    private static let topKeys: Set<String> = ["ipython", "header", "exclude", "clean", "pair"]
    private static let cleanKeys: Set<String> = [
        "keep_outputs", "metadata_keys", "cell_metadata_keys", "output_metadata_keys",
    ]

    /// Reads the config `text` of the file at `file` (absolute).
    ///
    /// - Throws: a ``Diagnostic`` at the file, line and column of the offending key or syntax.
    public init(text: String, file: String) throws(Diagnostic) {
        self.file = file
        self.root = ProjectPaths.parent(of: file)
        try ConfigSyntaxGuard.check(text, file: file)
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw Diagnostic(
                error.description, file: file, line: error.source.begin.line, column: error.source.begin.column)
        } catch { throw Diagnostic("cannot parse: \(error)", file: file, line: 1) }
        let reader = ConfigReader(file: file, locator: ConfigKeyLocator(text))
        try reader.rejectUnknown(table, allowed: Self.topKeys, table: nil)
        let ipythonText = try reader.string(table, "ipython", table: nil)
        if let ipythonText {
            do throws(Diagnostic) { ipython = try IPythonVersion(parsing: ipythonText) } catch {
                throw reader.error("ipython: \(error.message)", key: "ipython", table: nil)
            }
        } else {
            ipython = .v8
        }
        let header = try reader.bool(table, "header", table: nil) ?? false
        let root = self.root
        excludedPaths = try (reader.strings(table, "exclude", table: nil) ?? []).map { ProjectPaths.join(root, $0) }
        cleaning = NotebookCleaning()
        if let clean = table["clean"] {
            guard let clean = clean.table else { throw reader.error("clean must be a table", key: "clean", table: nil) }
            try reader.rejectUnknown(clean, allowed: Self.cleanKeys, table: "clean")
            cleaning = NotebookCleaning(
                extraMetadataKeys: Set(try reader.strings(clean, "metadata_keys", table: "clean") ?? []),
                extraCellMetadataKeys: Set(try reader.strings(clean, "cell_metadata_keys", table: "clean") ?? []),
                extraOutputMetadataKeys: Set(try reader.strings(clean, "output_metadata_keys", table: "clean") ?? []),
                keepsOutputs: try reader.bool(clean, "keep_outputs", table: "clean") ?? false)
        }
        pairings = []
        guard let pairs = table["pair"] else {
            throw Diagnostic("no [[pair]] table: nothing to convert", file: file, line: 1)
        }
        guard let array = pairs.array else {
            throw reader.error("pair must be an array of tables ([[pair]])", key: "pair", table: nil)
        }
        guard !array.isEmpty else {
            throw reader.error("no pairing group: nothing to convert", key: "pair", table: nil)
        }
        for index in 0..<array.count {
            guard let pair = array[index].table else {
                throw reader.error("pair must be an array of tables ([[pair]])", key: "pair", table: nil)
            }
            pairings.append(try reader.pairing(pair, index: index, root: root, header: header))
        }
    }

    /// Reads the config file at `path`.
    public init(contentsOf path: String) throws(Diagnostic) {
        let absolute = ProjectPaths.absolute(path)
        guard let bytes = ProjectPaths.bytes(at: absolute) else { throw Diagnostic("cannot read the file", file: path) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostic("not UTF-8 text", file: path)
        }
        try self.init(text: text, file: absolute)
    }

    /// The config of the project the folder `folder` is in: the first `nb2swift.toml` in it or a folder above it,
    /// as git finds `.git`; `nil` when there is none.
    public static func find(from folder: String) throws(Diagnostic) -> ProjectConfig? {
        var current = ProjectPaths.absolute(folder)
        while true {
            let candidate = ProjectPaths.join(current, fileName)
            if ProjectPaths.isFile(candidate) { return try ProjectConfig(contentsOf: candidate) }
            if current == "/" { return nil }
            current = ProjectPaths.parent(of: current)
        }
    }
}

/// Reads the values of a parsed config, with errors at their key's line.
private struct ConfigReader {
    let file: String
    let locator: ConfigKeyLocator

    func error(_ message: String, key: String, table: String?, index: Int = 0) -> Diagnostic {
        if let place = locator.location(ofKey: key, table: table, index: index) {
            return Diagnostic("\(key): " + message, file: file, line: place.line, column: place.column)
        }
        let line = table.flatMap { locator.headerLine($0, index: index) }
        return Diagnostic("\(key): " + message, file: file, line: line ?? 1, column: 1)
    }

    func rejectUnknown(_ values: TOMLTable, allowed: Set<String>, table: String?, index: Int = 0) throws(Diagnostic) {
        for key in values.keys where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw error("unknown key (known here: \(known))", key: key, table: table, index: index)
        }
    }

    func string(_ values: TOMLTable, _ key: String, table: String?, index: Int = 0) throws(Diagnostic) -> String? {
        guard let value = values[key] else { return nil }
        guard let text = value.string else {
            throw error("must be a string, not \(value.type)", key: key, table: table, index: index)
        }
        return text
    }

    func bool(_ values: TOMLTable, _ key: String, table: String?, index: Int = 0) throws(Diagnostic) -> Bool? {
        guard let value = values[key] else { return nil }
        guard let flag = value.bool else {
            throw error("must be true or false, not \(value.type)", key: key, table: table, index: index)
        }
        return flag
    }

    func strings(_ values: TOMLTable, _ key: String, table: String?, index: Int = 0) throws(Diagnostic) -> [String]? {
        guard let value = values[key] else { return nil }
        guard let array = value.array else {
            throw error("must be a list of strings, not \(value.type)", key: key, table: table, index: index)
        }
        var result: [String] = []
        for position in 0..<array.count {
            guard let text = array[position].string else {
                throw error("must be a list of strings", key: key, table: table, index: index)
            }
            result.append(text)
        }
        return result
    }

    func pairing(_ pair: TOMLTable, index: Int, root: String, header: Bool) throws(Diagnostic) -> Pairing {
        guard let kindName = try string(pair, "kind", table: "pair", index: index) else {
            let line = locator.headerLine("pair", index: index) ?? 1
            throw Diagnostic(
                "[[pair]] needs kind = \"files\", \"script\", \"export\" or \"docs\"", file: file, line: line)
        }
        guard let name = PairingKind.Name(rawValue: kindName) else {
            throw error(
                "unknown kind \"\(kindName)\" (\(PairingKind.names.joined(separator: ", ")))", key: "kind",
                table: "pair", index: index)
        }
        let kind: PairingKind
        switch name {
        case .files: kind = .files(scriptsWhenNoFiles: try bool(pair, "scripts", table: "pair", index: index) ?? true)
        case .script: kind = .script
        case .export:
            guard let styleName = try string(pair, "style", table: "pair", index: index) else {
                throw error(
                    "export needs style = \"fastai\", \"swiftai\" or \"nbdev\"", key: "kind", table: "pair",
                    index: index)
            }
            guard let style = ExportStyle(rawValue: styleName) else {
                throw error(
                    "unknown style \"\(styleName)\" (fastai, swiftai or nbdev)", key: "style", table: "pair",
                    index: index)
            }
            kind = .export(style)
        case .docs: kind = .docs
        }
        try rejectUnknown(pair, allowed: ConfigReaderKeys.pair.union(kind.keys), table: "pair", index: index)
        guard let notebooks = try strings(pair, "notebooks", table: "pair", index: index), !notebooks.isEmpty else {
            let line = locator.headerLine("pair", index: index) ?? 1
            throw Diagnostic("[[pair]] needs notebooks = [\"…\"]", file: file, line: line)
        }
        let output = try string(pair, "output", table: "pair", index: index)
        if kind == .docs, output == nil {
            let line = locator.headerLine("pair", index: index) ?? 1
            throw Diagnostic(
                "kind = \"docs\" needs output = the DocC catalog (e.g. \"Sources/MyLib/MyLib.docc\")", file: file,
                line: line)
        }
        return Pairing(
            name: try string(pair, "name", table: "pair", index: index) ?? notebooks[0],
            notebooks: notebooks.map { ProjectPaths.join(root, $0) }, kind: kind,
            output: output.map { ProjectPaths.join(root, $0) },
            addsHeader: try bool(pair, "header", table: "pair", index: index) ?? header,
            docs: try bool(pair, "docs", table: "pair", index: index) ?? false)
    }
}

private enum ConfigReaderKeys {
    static let pair: Set<String> = ["name", "notebooks", "kind", "output"]
}
