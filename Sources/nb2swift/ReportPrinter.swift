import ArgumentParser
import NotebookKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints a conversion's report: results (listings, findings) on standard output, the rest on standard error.
enum ReportPrinter {
    /// Prints `report` (without the messages when `quiet`), then ends the command with the report's status as the
    /// exit status.
    static func exit(with report: ConversionReport, quiet: Bool) throws {
        print(report, quiet: quiet)
        if report.status != .success { throw ExitCode(report.status.rawValue) }
    }

    /// Prints every entry of `report`, then its summary; leaves out the messages when `quiet`.
    static func print(_ report: ConversionReport, quiet: Bool) {
        for entry in report.entries {
            switch entry {
            case .message(let text): if !quiet { printError(text) }
            case .diagnostic(let diagnostic): printError(render(diagnostic))
            case .listing(let text), .finding(let text): printResult(text)
            }
        }
        if let summary = report.summary { printError("nb2swift: " + summary) }
    }

    /// A diagnostic as compilers print one, which editors and CI annotate:
    /// `file:line:column: error: cell 3 (id "x"): message` (`nb2swift: error: message` when it names no file), then
    /// each of its notes on a line of the same form.
    static func render(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.file == nil ? "nb2swift" : diagnostic.location
        var text = "\(place): \(diagnostic.severity.rawValue): "
        if diagnostic.file == nil, let line = diagnostic.line { text += "line \(line): " }
        text += diagnostic.messageWithCell
        if let excerpt = diagnostic.excerpt { text += "\n" + Self.sourceContext(excerpt) }
        for note in diagnostic.notes { text += "\n" + render(note) }
        return text
    }

    /// The offending line of a cell under its diagnostic, as compilers show source context: the line behind a `|`
    /// gutter, then a caret under its first character. Neither line has the `file:line:col: error:` form, so one error
    /// is still one error line. A tab shows as a space, another control character as its picture (NUL as `␀`).
    static func sourceContext(_ line: String) -> String {
        var shown = ""
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x09: shown += " "
            case 0..<0x20: shown.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: shown += "\u{2421}"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        let indent = shown.prefix { $0 == " " }.count
        return "    | " + shown + "\n    | " + String(repeating: " ", count: indent) + "^"
    }

    /// Writes `line` and a line feed to standard output.
    static func printResult(_ line: String) { emit(line + "\n", to: STDOUT_FILENO) }

    /// Writes `line` and a line feed to standard error.
    static func printError(_ line: String) { emit(line + "\n", to: STDERR_FILENO) }

    /// Writes `text` to the descriptor at once, unbuffered (so that standard output and standard error keep their
    /// order when both go to one terminal or file); a failed write (a closed pipe) is dropped.
    static func emit(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
