import Foundation

/// The lesson's `plot_loss_curves` as an SVG picture: loss on the left, accuracy on the right, one line per metric
/// and epoch, which any browser shows and which needs no plotting library.
///
/// The loss panel draws the metrics of a ``MetricHistory`` whose names end in `loss`, the accuracy panel those
/// ending in `acc` or `accuracy` (on a 0...1 axis); each line's `id` is its metric's name, and the legend names it
/// by the part before the first `_` (`train`, `test`). A value that is not finite (a diverged run) is left out of
/// its line.
public struct LossCurves {
    private let history: MetricHistory
    private let panelWidth = 360.0
    private let panelHeight = 260.0
    private let margin = 48.0
    private static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

    /// The curves of `history`.
    public init(_ history: MetricHistory) {
        self.history = history
    }

    /// The complete SVG document.
    public func svg() -> String {
        let width = 2 * panelWidth + 3 * margin
        let height = panelHeight + 2 * margin
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>

            """
        let losses = history.names.filter { $0.hasSuffix("loss") }
        let accuracies = history.names.filter { $0.hasSuffix("acc") || $0.hasSuffix("accuracy") }
        let finiteLosses = losses.flatMap { history[$0] }.filter(\.isFinite)
        out += panel(title: "Loss", x: margin, top: max(finiteLosses.max() ?? 1, 1e-9), names: losses)
        out += panel(title: "Accuracy", x: 2 * margin + panelWidth, top: 1, names: accuracies)
        return out + "</svg>\n"
    }

    /// Writes ``svg()`` to `url` atomically, creating its folder.
    public func write(to url: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw TorchError.file(
                path: url.path, .cannotWrite("cannot create its folder (\(error.localizedDescription))"))
        }
        try RuntimeFile.writeAtomically(Data(svg().utf8), to: url, what: "the curves")
    }

    private func panel(title: String, x: Double, top: Double, names: [String]) -> String {
        let y = margin
        var out = "<g>\n"
        out += "<text x=\"\(fmt(x + panelWidth / 2))\" y=\"\(fmt(y - 16))\" text-anchor=\"middle\" "
        out += "font-size=\"14\">\(title)</text>\n"
        out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(panelWidth))\" height=\"\(fmt(panelHeight))\" "
        out += "fill=\"none\" stroke=\"#888\"/>\n"
        out += "<text x=\"\(fmt(x - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(fmt(top))</text>\n"
        out += "<text x=\"\(fmt(x - 6))\" y=\"\(fmt(y + panelHeight))\" text-anchor=\"end\">0</text>\n"
        out += "<text x=\"\(fmt(x + panelWidth / 2))\" y=\"\(fmt(y + panelHeight + 30))\" "
        out += "text-anchor=\"middle\">Epochs</text>\n"
        for index in 0..<history.epochs {
            let px = xPosition(index, x: x)
            out +=
                "<text x=\"\(fmt(px))\" y=\"\(fmt(y + panelHeight + 14))\" text-anchor=\"middle\">\(index + 1)</text>\n"
        }
        var legend: [(String, String)] = []
        for (index, name) in names.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            out += polyline(history[name], x: x, top: top, colour: colour, id: name)
            legend.append((String(name.split(separator: "_").first ?? Substring(name)), colour))
        }
        // Above the panel's right edge, level with the title: no curve can run under it.
        out += self.legend(x: x + panelWidth - 64 * Double(max(legend.count, 2)) + 8, y: y - 16, entries: legend)
        return out + "</g>\n"
    }

    private func polyline(_ values: [Double], x: Double, top: Double, colour: String, id: String) -> String {
        let points = values.enumerated().filter { $0.element.isFinite }.map { index, value in
            let py = margin + panelHeight * (1 - min(max(value / top, 0), 1))
            return "\(fmt(xPosition(index, x: x))),\(fmt(py))"
        }
        return "<polyline id=\"\(id)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" "
            + "points=\"\(points.joined(separator: " "))\"/>\n"
    }

    /// A one-row legend, so that it never covers a curve: entries side by side from (`x`, `y`).
    private func legend(x: Double, y: Double, entries: [(String, String)]) -> String {
        entries.enumerated().map { index, entry in
            let lx = x + Double(index) * 64
            return "<line x1=\"\(fmt(lx))\" y1=\"\(fmt(y - 4))\" x2=\"\(fmt(lx + 20))\" y2=\"\(fmt(y - 4))\" "
                + "stroke=\"\(entry.1)\" stroke-width=\"2\"/>"
                + "<text x=\"\(fmt(lx + 26))\" y=\"\(fmt(y))\">\(entry.0)</text>\n"
        }.joined()
    }

    private func xPosition(_ index: Int, x: Double) -> Double {
        history.epochs > 1 ? x + panelWidth * Double(index) / Double(history.epochs - 1) : x + panelWidth / 2
    }

    private func fmt(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
