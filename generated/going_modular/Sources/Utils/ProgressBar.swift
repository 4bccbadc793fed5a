import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
public struct ProgressBar: Sendable {
    /// Whether anything is drawn: standard error is a terminal.
    public let isEnabled: Bool
    private let width: Int

    /// Creates a bar `width` characters wide; `enabled` defaults to "standard error is a terminal".
    public init(width: Int = 30, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.width = width
        self.isEnabled = enabled
    }

    /// The text of the bar for `done` of `total` steps, e.g. `Epoch 1/5 train [######......]  3/8`.
    public func render(label: String, done: Int, total: Int) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "\(label) [\(bar)] \(done)/\(total)"
    }

    /// Redraws the bar in place.
    public func update(label: String, done: Int, total: Int) {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + render(label: label, done: done, total: total)).utf8))
    }

    /// Erases the bar so the next printed line starts clean.
    public func clear() {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
