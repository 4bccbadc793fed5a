import ArgumentParser
import NotebookKit

/// `nb2swift update`: edits made in swiftai- or nbdev-style exported files, back into the notebook cells.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Bring edits made in exported Swift files back into the notebook cells they came from.",
        discussion: """
            Each marker in the exported files names its cell (`//cellN` for swiftai, the cell id for nbdev). A block \
            that was edited goes back into its cell; only that cell's source changes in the notebook file (outputs, \
            metadata and layout are kept), so that `nb2swift export` then gives back the edited files. When a cell \
            changed in the notebook as well as in its file since the export, nothing is written and each conflict \
            is named; a deleted or duplicated marker, or text edited above the first marker, is an error at its \
            file and line. The notebook is rewritten together with the re-exported files and the export state, all \
            or nothing: a failed write (a full disk) leaves the notebook and the files as they were.

            Exit codes: 0 ok; 1 --check found cells to update; 2 conflict, marker error, write error or usage \
            error (nothing written).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var style: StyleOption

    func validate() throws {
        if !style.style.isTwoWay {
            throw ValidationError(
                "--style fastai writes no markers, so its files cannot be brought back: use swiftai or nbdev.")
        }
    }

    func run() throws {
        var options = ConversionOptions(mode: .update(style.style))
        input.apply(to: &options)
        output.apply(to: &options)
        try ReportPrinter.exit(with: Conversion(options).run(input.inputs), quiet: output.quiet)
    }
}
