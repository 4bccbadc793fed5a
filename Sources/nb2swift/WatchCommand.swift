import ArgumentParser
import NotebookKit
import NotebookProject

/// `nb2swift watch`: each saved notebook or script of the project syncs its pairs, one line per regeneration.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Sync the pairs of each notebook or script of the project as it is saved, until Ctrl-C.",
        discussion: """
            The pairs are those of the nb2swift.toml in this folder or a folder above it. Each save (inotify: a file \
            closed after writing, or renamed into place) runs `nb2swift sync` on that file: one line per \
            regeneration, errors as file:line:col diagnostics, and every file written whole (a temporary renamed \
            into place). The project is synced once when the watch starts. Ctrl-C (SIGINT) or SIGTERM ends it \
            cleanly, between two syncs.
            """
    )

    func run() throws {
        #if canImport(Glibc)
            let project = try ProjectRun.project()
            let start = ProjectSync(project: project).run()
            report(["the project"], start, project)
            do throws(Diagnostic) {
                try ProjectWatcher(project: project).run(
                    ready: {
                        ReportPrinter.printError(
                            "nb2swift: watching \(ProjectWatcher(project: project).folders().count) folder(s); "
                                + "Ctrl-C ends")
                    },
                    synced: { report($0, $1, project) })
            } catch {
                ReportPrinter.printError(ReportPrinter.render(error))
                throw ExitCode(2)
            }
            ReportPrinter.printError("nb2swift: watch ended")
        #else
            ReportPrinter.printError("nb2swift: error: watch needs inotify (Linux)")
            throw ExitCode(2)
        #endif
    }

    /// One line for a sync that wrote something (what flowed where), the diagnostics of one that failed.
    private func report(_ paths: [String], _ report: ConversionReport, _ project: Project) {
        for diagnostic in report.diagnostics { ReportPrinter.printError(ReportPrinter.render(diagnostic)) }
        let synced = report.messages.filter { $0.hasPrefix("Synced ") }
        let writes = report.messages.count - synced.count
        guard !report.messages.isEmpty else { return }
        let what = synced.map { String($0.dropFirst("Synced ".count)) }
        let shown = project.shown(paths)
        ReportPrinter.printResult(
            "regenerated from \(shown.joined(separator: ", ")): "
                + (what + (writes > 0 ? ["\(writes) file(s) written"] : [])).joined(separator: "; "))
    }
}
