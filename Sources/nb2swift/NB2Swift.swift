import ArgumentParser
import NotebookKit

/// `nb2swift`: notebooks in, Swift out (and back), byte-exact with IPython. Each mode is a subcommand; `files` is the
/// default, so `nb2swift notebook.ipynb` runs it.
@main
struct NB2Swift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nb2swift",
        abstract:
            "Turn Jupyter notebooks into the Swift files they hold, without a kernel, and scripts back into notebooks.",
        discussion: """
            files (the default): write the files a notebook's %%writefile cells would write in IPython, byte for \
            byte; a Swift notebook with no %%writefile cell becomes a Swift script (NAME.swift). \
            script: every Swift notebook becomes NAME.swift in percent format (`// %%` opens a cell), plus its \
            %%writefile files. ipynb: scripts go back to NAME.ipynb, keeping the outputs of a notebook already there. \
            export: the cells marked `// export` (fastai, swiftai) or `//| export` (nbdev) go to Swift modules; \
            update: edits made in swiftai or nbdev modules go back into their cells. docs: each notebook becomes a \
            DocC article in a documentation catalog.

            With no paths (or only --check, --list, -q), nb2swift runs every pairing group of the nb2swift.toml \
            found in this folder or a folder above it.

            Each NOTEBOOK (or every .ipynb under a FOLDER) runs in its output folder: -o DIR, or by default the \
            notebook's own folder, as Jupyter runs it. Nothing is written until every input has been read and \
            planned. --check and --list write nothing.

            Exit codes: 0 ok; 1 --check found stale, missing or orphaned files; 2 usage or input error (unreadable \
            input, two notebooks claiming one file, or a rejected cell without --allow-errors: nothing written); 3 \
            --allow-errors run that rejected some cells or inputs (everything else took effect).
            """,
        version: Conversion.version,
        subcommands: [
            FilesCommand.self, ScriptCommand.self, IpynbCommand.self, ExportCommand.self, UpdateCommand.self,
            DocsCommand.self,
            CleanCommand.self, SyncCommand.self, WatchCommand.self,
        ],
        defaultSubcommand: FilesCommand.self
    )

    /// Parses and runs, mapping usage errors to exit status 2 (ArgumentParser's default is 64).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if ProjectRun.handles(arguments) {
            do {
                let command = try ProjectRun.parse(arguments)
                try command.run()
                return
            } catch let code as ExitCode {
                exit(withError: code)
            } catch {
                ReportPrinter.printError(ProjectRun.fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            ReportPrinter.printError(fullMessage(for: error))
            exit(withError: ExitCode(2))
        }
    }
}
