import Foundation
import NotebookKit

/// Prints a conversion's report: results (listings, findings) on standard output, the rest on standard error.
enum ReportPrinter {
    /// Prints every line of `report`, leaving out IPython's messages when `quiet`.
    static func print(_ report: ConversionReport, quiet: Bool) {
        for line in report.lines where !(quiet && line.kind == .message) {
            let handle = line.isResult ? FileHandle.standardOutput : FileHandle.standardError
            handle.write(Data((line.text + "\n").utf8))
        }
    }
}
