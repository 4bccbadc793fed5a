import ArgumentParser
import NotebookKit

/// The options of every mode: the inputs, where outputs go, and what is done with the plan.
struct CommonOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files to convert, or folders to search for them.", valueName: "file-or-folder"))
    var inputs: [String]

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("The folder the inputs run in (default: each input's own folder).", valueName: "dir"))
    var output: String?

    @Flag(help: "Write nothing; exit 1 with a diff per stale file, a line per missing or orphaned file.")
    var check = false

    @Flag(help: "Print the plan (file, bytes, cells) and write nothing.")
    var list = false

    @Flag(
        name: [.short, .long], help: "Do not print IPython's Writing/Overwriting/Appending messages nor Removing lines."
    )
    var quiet = false

    @Flag(
        help: "Like Run All with errors allowed: rejected cells and inputs are listed, the rest takes effect (exit 3).")
    var allowErrors = false

    @Flag(help: "Allow paths that are absolute or leave the output folder (.., or through a symbolic link).")
    var allowOutside = false

    @Option(
        help: ArgumentHelp(
            "The largest notebook or script read, in bytes (K, M, G or KiB, MiB, GiB: powers of 1024; default 256MiB).",
            valueName: "bytes"),
        transform: { text in
            guard let bytes = InputFile.parseByteCount(text) else {
                throw ValidationError(
                    "--max-input-size needs a positive byte count such as 300000000 or 512MiB, got '\(text)'.")
            }
            return bytes
        })
    var maxInputSize: Int = InputFile.defaultSizeLimit

    func validate() throws {
        if check && list { throw ValidationError("--check and --list cannot be combined.") }
    }

    /// Sets the options these flags stand for.
    func apply(to options: inout ConversionOptions) {
        options.outputFolder = output
        options.action = check ? .check : list ? .list : .write
        options.allowsErrors = allowErrors
        options.allowsOutsideRoot = allowOutside
        options.maxInputSize = maxInputSize
    }

    /// Runs the conversion, prints its report and exits with its status.
    func run(_ options: ConversionOptions) throws {
        let report = Conversion(options).run(inputs)
        ReportPrinter.print(report, quiet: quiet)
        if report.status != .success { throw ExitCode(report.status.rawValue) }
    }
}
