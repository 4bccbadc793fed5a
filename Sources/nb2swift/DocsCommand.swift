import ArgumentParser
import NotebookKit

/// `nb2swift docs`: notebooks as DocC articles in a documentation catalog.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write each notebook as a DocC article in a documentation catalog (-o Sources/Target/Target.docc).",
        discussion: """
            Each notebook becomes NAME.md in the catalog: its first heading the title, its markdown cells the \
            prose, its code cells Swift code listings (nbdev directive lines left out; `//| hide` leaves a cell \
            out, `//| echo: false` its code, `//| output: false` its outputs), and the outputs that help a reader: \
            stdout and results as text, text/markdown as prose, PNG, JPEG, GIF and SVG images as files under \
            Resources/ (stderr, errors and HTML are left out). Links to other notebooks (02_foo.ipynb#A-heading) \
            become links between articles (doc:02_foo#A-heading). Build the catalog with its target: `swift \
            package generate-documentation --target Target`.

            The run is all or nothing. It replaces an article only when the article names its notebook in its \
            generated comment (--force replaces any); --check also reports images under Resources/ named after \
            an article that the run no longer writes.

            Exit codes: 0 ok; 1 --check found stale, missing or orphaned files; 2 usage or input error, or an \
            article docs may not replace (nothing written).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp("Replace articles that do not name their notebook in their generated comment."))
    var force = false

    func validate() throws {
        guard output.output != nil else {
            throw ValidationError("docs needs the catalog to write into: -o Sources/Target/Target.docc.")
        }
    }

    func run() throws {
        var options = ConversionOptions(mode: .docs, force: force)
        input.apply(to: &options)
        output.apply(to: &options)
        try ReportPrinter.exit(with: Conversion(options).run(input.inputs), quiet: output.quiet)
    }
}
