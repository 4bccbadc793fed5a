import ArgumentParser
import NotebookKit

/// `nb2swift ipynb`: the way back, scripts to notebooks.
struct IpynbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipynb",
        abstract: "Turn each script (NAME.swift, as `nb2swift script` writes it) back into NAME.ipynb.",
        discussion: """
            Sources, cell types, ids, tags and metadata come back exactly. Onto an existing NAME.ipynb, the cells it \
            still has keep their outputs, execution counts and attachments (matched by id, else by position and \
            source); the outputs of cells that are gone are reported, never dropped silently.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup(title: "Allowances") var allow: AllowOptions

    @Flag(
        help: ArgumentHelp(
            "Write nbformat 4.5, which gives every cell an id (cell-N when the script has none); by default the "
                + "script's nbformat version is kept."))
    var upgradeNbformat = false

    func run() throws {
        var options = ConversionOptions(mode: .notebooks, upgradesNbformat: upgradeNbformat)
        input.apply(to: &options)
        output.apply(to: &options)
        allow.apply(to: &options)
        try ReportPrinter.exit(with: Conversion(options).run(input.inputs), quiet: output.quiet)
    }
}
