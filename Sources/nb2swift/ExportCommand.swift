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

    @Argument(
        help: ArgumentHelp("Notebooks (.ipynb) or folders to search for notebooks.", valueName: "notebook-or-folder"))
    var inputs: [String]

    @Option(help: ArgumentHelp("The export convention.", valueName: "fastai|swiftai|nbdev"))
    var style: ExportStyle = .nbdev

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("The folder to export into (default: each notebook's folder).", valueName: "dir"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "nbdev style: write every exported cell of the notebook into this one file under the output folder, "
                + "whatever module it names, with no export state (what the build-tool plugin does).",
            valueName: "file.swift"))
    var into: String?

    @Flag(help: "Write nothing; exit 1 with a diff per stale file and a line per missing or orphaned file.")
    var check = false

    @Flag(help: "Print the plan (file, bytes, cells) and write nothing.")
    var list = false

    @Flag(name: [.short, .long], help: "Do not print the files written.")
    var quiet = false

    @Flag(
        help: ArgumentHelp(
            "Overwrite exported files that nb2swift cannot vouch for: edited since the last export (and not brought "
                + "back with update), or with no readable export state to show that nb2swift wrote them."))
    var force = false

    @Flag(help: "First give an id to every cell without one, editing the notebooks in place (nbdev markers need ids).")
    var addIds = false

    mutating func validate() throws {
        if check && list { throw ValidationError("--check and --list cannot be combined.") }
        if let into {
            guard style == .nbdev else { throw ValidationError("--into works with --style nbdev only.") }
            guard into.hasSuffix(".swift"), !into.hasPrefix("/"), !into.split(separator: "/").contains("..") else {
                throw ValidationError(
                    "--into needs a relative path to a .swift file inside the output folder, got '\(into)'.")
            }
            guard inputs.count == 1, inputs[0].hasSuffix(".ipynb") else {
                throw ValidationError("--into takes exactly one notebook.")
            }
            if into.split(separator: "/").first(where: { $0 != "." }) == "\(ExportStyle.stateFolder)" {
                throw ValidationError(
                    "--into cannot write into \(ExportStyle.stateFolder)/, the folder where nb2swift keeps its export "
                        + "state: choose another path, got '\(into)'.")
            }
        }
        if addIds && (check || list) {
            throw ValidationError("--add-ids edits the notebooks; it cannot be combined with --check or --list.")
        }
    }

    func run() throws {
        let paths: [String]
        do { paths = try ConversionInput.discover(inputs).map(\.path) } catch {
            throw MarkerCommandOutput.failure(error)
        }
        // Ids are given in memory: the notebooks are written with the exported files, or not at all.
        var withIDs: [String: [UInt8]] = [:]
        var idCounts: [(path: String, count: Int)] = []
        if addIds {
            for path in paths {
                do throws(Diagnostic) {
                    guard let (bytes, count) = try MarkerWorkflow.addingMissingIDs(notebook: path) else { continue }
                    withIDs[path] = bytes
                    idCounts.append((path, count))
                } catch {
                    throw MarkerCommandOutput.failure(error)
                }
            }
        }
        let planning = MarkerWorkflow.planExport(
            style: style, notebooks: paths, output: output, singleFile: into, notebookBytes: withIDs)
        let rejected = planning.plans.flatMap(\.rejectedCells)
        for error in planning.unreadable + rejected + planning.collisions { MarkerCommandOutput.report(error) }
        if !planning.unreadable.isEmpty || !rejected.isEmpty || !planning.collisions.isEmpty {
            let problems = [
                planning.unreadable.isEmpty ? nil : "\(planning.unreadable.count) notebook(s) unreadable",
                rejected.isEmpty ? nil : "\(rejected.count) cell(s) rejected",
                planning.collisions.isEmpty ? nil : "\(planning.collisions.count) file(s) exported by two notebooks",
            ].compactMap { $0 }
            throw MarkerCommandOutput.failure(
                "nb2swift: \(problems.joined(separator: ", ")); nothing was written", status: 2)
        }
        if !check && !list && !force && into == nil {
            let refusals = MarkerWorkflow.overwriteRefusals(style: style, planning: planning)
            for refusal in refusals { MarkerCommandOutput.report(refusal) }
            if !refusals.isEmpty {
                throw MarkerCommandOutput.failure(
                    "nb2swift: \(refusals.count) file(s) or block(s) would be overwritten without nb2swift being able "
                        + "to vouch for them; nothing was written (--force overwrites them)",
                    status: 2)
            }
        }
        let currentDirectory = OutputRoot.currentDirectory()
        let plans = planning.plans
        if list {
            for plan in plans {
                for file in plan.files {
                    let cells = file.cells.map { $0.id ?? "#\($0.index)" }.joined(separator: ", ")
                    MarkerCommandOutput.say(
                        "\(OutputRoot.displayPath(plan.outputRoot + "/" + file.path, from: currentDirectory))\t"
                            + "\(file.bytes.count) bytes\t\(file.notebook): \(cells)")
                }
            }
            return
        }
        if check {
            let findings =
                PlanChecker().check(plans, displayBase: currentDirectory)
                + MarkerWorkflow.orphans(style: style, plans: plans, notebooks: paths, output: output).map {
                    finding in
                    guard case .orphan(let path, let notebook) = finding else { return finding }
                    return .orphan(path: OutputRoot.displayPath(path, from: currentDirectory), notebook: notebook)
                }
            for finding in findings { MarkerCommandOutput.say(finding.description) }
            if !findings.isEmpty {
                throw MarkerCommandOutput.failure(
                    "nb2swift: --check: \(findings.count) file(s) stale or missing", status: 1)
            }
            return
        }
        do {
            try MarkerWorkflow.write(planning, notebookBytes: withIDs) { path in
                if !quiet {
                    MarkerCommandOutput.report("Writing \(OutputRoot.displayPath(path, from: currentDirectory))")
                }
            }
        } catch {
            throw MarkerCommandOutput.failure(error)
        }
        if !quiet {
            for (path, count) in idCounts { MarkerCommandOutput.report("\(path): gave ids to \(count) cell(s)") }
        }
    }
}

extension ExportStyle: ExpressibleByArgument {}

/// Printing and exit statuses shared by the `export` and `update` subcommands.
enum MarkerCommandOutput {
    /// A line on standard error.
    static func report(_ line: String) { ReportPrinter.printError(line) }

    /// A diagnostic on standard error.
    static func report(_ diagnostic: Diagnostic) { ReportPrinter.printError(ReportPrinter.render(diagnostic)) }

    /// Reports `diagnostic`; the exit status 2 to throw.
    static func failure(_ diagnostic: Diagnostic) -> ExitCode {
        report(diagnostic)
        return ExitCode(2)
    }

    /// A line on standard output.
    static func say(_ line: String) { ReportPrinter.printResult(line) }

    /// Reports `message` on standard error; the exit status to throw.
    static func failure(_ message: String, status: Int32) -> ExitCode {
        report(message)
        return ExitCode(status)
    }
}
