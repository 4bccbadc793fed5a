import Engine
import Foundation

/// The lesson's `plot_loss_curves` as an SVG image: loss (left) and accuracy (right) per epoch, train and test.
public struct LossCurves {
    private let results: TrainingResults
    private let panelWidth = 360.0
    private let panelHeight = 260.0
    private let margin = 48.0

    public init(_ results: TrainingResults) {
        self.results = results
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
        let lossTop = max(results.trainLoss.max() ?? 1, results.testLoss.max() ?? 1, 1e-9)
        out += panel(
            title: "Loss", x: margin, top: lossTop, train: results.trainLoss, test: results.testLoss)
        out += panel(
            title: "Accuracy", x: 2 * margin + panelWidth, top: 1, train: results.trainAcc, test: results.testAcc)
        return out + "</svg>\n"
    }

    private func panel(title: String, x: Double, top: Double, train: [Double], test: [Double]) -> String {
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
        for (index, _) in train.enumerated() {
            let px = xPosition(index, count: train.count, x: x)
            out +=
                "<text x=\"\(fmt(px))\" y=\"\(fmt(y + panelHeight + 14))\" text-anchor=\"middle\">\(index + 1)</text>\n"
        }
        out += polyline(train, x: x, top: top, colour: "#1f77b4", label: "train_\(title.lowercased())")
        out += polyline(test, x: x, top: top, colour: "#ff7f0e", label: "test_\(title.lowercased())")
        out += legend(
            x: x + panelWidth - 110, y: y + 14,
            entries: [
                ("train", "#1f77b4"), ("test", "#ff7f0e"),
            ])
        return out + "</g>\n"
    }

    private func polyline(_ values: [Double], x: Double, top: Double, colour: String, label: String) -> String {
        let points = values.enumerated().map { index, value in
            let px = xPosition(index, count: values.count, x: x)
            let py = margin + panelHeight * (1 - min(max(value / top, 0), 1))
            return "\(fmt(px)),\(fmt(py))"
        }
        return "<polyline id=\"\(label)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" "
            + "points=\"\(points.joined(separator: " "))\"/>\n"
    }

    private func legend(x: Double, y: Double, entries: [(String, String)]) -> String {
        entries.enumerated().map { index, entry in
            let ly = y + Double(index) * 16
            return "<line x1=\"\(fmt(x))\" y1=\"\(fmt(ly - 4))\" x2=\"\(fmt(x + 20))\" y2=\"\(fmt(ly - 4))\" "
                + "stroke=\"\(entry.1)\" stroke-width=\"2\"/>"
                + "<text x=\"\(fmt(x + 26))\" y=\"\(fmt(ly))\">\(entry.0)</text>\n"
        }.joined()
    }

    private func xPosition(_ index: Int, count: Int, x: Double) -> Double {
        count > 1 ? x + panelWidth * Double(index) / Double(count - 1) : x + panelWidth / 2
    }

    private func fmt(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
