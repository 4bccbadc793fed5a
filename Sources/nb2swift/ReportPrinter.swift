import NotebookKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints a conversion's report: results (listings, findings) on standard output, the rest on standard error.
enum ReportPrinter {
    /// Prints every line of `report`, leaving out IPython's messages when `quiet`.
    static func print(_ report: ConversionReport, quiet: Bool) {
        for line in report.lines where !(quiet && line.kind == .message) {
            emit(line.text + "\n", to: line.isResult ? STDOUT_FILENO : STDERR_FILENO)
        }
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
