import ArgumentParser
import Foundation
import NotebookKit

/// What a run turns its inputs into.
enum ExportTarget: String, ExpressibleByArgument, CaseIterable {
    /// The files of the `%%writefile` cells only.
    case files
    /// One Swift script per notebook (`NAME.swift`), plus the files of any `%%writefile` cells.
    case script
    /// The way back: each script (`NAME.swift`) becomes `NAME.ipynb`.
    case ipynb
}

/// The script, markdown and way-back options: `--to`, `--pretty`, `--docs`, `--width`.
struct ScriptOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "files: only the %%writefile files; script: NAME.swift per notebook (percent format); ipynb: scripts back "
                + "to NAME.ipynb. Default: files, or script for a notebook with no %%writefile cell.",
            valueName: "files|script|ipynb"))
    var to: ExportTarget?

    @Flag(
        help:
            "In scripts, render markdown cells for reading (MARK: headings, wrapped paragraphs) instead of line for line."
    )
    var pretty = false

    @Flag(
        help:
            "Put the markdown cells before each %%writefile cell at the top of its file as // comments (implies --header)."
    )
    var docs = false

    @Option(help: ArgumentHelp("The width --pretty and --docs wrap paragraphs at, // included.", valueName: "n"))
    var width = 100

    func validate() throws {
        guard width >= 20 else { throw ValidationError("--width must be at least 20, got \(width).") }
    }

    /// The planner for notebooks, around the `%%writefile` planner the core options configure.
    func planner(wrapping writefile: WritefilePlanner) -> any ExportPlanner {
        var writefile = writefile
        if docs {
            writefile.options.addsHeader = true
            writefile.proseProvider = DocsProse(width: width).provider
        }
        let writer = ScriptWriter(pretty: pretty, width: width)
        switch to {
        case .files?: return writefile
        case .script?, .ipynb?: return ScriptPlanner(mode: .always, writer: writer, writefilePlanner: writefile)
        case nil: return ScriptPlanner(mode: .whenNoWritefileCells, writer: writer, writefilePlanner: writefile)
        }
    }

    /// For `--to ipynb`: the plan that turns the script at `path` into `NAME.ipynb`, beside it or under `output`.
    func planNotebook(fromScript path: String, output: String?, sizeLimit: Int) -> Result<ExportPlan, ScriptReadError> {
        guard path.hasSuffix(".swift") else {
            return .failure(
                ScriptReadError(
                    path: path, line: 1, message: "--to ipynb reads Swift scripts (NAME.swift), not this file"))
        }
        let data: [UInt8]
        do { data = try InputFile.bytes(atPath: path, sizeLimit: sizeLimit) } catch {
            return .failure(ScriptReadError(path: path, line: 1, message: "cannot read the script: \(error.reason)"))
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            return .failure(ScriptReadError(path: path, line: 1, message: "the script is not UTF-8 text"))
        }
        let absolute = OutputRoot(path).path
        let root = OutputRoot(output ?? (absolute as NSString).deletingLastPathComponent)
        let source = NotebookSource(
            displayPath: path, outputRoot: root.path,
            pathFromRoot: OutputRoot.relativePath(from: root.path, to: absolute))
        do {
            return .success(try ScriptToNotebookPlanner().plan(script: text, source: source))
        } catch {
            return .failure(error)
        }
    }
}
