#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The converter's one entry, and its one walk: every mode finds its inputs, reads them with one reader, plans each
/// with the mode's planner, and then writes, checks or lists the plans, reporting as it goes.
///
/// ```swift
/// let report = Conversion(ConversionOptions(mode: .scripts, outputFolder: "out")).run(["notebooks"])
/// for diagnostic in report.diagnostics { print(diagnostic) }
/// exit(report.status.rawValue)
/// ```
///
/// 1. **Inputs**: the paths given, and the notebooks (or, for ``ConversionOptions/Mode/notebooks``, the scripts)
///    under the folders given (`ConversionInput`).
/// 2. **Reading**: every input is read by one `InputReader` with the reading options (`strict`, `maxInputSize`),
///    on every core, together with the planner's work that depends on the input alone.
/// 3. **Planning**: the mode's `Planner` plans one input after the other, in the inputs' order, against one
///    `VirtualFileSystem`; two inputs that plan the same file are an error naming both.
/// 4. **Writing, checking or listing** the plans: `PlanWriter`, `PlanChecker`, or a listing.
/// 5. **Report**: the diagnostics, messages, listings and findings, in order, and the status (``ConversionReport``).
///
/// <doc:Architecture> draws the walk, with each mode's planner.
///
/// Nothing is written until every input has been read and planned: an unreadable input, a rejected cell (without
/// `allowsErrors`), a file the run will not replace or two notebooks claiming one file stop the run before the first
/// write.
public struct Conversion: Sendable {
    /// The version of nb2swift.
    public static let version = "0.9.0"

    /// How the conversion runs.
    public var options: ConversionOptions

    /// Creates a conversion.
    public init(_ options: ConversionOptions) { self.options = options }

    /// Finds the inputs under `paths` (files, or folders searched for inputs), reads and plans them, then writes,
    /// checks or lists the plans.
    public func run(_ paths: [String]) -> ConversionReport {
        locatingCellLines(walk(options.makePlanner(), paths: paths))
    }

    /// Runs one notebook (or script) as if it had been found in a searched folder at `folderInTree` (relative to
    /// the searched folder): a script it yields goes to that folder under the output folder, as a run on the whole
    /// folder lays it out, and a notebook with nothing to convert is skipped with a note, as in a folder (what a
    /// project's `sync` needs to run one pair of a group).
    public func run(_ path: String, folderInTree: String) -> ConversionReport {
        run([ConversionInput(path: path, isNamed: false, folderInTree: folderInTree)])
    }

    /// Reads and plans these inputs, then writes, checks or lists the plans.
    func run(_ inputs: [ConversionInput]) -> ConversionReport {
        locatingCellLines(walk(options.makePlanner(), inputs: inputs, into: ConversionReport()))
    }

    /// The report with each diagnostic about a line of a cell (``Diagnostic/cellLine``) pointed at that line's text
    /// inside its notebook file, as an editor jumps to it; each notebook is read again for it, once.
    private func locatingCellLines(_ report: ConversionReport) -> ConversionReport {
        guard report.diagnostics.contains(where: { $0.cellLine != nil }) else { return report }
        var located = report
        var texts: [String: [UInt8]?] = [:]
        func locate(_ diagnostic: Diagnostic) -> Diagnostic {
            var diagnostic = diagnostic
            diagnostic.notes = diagnostic.notes.map(locate)
            guard let file = diagnostic.file, let cell = diagnostic.cellIndex, let line = diagnostic.cellLine else {
                return diagnostic
            }
            if texts[file] == nil { texts[file] = try? InputFile.bytes(atPath: file, sizeLimit: options.maxInputSize) }
            guard let bytes = texts[file] ?? nil,
                let location = CellLineLocation(sourceLine: line, cellIndex: cell, in: bytes)
            else { return diagnostic }
            diagnostic.line = location.line
            diagnostic.column = location.column
            return diagnostic
        }
        located.entries = report.entries.map { entry in
            guard case .diagnostic(let diagnostic) = entry else { return entry }
            return .diagnostic(locate(diagnostic))
        }
        return located
    }

    private func walk(_ planner: some Planner, paths: [String]) -> ConversionReport {
        var report = ConversionReport()
        let inputs: [ConversionInput]
        do {
            inputs = try ConversionInput.discover(paths, suffix: planner.inputFormat.suffix).filter {
                $0.isNamed || !isExcluded($0.path)
            }
        } catch {
            report.add(error)
            report.status = .failed
            return report
        }
        return walk(planner, inputs: inputs, into: report)
    }

    /// Whether a found input matches ``ConversionOptions/excludedPaths`` (itself or a folder above it).
    private func isExcluded(_ path: String) -> Bool {
        guard !options.excludedPaths.isEmpty else { return false }
        var candidate = OutputRoot.absolutePath(path)
        while candidate.count > 1 {
            if options.excludedPaths.contains(where: { fnmatch($0, candidate, 0) == 0 }) { return true }
            candidate = OutputRoot.parentPath(of: candidate)
        }
        return false
    }

