import ArgumentParser
import NotebookKit

/// `nb2swift files` (the default): the files of the `%%writefile` cells, or a script for a Swift notebook without any.
struct FilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Write the files a notebook's %%writefile cells would write in IPython, without a kernel (default).",
        discussion: """
            A Swift notebook with no %%writefile cell becomes a script, NAME.swift, as `nb2swift script` writes it \
            (--no-scripts turns this off); a notebook in another language with no %%writefile cell is skipped.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup(title: "Allowances") var allow: AllowOptions
    @OptionGroup(title: "Cells") var cells: CellOptions
    @OptionGroup(title: "Markdown") var prose: ProseOptions

    @Flag(help: "Only the %%writefile files: no script for a notebook without %%writefile cells.")
    var noScripts = false

    func run() throws {
        var options = ConversionOptions(mode: .files(scriptsWhenNoFiles: !noScripts))
        input.apply(to: &options)
        output.apply(to: &options)
        allow.apply(to: &options)
        cells.apply(to: &options)
        prose.apply(to: &options)
        try ReportPrinter.exit(with: Conversion(options).run(input.inputs), quiet: output.quiet)
    }
}
