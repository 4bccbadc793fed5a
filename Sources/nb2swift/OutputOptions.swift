import ArgumentParser
import NotebookKit

/// Where outputs go and what is done with the plan: the options of every mode.
struct OutputOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "The folder the inputs run in, or export into (default: each input's own folder).", valueName: "dir"))
    var output: String?

    @Flag(
        help: "Write nothing; exit 1 with a diff per stale file, a line per missing or orphaned file or cell to update."
    )
    var check = false

    @Flag(help: "Print the plan (file, bytes, cells) and write nothing.")
    var list = false

    @Flag(
        name: [.short, .long],
        help: "Print no messages: IPython's Writing/Overwriting/Appending, Removing, Writing, updated.")
    var quiet = false

    func validate() throws {
        if check && list { throw ValidationError("--check and --list cannot be combined.") }
    }

    /// Sets the options these flags stand for.
    func apply(to options: inout ConversionOptions) {
        options.outputFolder = output
        options.action = check ? .check : list ? .list : .write
    }
}
