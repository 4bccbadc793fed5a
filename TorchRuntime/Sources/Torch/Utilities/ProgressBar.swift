import Foundation

/// A progress bar over a sequence, as `tqdm` draws one: `for epoch in tqdm(range(epochs))` is
/// `for epoch in ProgressBar(0..<epochs)`.
///
/// It redraws one line on standard error before each element and after the last, e.g.
/// ` 40%|████████            | 2/5 [00:03<00:04, 1.50s/it]`, and leaves the finished bar on its line. It draws only
/// when standard output and standard error are both terminals, so logs, pipes and ranks other than 0 (whose output
/// goes to `/dev/null`) get only the program's own lines. Print lines through ``write(_:)`` while it runs, as
/// `tqdm.write`, so that they do not land on the bar's line.
public final class ProgressBar<Base: Sequence>: Sequence {
    private let base: Base
    private let total: Int
    /// Whether the bar is drawn.
    public let isEnabled: Bool
    private let width: Int
    private var done = 0
    private var started: ContinuousClock.Instant?

    /// A bar over `base`, `total` steps long (by default the sequence's `underestimatedCount`, exact for ranges and
    /// arrays); `enabled` defaults to "standard output and standard error are terminals".
    public init(
        _ base: Base, total: Int? = nil, width: Int = 20,
        enabled: Bool = isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1
    ) {
        self.base = base
        self.total = total ?? base.underestimatedCount
        self.width = width
        isEnabled = enabled
    }

    /// Walks the sequence, redrawing the bar before each element and after the last.
    public struct Iterator: IteratorProtocol {
        let bar: ProgressBar
        var inner: Base.Iterator
        var first = true

        public mutating func next() -> Base.Element? {
            if first {
                first = false
                bar.started = ContinuousClock.now
            } else {
                bar.done += 1
            }
            let element = inner.next()
            bar.draw(finished: element == nil)
            return element
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(bar: self, inner: base.makeIterator())
    }

    /// Prints `line` on standard output above the bar (`tqdm.write`): the bar is erased, the line printed and
    /// flushed, and the bar drawn again below it.
    public func write(_ line: String) {
        if isEnabled { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        print(line)
        fflush(nil)
        draw(finished: false)
    }

    /// The bar's text after `done` of `total` steps in `elapsed`, e.g.
    /// ` 40%|████████            | 2/5 [00:03<00:04, 1.50s/it]`.
    public func render(done: Int, elapsed: Duration) -> String {
        let fraction = total > 0 ? Swift.min(1, Double(done) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        func clock(_ value: Double) -> String {
            let whole = Int(value.rounded())
            return String(format: "%02d:%02d", whole / 60, whole % 60)
        }
        let perStep = done > 0 ? seconds / Double(done) : nil
        let remaining = perStep.map { clock($0 * Double(Swift.max(0, total - done))) } ?? "?"
        let rate = perStep.map {
            $0 >= 1 ? String(format: "%.2fs/it", $0) : String(format: "%.2fit/s", 1 / Swift.max($0, 1e-9))
        }
        let percent = String(format: "%3d%%", Int(fraction * 100))
        return "\(percent)|\(bar)| \(done)/\(total) [\(clock(seconds))<\(remaining), \(rate ?? "?it/s")]"
    }

    private func draw(finished: Bool) {
        guard isEnabled, let started else { return }
        let text = "\r\u{1B}[2K" + render(done: done, elapsed: ContinuousClock.now - started) + (finished ? "\n" : "")
        FileHandle.standardError.write(Data(text.utf8))
    }
}
