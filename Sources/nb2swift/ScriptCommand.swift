import ArgumentParser
import NotebookKit

/// `nb2swift script`: every Swift notebook as one Swift script.
struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract:
            "Write each Swift notebook as one Swift script, NAME.swift (percent format), plus its %%writefile files.",
        discussion: """
            Code cells stay Swift (magic lines are commented out), markdown and raw cells become // comments, and \
            `// %%` marker lines keep each cell's type, id, tags and metadata, so `nb2swift ipynb` brings the \
            notebook back. With -o, notebooks found under a folder get their scripts in the same sub-folders.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup(title: "Allowances") var allow: AllowOptions
    @OptionGroup(title: "Cells") var cells: CellOptions
    @OptionGroup(title: "Markdown") var prose: ProseOptions

    @Flag(help: "Start each code cell with #sourceLocation, so compiler errors name the notebook, cell and line.")
    var sourceLocations = false

    func run() throws {
        var options = ConversionOptions(mode: .scripts, sourceLocations: sourceLocations)
        input.apply(to: &options)
        output.apply(to: &options)
        allow.apply(to: &options)
        cells.apply(to: &options)
        prose.apply(to: &options)
        try ReportPrinter.exit(with: Conversion(options).run(input.inputs), quiet: output.quiet)
    }
}
