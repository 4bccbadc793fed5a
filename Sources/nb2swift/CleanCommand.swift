import ArgumentParser
import NotebookKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `nb2swift clean`: notebooks without their outputs, execution counts and volatile metadata, for commits; with
/// `--stdin`, a git clean filter.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Strip outputs, execution counts and volatile metadata from notebooks, for commits.",
        discussion: """
            Notebook metadata keeps kernelspec, jekyll, jupytext, doc and widgets, cell metadata keeps hide_input \
            (nbdev's defaults; --keep-metadata and --keep-cell-metadata add keys). Only what is stripped changes: \
            the file keeps its indentation, key order and line endings, and a clean notebook is not rewritten. \
            With --stdin the notebook is read from standard input and the clean one written to standard output, as \
            a git clean filter:

              git config filter.nb2swift-clean.clean 'nb2swift clean --stdin'
              echo '*.ipynb filter=nb2swift-clean' >> .gitattributes

            Exit codes: 0 ok; 1 --check found notebooks to clean; 2 unreadable input or usage error (nothing \
            written; with --stdin, nothing on standard output).
            """
    )

    @Argument(
        help: ArgumentHelp(
            "Notebooks (.ipynb), or folders to search for them (none: every notebook of the nb2swift.toml project).",
            valueName: "file-or-folder"))
    var inputs: [String] = []

    @Flag(help: "Write nothing; exit 1 with a diff per notebook that is not clean.")
    var check = false

    @Flag(name: .customLong("stdin"), help: "Clean the notebook on standard input onto standard output (a git filter).")
    var readsStandardInput = false

    @Flag(help: "Keep the outputs (their execution counts and metadata are still cleaned).")
    var keepOutputs = false

    @Option(help: ArgumentHelp("A notebook metadata key to keep besides nbdev's (repeatable).", valueName: "key"))
    var keepMetadata: [String] = []

    @Option(help: ArgumentHelp("A cell metadata key to keep besides hide_input (repeatable).", valueName: "key"))
    var keepCellMetadata: [String] = []

    @Flag(name: [.short, .long], help: "Print no messages.")
    var quiet = false

    func validate() throws {
        if readsStandardInput && !inputs.isEmpty {
            throw ValidationError("--stdin reads standard input: give no notebook paths with it.")
        }
        if readsStandardInput && check { throw ValidationError("--stdin and --check cannot be combined.") }
    }

    var cleaning: NotebookCleaning {
        NotebookCleaning(
            extraMetadataKeys: Set(keepMetadata), extraCellMetadataKeys: Set(keepCellMetadata),
            keepsOutputs: keepOutputs)
    }

    func run() throws {
        if readsStandardInput { return try cleanStandardInput() }
        if inputs.isEmpty {
            // Inside a project: every notebook of its pairing groups, with its [clean] settings.
            var project = try ProjectRun.project()
            if keepOutputs || !keepMetadata.isEmpty || !keepCellMetadata.isEmpty {
                project.config.cleaning = cleaning
            }
            return try ReportPrinter.exit(with: project.clean(check ? .check : .write), quiet: quiet)
        }
        var options = ConversionOptions(mode: .clean, action: check ? .check : .write)
        options.cleaning = cleaning
        try ReportPrinter.exit(with: Conversion(options).run(inputs), quiet: quiet)
    }

    /// The git filter: all of standard input, cleaned, onto standard output; on an error, nothing on standard
    /// output (git then keeps the file as it is and reports the filter's failure).
    private func cleanStandardInput() throws {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                ReportPrinter.printError("<stdin>: error: cannot read standard input")
                throw ExitCode(2)
            }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        do throws(Diagnostic) {
            let clean = try cleaning.cleaned(bytes, file: "<stdin>")
            ReportPrinter.emit(String(decoding: clean, as: UTF8.self), to: STDOUT_FILENO)
        } catch {
            ReportPrinter.printError(ReportPrinter.render(error))
            throw ExitCode(2)
        }
    }
}
