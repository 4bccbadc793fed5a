/// The converter's one entry: every mode reads its inputs into ``Notebook``s, plans each with one ``ExportPlanner``,
/// then writes, checks or lists the plans.
///
/// ```swift
/// let report = Conversion(ConversionOptions(target: .scripts, outputFolder: "out")).run(["notebooks"])
/// for diagnostic in report.diagnostics { print(diagnostic) }
/// exit(report.status.rawValue)
/// ```
///
/// Nothing is written until every input has been read and planned: an unreadable input, a rejected cell (without
/// `allowsErrors`) or two notebooks claiming one file stop the run before the first write.
public struct Conversion: Sendable {
    /// The version of nb2swift.
    public static let version = "0.9.0"

    /// How the conversion runs.
    public var options: ConversionOptions

    /// Creates a conversion.
    public init(_ options: ConversionOptions) { self.options = options }

    /// Reads, plans, then writes, checks or lists `paths` (files, or folders searched for inputs).
    public func run(_ paths: [String]) -> ConversionReport {
        var report = ConversionReport()
        let inputs: [ConversionInput]
        do {
            inputs = try ConversionInput.discover(paths, suffix: options.readsScripts ? ".swift" : ".ipynb")
        } catch {
            report.add(error)
            report.status = .failed
            return report
        }
        return run(inputs, into: report)
    }

    /// Reads, plans, then writes, checks or lists these inputs.
    public func run(_ inputs: [ConversionInput]) -> ConversionReport { run(inputs, into: ConversionReport()) }

    private func run(_ inputs: [ConversionInput], into start: ConversionReport) -> ConversionReport {
        var report = start
        let (plans, failures) = plan(inputs, into: &report)
        report.plans = plans
        if failures.total > 0 && !options.allowsErrors {
            for plan in plans { for rejection in plan.rejectedCells { report.add(rejection) } }
            report.summary = "\(failures); nothing was written (use --allow-errors to write the other cells' files)"
            report.status = .failed
            return report
        }
        report.status = failures.total > 0 ? .partial : .success
        switch options.action {
        case .list: list(plans, into: &report)
        case .check: check(plans, into: &report)
        case .write: write(plans, into: &report)
        }
        return report
    }

    /// What kept inputs, files or cells from taking effect.
    private struct Failures: CustomStringConvertible {
        var unreadInputs = 0
        var collisions = 0
        var refusals = 0
        var rejectedCells = 0

        var total: Int { unreadInputs + collisions + refusals + rejectedCells }

        var description: String {
            [
                unreadInputs > 0 ? "\(unreadInputs) input(s) could not be converted" : nil,
                collisions > 0 ? "\(collisions) file(s) were claimed by two notebooks" : nil,
                refusals > 0 ? "\(refusals) file(s) were refused" : nil,
                rejectedCells > 0 ? "\(rejectedCells) cell(s) were rejected" : nil,
            ].compactMap { $0 }.joined(separator: " and ")
        }
    }

    /// Reads and plans every input against one virtual file system; reports what could not be read or planned.
    private func plan(
        _ inputs: [ConversionInput], into report: inout ConversionReport
    ) -> (plans: [ExportPlan], failures: Failures) {
        var plans: [ExportPlan] = []
        var failures = Failures()
        var files = VirtualFileSystem()
        let planner = options.makePlanner()
        let prepared = prepareAll(inputs, for: planner)
        for (input, result) in zip(inputs, prepared) {
            let readInput: PreparedInput
            do {
                guard let read = try result.get() else { continue }
                readInput = read
            } catch {
                report.add(error)
                failures.unreadInputs += 1
                continue
            }
            let notebook = readInput.notebook
            let plan: ExportPlan
            if let planner = planner as? any PreparingPlanner, let prepared = readInput.prepared {
                plan = planner.plan(notebook, source: readInput.source, prepared: prepared, files: &files)
            } else {
                plan = planner.plan(notebook, source: readInput.source, files: &files)
            }
            if options.writesScripts, plan.files.isEmpty, plan.rejectedCells.isEmpty,
                let language = notebook.language, !notebook.isSwift
            {
                let what = "a \(language) notebook with no %%writefile cell (scripts are for Swift notebooks)"
                if input.isNamed {
                    report.add(Diagnostic("nothing to convert: \(what)", file: input.path))
                    failures.unreadInputs += 1
                } else {
                    report.add(Diagnostic("skipped: \(what)", file: input.path, severity: .note))
                }
            }
            for refusal in plan.refusals { report.add(refusal) }
            failures.refusals += plan.refusals.count
            failures.rejectedCells += plan.rejectedCells.count
            plans.append(plan)
        }
        // The notebooks are no longer needed.
        ParallelWork.release(consume prepared)
        let collisions = Self.removingCollisions(&plans, displayBase: options.displayBase)
        for collision in collisions { report.add(collision) }
        failures.collisions = collisions.count
        return (plans, failures)
    }

    /// `--list`: each planned file, with the rejections and notes.
    private func list(_ plans: [ExportPlan], into report: inout ConversionReport) {
        for plan in plans {
            for rejection in plan.rejectedCells { report.add(rejection) }
            for note in plan.notes { report.add(note) }
            for file in plan.files { report.entries.append(.listing(listing(file, in: plan))) }
        }
    }

