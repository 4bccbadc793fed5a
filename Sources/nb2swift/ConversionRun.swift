import Foundation
import NotebookKit

/// One invocation of `nb2swift`: read every notebook, plan, then list, check or write.
struct ConversionRun {
    let command: NB2Swift

    private func report(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs and returns the exit status.
    func run() -> Int32 {
        let paths: [String]
        do { paths = try NotebookDiscovery.notebooks(in: command.inputs) } catch {
            report("nb2swift: error: \(error.description)")
            return 2
        }
        let reader = NotebookReader(strict: command.strict, sizeLimit: command.maxInputSize)
        let planner = command.makePlanner()
        let currentDirectory = FileManager.default.currentDirectoryPath
        var files = VirtualFileSystem()
        var plans: [ExportPlan] = []
        var failedNotebooks = 0
        for path in paths {
            if command.scripts.to == .ipynb {
                switch command.scripts.planNotebook(
                    fromScript: path, output: command.output, sizeLimit: command.maxInputSize)
                {
                case .success(let plan): plans.append(plan)
                case .failure(let error):
                    report("nb2swift: error: \(error.description)")
                    failedNotebooks += 1
                }
                continue
            }
            let notebook: Notebook
            do { notebook = try reader.read(contentsOf: path) } catch {
                report("nb2swift: error: \(error.description)")
                failedNotebooks += 1
                continue
            }
            let absoluteNotebook = OutputRoot(path).path
            let root = OutputRoot(command.output ?? (absoluteNotebook as NSString).deletingLastPathComponent)
            let source = NotebookSource(
                displayPath: path, outputRoot: root.path,
                pathFromRoot: OutputRoot.relativePath(from: root.path, to: absoluteNotebook))
            plans.append(planner.plan(notebook, source: source, files: &files))
        }
        plans = Self.keepingLastClaims(plans)
        let rejected = plans.reduce(0) { $0 + $1.rejectedCells.count }
        let failed = failedNotebooks > 0 || rejected > 0
        // IPython's "Writing X" lines only once X has been written (below); otherwise the rejections now.
        let tellsTranscript = !command.quiet && !command.list && !command.check && (!failed || command.allowErrors)
        for plan in plans where !tellsTranscript {
            for rejection in plan.rejectedCells { report("error: \(rejection)") }
        }
        if failed && !command.allowErrors {
            let what = [
                failedNotebooks > 0 ? "\(failedNotebooks) notebook(s) could not be read" : nil,
                rejected > 0 ? "\(rejected) cell(s) were rejected" : nil,
            ].compactMap { $0 }.joined(separator: " and ")
            report("nb2swift: \(what); nothing was written (use --allow-errors to write the other cells' files)")
            return 2
        }
        if command.list {
            for plan in plans {
                for file in plan.files {
                    let absolute = file.path.hasPrefix("/") ? file.path : plan.outputRoot + "/" + file.path
                    let cells = file.cells.map { $0.id.map { "\($0)" } ?? "#\($0.index)" }
                    say(
                        "\(OutputRoot.displayPath(absolute, from: currentDirectory))\t\(file.bytes.count) bytes\t"
                            + "\(file.notebook): \(cells.joined(separator: ", "))")
                }
            }
            return failed ? 3 : 0
        }
        if command.check {
            let findings = PlanChecker().check(plans, displayBase: currentDirectory)
            for finding in findings { say(finding.description) }
            if !findings.isEmpty {
                report("nb2swift: --check: \(findings.count) file(s) stale, missing or orphaned")
                return 1
            }
            return failed ? 3 : 0
        }
        let writer = PlanWriter(allowsOutsideRoot: command.allowOutside)
        var transcript = PlanTranscript(plans)
        if tellsTranscript { transcript.start().forEach(report) }
        do {
            try writer.apply(plans) { event in
                if tellsTranscript { transcript.lines(after: event).forEach(report) }
                if case .removed(let path, _) = event, !command.quiet {
                    report("Removing \(OutputRoot.displayPath(path, from: currentDirectory))")
                }
            }
        } catch {
            if tellsTranscript { transcript.finish().forEach(report) }
            report("nb2swift: error: \(error.description)")
            return 2
        }
        if tellsTranscript { transcript.finish().forEach(report) }
        return failed ? 3 : 0
    }

    /// When several notebooks of one run write the same file, the last one's bytes are final: earlier plans drop it.
    static func keepingLastClaims(_ plans: [ExportPlan]) -> [ExportPlan] {
        var claimed: Set<String> = []
        var result: [ExportPlan] = []
        for var plan in plans.reversed() {
            plan.files = plan.files.filter { file in
                let absolute = file.path.hasPrefix("/") ? file.path : plan.outputRoot + "/" + file.path
                return claimed.insert(absolute).inserted
            }
            result.append(plan)
        }
        return result.reversed()
    }
}
