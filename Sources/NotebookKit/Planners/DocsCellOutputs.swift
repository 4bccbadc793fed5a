/// What the docs mode keeps of a notebook's outputs and attachments, read from the notebook's JSON (``Notebook``
/// does not hold them).
///
/// The rule, output by output, in the cell's order:
/// - a `stream` on `stdout` is text (consecutive ones joined); one on `stderr` (warnings, progress bars) is left out;
/// - an `execute_result` or `display_data` shows its richest form the article can hold: an image (`image/png`,
///   `image/jpeg`, `image/gif`, `image/svg+xml`, a resource of the catalog), else `text/markdown` (as prose), else
///   `text/plain` (as text); HTML, JavaScript and widget outputs alone are left out;
/// - an `error` (a traceback) is left out.
///
/// Text loses its terminal colours (ANSI escape sequences) and what a carriage return overwrote, and a text longer
/// than ``maximumTextLines`` keeps its first lines and says how many it left out. Only nbformat 4 notebooks have
/// their outputs read.
struct DocsCellOutputs: Sendable {
    /// One output as the article shows it.
    enum Output: Sendable, Equatable {
        /// Text, shown as a listing.
        case text(String)
        /// Markdown, shown as prose.
        case markdown(String)
        /// An image: its bytes and the extension of its file (`png`, `jpg`, `gif`, `svg`).
        case image(bytes: [UInt8], fileExtension: String)
    }

    /// The longest text shown whole, in lines.
    static let maximumTextLines = 40
    /// The lines a longer text keeps.
    static let keptTextLines = 30

    /// The outputs shown, by cell index (cells without any are absent).
    var outputs: [Int: [Output]] = [:]
    /// The images attached to markdown cells, by cell index then attachment name.
    var attachments: [Int: [String: Output]] = [:]
    /// What could not be kept, each naming its cell (an image that is not valid base64).
    var problems: [(cell: Int, message: String)] = []

    /// Nothing: a notebook read without its bytes.
    init() {}

    /// The outputs and attachments of the notebook whose file holds `bytes`.
    init(notebookBytes bytes: [UInt8]) {
        guard case .object(let top)? = try? JSONValue(parsing: bytes), case .number(let major)? = top["nbformat"],
            major == "4", case .array(let cells)? = top["cells"]
        else { return }
        for (index, cell) in cells.enumerated() {
            guard case .object(let members) = cell else { continue }
            if case .array(let list)? = members["outputs"] {
                let shown = shownOutputs(list, cell: index)
                if !shown.isEmpty { outputs[index] = shown }
            }
            if case .object(let files)? = members["attachments"] {
                for (name, value) in files.members {
                    guard case .object(let bundle) = value, let image = image(in: bundle, cell: index) else { continue }
                    attachments[index, default: [:]][name] = image
                }
            }
        }
    }

    private mutating func shownOutputs(_ list: [JSONValue], cell: Int) -> [Output] {
        var shown: [Output] = []
        var stdout = ""
        func flush() {
            let text = Self.cleaned(stdout)
            if !text.isEmpty { shown.append(.text(text)) }
            stdout = ""
        }
        for value in list {
            guard case .object(let output) = value, case .string(let kind)? = output["output_type"] else { continue }
            switch kind {
            case "stream":
                if case .string("stdout")? = output["name"] { stdout += Self.text(output["text"]) ?? "" }
            case "execute_result", "display_data":
                flush()
                guard case .object(let data)? = output["data"] else { continue }
                if let image = image(in: data, cell: cell) {
                    shown.append(image)
                } else if let markdown = Self.text(data["text/markdown"]), !markdown.isEmpty {
                    shown.append(.markdown(markdown))
                } else if let plain = Self.text(data["text/plain"]) {
                    let text = Self.cleaned(plain)
                    if !text.isEmpty { shown.append(.text(text)) }
                }
            default:
                flush()
            }
        }
        flush()
        return shown
    }

    /// The richest image of a MIME bundle, decoded.
    private mutating func image(in bundle: JSONValue.OrderedMembers, cell: Int) -> Output? {
        for (mime, fileExtension) in [("image/png", "png"), ("image/jpeg", "jpg"), ("image/gif", "gif")] {
            guard let text = Self.text(bundle[mime]) else { continue }
            guard let bytes = DocsBase64.decode(text), !bytes.isEmpty else {
                problems.append((cell, "its \(mime) output is not base64, so it is left out of the article"))
                continue
            }
            return .image(bytes: bytes, fileExtension: fileExtension)
        }
        if let svg = Self.text(bundle["image/svg+xml"]), !svg.isEmpty {
            return .image(bytes: Array(svg.utf8), fileExtension: "svg")
        }
        return nil
    }

    /// A string, or nbformat's list of strings joined.
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .array(let parts)?:
            return parts.map { if case .string(let part) = $0 { part } else { "" } }.joined()
        default: return nil
        }
    }

    /// Text as a terminal shows it: ANSI escape sequences removed, each line what its last carriage return left,
    /// trailing blank lines dropped, and at most ``maximumTextLines`` lines.
    static func cleaned(_ text: String) -> String {
        var lines = withoutEscapeSequences(text).split(separator: "\n", omittingEmptySubsequences: false).map {
            line -> String in
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return String(trimmed.split(separator: "\r", omittingEmptySubsequences: false).last ?? "")
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        if lines.count > maximumTextLines {
            let left = lines.count - keptTextLines
            lines = Array(lines.prefix(keptTextLines)) + ["… (\(left) more lines)"]
        }
        return lines.joined(separator: "\n")
    }

    /// `text` without ANSI escape sequences (`ESC [ ... letter`, and a lone `ESC` with the character after it).
    private static func withoutEscapeSequences(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                result.append(scalar)
                continue
            }
            guard let next = scalars.next(), next == "[" else { continue }
            while let parameter = scalars.next(), !(0x40...0x7E).contains(parameter.value) {}
        }
        return String(result)
    }
}