    private func walk(_ planner: some Planner, inputs: [ConversionInput], into start: ConversionReport)
        -> ConversionReport
    {
        var report = start
        let (plans, failures) = plan(inputs, with: planner, into: &report)
        report.plans = plans
        let allowsErrors = options.allowsErrors && !planner.isAllOrNothing
        if failures.total > 0 && !allowsErrors {
            for plan in plans { for rejection in plan.rejectedCells { report.add(rejection) } }
            report.summary =
                "\(failures); nothing was written"
                + (planner.isAllOrNothing ? "" : " (use --allow-errors to write the other cells' files)")
            report.status = .failed
            return report
        }
        report.status = failures.total > 0 ? .partial : .success
        switch options.action {
        case .list: list(plans, into: &report)
        case .check: check(plans, with: planner, into: &report)
        case .write: write(plans, with: planner, into: &report)
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
                refusals > 0 ? "\(refusals) input(s) or file(s) were refused" : nil,
                rejectedCells > 0 ? "\(rejectedCells) cell(s) were rejected" : nil,
            ].compactMap { $0 }.joined(separator: " and ")
        }
    }

    /// Reads and plans every input against one virtual file system; reports what could not be read or planned.
    private func plan<P: Planner>(
        _ inputs: [ConversionInput], with planner: P, into report: inout ConversionReport
    ) -> (plans: [ExportPlan], failures: Failures) {
        var plans: [ExportPlan] = []
        var failures = Failures()
        var files = VirtualFileSystem()
        let prepared = prepareAll(inputs, with: planner)
        for result in prepared {
            let input: ReadInput
            let preparation: P.Preparation
            switch result {
            case .failure(let error):
                report.add(error)
                failures.unreadInputs += 1
                continue
            case .success(nil): continue
            case .success(let read?): (input, preparation) = read
            }
            for plan in planner.plan(input, prepared: preparation, files: &files) {
                for refusal in plan.refusals { report.add(refusal) }
                failures.refusals += plan.refusals.count
                failures.rejectedCells += plan.rejectedCells.count
                plans.append(plan)
            }
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

    /// `--check`: what the mode finds between the plans and the disk; nothing is written.
    private func check(_ plans: [ExportPlan], with planner: some Planner, into report: inout ConversionReport) {
        for plan in plans {
            for rejection in plan.rejectedCells { report.add(rejection) }
            for note in plan.notes { report.add(note) }
        }
        report.findings = planner.check(plans, displayBase: options.displayBase)
        for finding in report.findings { report.entries.append(.finding(finding.description)) }
        guard !report.findings.isEmpty else { return }
        let cells = report.findings.filter { if case .cellToUpdate = $0 { true } else { false } }.count
        let files = report.findings.count - cells
        report.summary =
            "--check: "
            + [
                files > 0 ? "\(files) file(s) stale, missing or orphaned" : nil,
                cells > 0 ? "\(cells) cell(s) to update" : nil,
            ].compactMap { $0 }.joined(separator: " and ")
        report.status = .checkFailed
    }

    /// Writes the plans: every target is checked before the first write, and a message is added once the file it
    /// names has been written (IPython's `Writing X`; `Writing X` for each file an export writes). An all-or-nothing
    /// mode writes every file to a temporary first and renames them into place once all are written, outputs first,
    /// then notebooks, then export states; otherwise the files are written on every core, a failed write stops the run
    /// there, and with the generated-file header, files that carry a header of one of these notebooks and that no plan
    /// writes any more are removed (`Removing X`).
    private func write(_ plans: [ExportPlan], with planner: some Planner, into report: inout ConversionReport) {
        let writer = PlanWriter(allowsOutsideRoot: options.allowsOutsideRoot, stagesWrites: planner.isAllOrNothing)
        var transcript = PlanTranscript(plans)
        var entries = transcript.start()
        let displayBase = options.displayBase
        let announcesWrites = planner.announcesWrites
        do {
            try writer.apply(plans, removingOrphans: !planner.isAllOrNothing) { event in
                switch event {
                case .wrote(let path, .written) where announcesWrites:
                    entries.append(.message("Writing \(OutputRoot.displayPath(path, from: displayBase))"))
                case .removed(let path, _):
                    entries.append(.message("Removing \(OutputRoot.displayPath(path, from: displayBase))"))
                default: break
                }
                entries += transcript.lines(after: event)
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

    /// Reads every input (`nil` for a Swift file that is not a script, as `InputReader.read(_:)`) and does the
    /// planner's work on it that does not depend on the run's files, on every core when there are several inputs.
    /// The results are in the inputs' order, so that what a run reports and plans does not depend on which input
    /// finished first.
    func prepareAll<P: Planner>(_ inputs: [ConversionInput], with planner: P)
        -> [Result<(ReadInput, P.Preparation)?, Diagnostic>]
    {
        let reader = options.makeReader(for: planner)
        @Sendable func prepare(_ input: ConversionInput) -> Result<(ReadInput, P.Preparation)?, Diagnostic> {
            Result { () throws(Diagnostic) in
                guard let (notebook, bytes, givenIDs) = try reader.read(input) else { return nil }
                let read = ReadInput(
                    input: input, source: source(for: input), notebook: notebook, bytes: bytes, givenIDs: givenIDs)
                return (read, planner.prepare(read))
            }
        }
        return ParallelWork.results(count: inputs.count) { prepare(inputs[$0]) }
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

    /// Two notebooks of one run that plan the same file: each such file is an error naming both, at the later
    /// notebook, whose claim is dropped (so that with `--allow-errors` the first notebook's file is written).
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
