import ArgumentParser
import NotebookKit

/// `nb2swift export`: notebooks with export markers (fastai, swiftai or nbdev style) to Swift files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the marked cells of notebooks to Swift files (fastai, swiftai or nbdev style).",
        discussion: """
            fastai: cells whose first line is `// export` go to FastaiNotebook_NN_name/ (Package.swift from the \
            %install lines, Sources/FastaiNotebook_NN_name/NN_name.swift), as fast.ai's course exporter wrote them. \
            swiftai: the same cells go to one file per notebook (02a_why_sqrt5.ipynb -> WhySqrt5.swift) under \
            `//cellN` markers. nbdev (default): `//| default_exp Target` and `//| export` (or `#|`) cells go to \
            Sources/Target/<notebook>.swift under markers that name the cell id. swiftai and nbdev files can be \
            edited and brought back with `nb2swift update`.

            Export never overwrites a file it cannot vouch for: one edited since the last export, or one whose \
            history the export state (.nb2swift/ under the output folder) cannot establish (no state, a damaged \
            state, a file it does not list). It names each such file and what it could not verify, and writes \
            nothing; --force overwrites them. Line endings count alike. A run is all or nothing: an unreadable \
            notebook (a JSON key given twice included), a rejected cell, two notebooks exporting one file, or a \
            failed write leave every file as it was.

            Exit codes: 0 ok; 1 --check found stale, missing or orphaned files; 2 usage or input error, or a file \
            export may not overwrite (nothing written).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var style: StyleOption

    @Option(
        help: ArgumentHelp(
            "nbdev style: write every exported cell of the notebook into this one file under the output folder, "
                + "whatever module it names, with no export state (what the build-tool plugin does).",
            valueName: "file.swift"))
    var into: String?

    @Flag(
        help: ArgumentHelp(
            "Overwrite exported files that nb2swift cannot vouch for: edited since the last export (and not brought "
                + "back with update), or with no readable export state to show that nb2swift wrote them."))
    var force = false

    @Flag(
        help: ArgumentHelp(
            "Give an id to every cell without one, editing the notebooks in place with the export (nbdev markers "
                + "name cells by id)."))
    var addIds = false

    func validate() throws {
        if let into {
            guard style.style == .nbdev else { throw ValidationError("--into works with --style nbdev only.") }
            guard into.hasSuffix(".swift"), !into.hasPrefix("/"), !into.split(separator: "/").contains("..") else {
                throw ValidationError(
                    "--into needs a relative path to a .swift file inside the output folder, got '\(into)'.")
            }
            guard input.inputs.count == 1, input.inputs[0].hasSuffix(".ipynb") else {
                throw ValidationError("--into takes exactly one notebook.")
            }
            if into.split(separator: "/").first(where: { $0 != "." }) == "\(ExportStyle.stateFolder)" {
                throw ValidationError(
                    "--into cannot write into \(ExportStyle.stateFolder)/, the folder where nb2swift keeps its export "
                        + "state: choose another path, got '\(into)'.")
            }
        }
        if addIds && (output.check || output.list) {
            throw ValidationError("--add-ids edits the notebooks; it cannot be combined with --check or --list.")
        }
    }

    func run() throws {
        var options = ConversionOptions(
            mode: .export(style.style), addsCellIDs: addIds, force: force, singleFile: into)
        input.apply(to: &options)
        output.apply(to: &options)
        try ReportPrinter.exit(with: Conversion(options).run(input.inputs), quiet: output.quiet)
    }
}
