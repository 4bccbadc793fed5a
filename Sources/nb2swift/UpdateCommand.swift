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

    @Argument(help: ArgumentHelp("The notebooks whose exported files were edited.", valueName: "notebook"))
    var notebooks: [String]

    @Option(help: ArgumentHelp("The convention the files were exported in.", valueName: "swiftai|nbdev"))
    var style: ExportStyle = .nbdev

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "The folder the notebooks were exported into (default: each notebook's folder).", valueName: "dir"))
    var output: String?

    @Flag(help: "Write nothing; exit 1 listing the cells that would change.")
    var check = false

    @Flag(name: [.short, .long], help: "Do not print the cells updated.")
    var quiet = false

    mutating func validate() throws {
        if !style.isTwoWay {
            throw ValidationError(
                "--style fastai writes no markers, so its files cannot be brought back: use swiftai or nbdev.")
        }
    }

    func run() throws {
        let (updates, problems) = MarkerWorkflow.planUpdates(style: style, notebooks: notebooks, output: output)
        if !problems.isEmpty {
            for problem in problems { MarkerCommandOutput.report(problem) }
            throw MarkerCommandOutput.failure("nb2swift: update refused; nothing was written", status: 2)
        }
        for (_, update) in updates {
            for cell in update.changedCells where !quiet || check {
                let line = "\(check ? "would update" : "updated"): \(cell)"
                check ? MarkerCommandOutput.say(line) : MarkerCommandOutput.report(line)
            }
            for cell in update.newerInNotebook where !quiet {
                MarkerCommandOutput.report("newer in the notebook (export to update the file): \(cell)")
            }
        }
        let changed = updates.reduce(0) { $0 + $1.update.changedCells.count }
        if check {
            if changed > 0 {
                throw MarkerCommandOutput.failure("nb2swift: --check: \(changed) cell(s) to update", status: 1)
            }
            return
        }
        do { try MarkerWorkflow.applyUpdates(updates, style: style, output: output) } catch {
            throw MarkerCommandOutput.failure(error)
        }
    }
}