    /// `--check`: the differences between the plans and the disk; nothing is written.
    private func check(_ plans: [ExportPlan], into report: inout ConversionReport) {
        for plan in plans {
            for rejection in plan.rejectedCells { report.add(rejection) }
            for note in plan.notes { report.add(note) }
        }
        report.findings = PlanChecker().check(plans, displayBase: options.displayBase)
        for finding in report.findings { report.entries.append(.finding(finding.description)) }
        if !report.findings.isEmpty {
            report.summary = "--check: \(report.findings.count) file(s) stale, missing or orphaned"
            report.status = .checkFailed
        }
    }

    /// Writes the plans: every target is checked before the first write, a failed write stops the run there, and
    /// IPython's "Writing X" line is added once X has been written. With the generated-file header, the files that
    /// carry a header of one of these notebooks and that no plan writes any more are removed (`Removing X`).
    private func write(_ plans: [ExportPlan], into report: inout ConversionReport) {
        let writer = PlanWriter(allowsOutsideRoot: options.allowsOutsideRoot)
        var transcript = PlanTranscript(plans)
        var entries = transcript.start()
        let displayBase = options.displayBase
        do {
            try writer.apply(plans) { event in
                entries += transcript.lines(after: event)
                if case .removed(let path, _) = event {
                    entries.append(.message("Removing \(OutputRoot.displayPath(path, from: displayBase))"))
                }
            }
        } catch {
            report.entries += entries + transcript.finish()
            report.add(error)
            report.status = .failed
            return
        }
        report.entries += entries + transcript.finish()
        report.entries += plans.flatMap { plan in plan.notes.map(ConversionReport.Entry.diagnostic) }
    }

    /// An input read, with where it runs and the planner's work that does not depend on the run's files.
    struct PreparedInput: Sendable {
        var notebook: Notebook
        var source: NotebookSource
        var prepared: PreparedNotebook?
    }

    /// Reads every input (`nil` for a Swift file that is not a script, as ``read(_:)``) and does the planner's work on
    /// it that does not depend on the run's files, on every core when there are several inputs. The results are in
    /// the inputs' order, so that what a run reports and plans does not depend on which input finished first.
    func prepareAll(_ inputs: [ConversionInput], for planner: any ExportPlanner) -> [Result<PreparedInput?, Diagnostic>]
    {
        let preparing = planner as? any PreparingPlanner
        @Sendable func prepare(_ input: ConversionInput) -> Result<PreparedInput?, Diagnostic> {
            Result { () throws(Diagnostic) in
                guard let notebook = try read(input) else { return nil }
                let source = source(for: input)
                return PreparedInput(
                    notebook: notebook, source: source, prepared: preparing?.prepare(notebook, source: source))
            }
        }
        return ParallelWork.results(count: inputs.count) { prepare(inputs[$0]) }
    }

    /// Reads one input into a notebook: a script on the way back, a notebook otherwise.
    /// A Swift file found under a folder that opens no cell is not a script: `nil`, it is left alone.
    func read(_ input: ConversionInput) throws(Diagnostic) -> Notebook? {
        if options.readsScripts {
            guard input.path.hasSuffix(".swift") else {
                throw Diagnostic("ipynb reads Swift scripts (NAME.swift), not this file", file: input.path)
            }
            return try ScriptReader(sizeLimit: options.maxInputSize).read(
                contentsOf: input.path, onlyWithCells: !input.isNamed)
        }
        return try NotebookReader(strict: options.strict, sizeLimit: options.maxInputSize).read(contentsOf: input.path)
    }

    /// Where an input comes from and where it runs: in `-o`, or in its own folder.
    func source(for input: ConversionInput) -> NotebookSource {
        let absolute = OutputRoot.absolutePath(input.path)
        let root = OutputRoot.absolutePath(options.outputFolder ?? OutputRoot.parentPath(of: absolute))
        return NotebookSource(
            displayPath: input.path, outputRoot: root,
            pathFromRoot: OutputRoot.relativePath(from: root, to: absolute),
            outputFolder: options.outputFolder == nil ? "" : input.folderInTree)
    }

    /// `path<TAB>N bytes<TAB>notebook: cells` for `--list`.
    private func listing(_ file: PlannedFile, in plan: ExportPlan) -> String {
        let absolute = file.path.hasPrefix("/") ? file.path : plan.outputRoot + "/" + file.path
        let cells = file.cells.map { $0.id.map { "\($0)" } ?? "#\($0.index)" }
        return "\(OutputRoot.displayPath(absolute, from: options.displayBase))\t\(file.bytes.count) bytes\t"
            + "\(file.notebook): \(cells.joined(separator: ", "))"
    }

    /// Two notebooks of one run that plan the same file: each such file is an error naming both, and the later
    /// notebook's claim is dropped (so that with `--allow-errors` the first notebook's file is written).
    static func removingCollisions(_ plans: inout [ExportPlan], displayBase: String) -> [Diagnostic] {
        var owners: [String: String] = [:]
        var collisions: [Diagnostic] = []
        for index in plans.indices {
            let plan = plans[index]
            plans[index].files = plan.files.filter { file in
                let absolute = OutputRoot.normalize(
                    file.path.hasPrefix("/") ? file.path : plan.outputRoot + "/" + file.path)
                guard let owner = owners[absolute], owner != file.notebook else {
                    owners[absolute] = file.notebook
                    return true
                }
                collisions.append(
                    Diagnostic(
                        "\(OutputRoot.displayPath(absolute, from: displayBase)) is claimed by both \(owner) and "
                            + "\(file.notebook) (convert them into different -o folders, or rename one)",
                        file: file.notebook))
                return false
            }
        }
        return collisions
    }
}
