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

    @OptionGroup var common: CommonOptions

    @Flag(help: "Give every cell an id and write nbformat 4.5 (by default the script's nbformat version is kept).")
    var addIds = false

    func run() throws {
        var options = ConversionOptions(target: .notebooks, addsCellIDs: addIds)
        common.apply(to: &options)
        try common.run(options)
    }
}
