/// What a writing run shows, in cell order: IPython's messages (`Writing X`, `Overwriting X`, `Appending to X`) and
/// the rejected cells' diagnostics, each message released only once the file it names has been written.
///
/// Feed it the writer's events (``PlanWriter/Event``); it returns the report entries that became true. A cell that was rejected
/// shows its error, never a message (its file was not written).
struct PlanTranscript: Sendable {
    private struct Line: Sendable {
        var entry: ConversionReport.Entry
        /// The absolute path that must have been written before the line is shown.
        var waitsFor: String?
    }

    private var pending: [Line]
    private var next = 0
    private var written: Set<String> = []

    /// The transcript of `plans` (in order; within a plan, by cell).
    init(_ plans: [ExportPlan]) {
        func absolute(_ path: String, in plan: ExportPlan) -> String {
            path.hasPrefix("/") ? path : OutputRoot.normalize(plan.outputRoot + "/" + path)
        }
        let planned = Set(plans.flatMap { plan in plan.files.map { absolute($0.path, in: plan) } })
        var lines: [Line] = []
        for plan in plans {
            let rejected = Set(plan.rejectedCells.compactMap(\.cellIndex))
            var ordered: [(cell: Int, order: Int, line: Line)] = []
            for (order, message) in plan.messages.enumerated() where !rejected.contains(message.cell.index) {
                guard let path = message.path else {
                    ordered.append((message.cell.index, order, Line(entry: .message(message.text), waitsFor: nil)))
                    continue
                }
                let target = absolute(path, in: plan)
                guard planned.contains(target) else { continue }
                ordered.append((message.cell.index, order, Line(entry: .message(message.text), waitsFor: target)))
            }
            for (order, rejection) in plan.rejectedCells.enumerated() {
                ordered.append(
                    (
                        rejection.cellIndex ?? 0, plan.messages.count + order,
                        Line(entry: .diagnostic(rejection), waitsFor: nil)
                    )
                )
            }
            lines += ordered.sorted { ($0.cell, $0.order) < ($1.cell, $1.order) }.map(\.line)
        }
        pending = lines
    }

    /// The lines that can be shown before anything is written (rejections before the first message).
    mutating func start() -> [ConversionReport.Entry] { release() }

    /// The lines that `event` makes true, in order.
    mutating func lines(after event: PlanWriter.Event) -> [ConversionReport.Entry] {
        if case .wrote(let path, _) = event { written.insert(path) }
        return release()
    }

    /// The lines still to show when the writing is over: the remaining rejections (messages whose files were not
    /// written are dropped).
    mutating func finish() -> [ConversionReport.Entry] {
        let rest = pending[next...].filter { $0.waitsFor.map(written.contains) ?? true }.map(\.entry)
        next = pending.count
        return rest
    }

    private mutating func release() -> [ConversionReport.Entry] {
        var lines: [ConversionReport.Entry] = []
        while next < pending.count, pending[next].waitsFor.map(written.contains) ?? true {
            lines.append(pending[next].entry)
            next += 1
        }
        return lines
    }
}
