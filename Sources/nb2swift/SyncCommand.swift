import ArgumentParser
import NotebookKit
import NotebookProject

/// `nb2swift sync`: the side of each pair changed since the last sync flows to the other (the project's
/// `nb2swift.toml` says which pairs there are).
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring each pair of the project up to date with its side that changed since the last sync.",
        discussion: """
            The pairs are those of the nb2swift.toml in this folder or a folder above it. A script pair: the \
            notebook changed → its script and files are written from it; the script changed → it goes back into \
            the notebook (outputs and layout kept); both changed → a conflict naming both, nothing written. An \
            export pair (swiftai, nbdev): edited cells go back into the notebook, else a changed notebook is \
            exported. A files pair is written from its notebooks. A side that changes while its pair is synced \
            aborts that pair. The state of the last sync is kept in .nb2swift/sync/ at the project root.

            Exit codes: 0 ok; 1 --check found pairs out of sync; 2 conflict, changed during the sync, bad config \
            or usage error.
            """
    )

    @Argument(help: ArgumentHelp("Notebooks, scripts or folders: only their pairs (default: all).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Write nothing; exit 1 with a line per pair out of sync.")
    var check = false

    @Flag(help: "Read notebooks from the git index, not the working tree, and check only (for pre-commit).")
    var fromIndex = false

    @Flag(name: [.short, .long], help: "Print no messages.")
    var quiet = false

    func run() throws {
        var sync = ProjectSync(project: try ProjectRun.project())
        sync.checksOnly = check || fromIndex
        sync.readsIndex = fromIndex
        try ReportPrinter.exit(with: sync.run(paths), quiet: quiet)
    }
}
