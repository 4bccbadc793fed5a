import Engine
import Foundation

/// Writes a run's metrics beside the model: `NAME.metrics.json` and the loss/accuracy curves `NAME.curves.svg`.
public enum MetricsReport {
    /// The metrics file of the model file `modelPath`.
    public static func jsonURL(besideModel modelPath: URL) -> URL {
        modelPath.deletingPathExtension().appendingPathExtension("metrics.json")
    }

    /// The curves image of the model file `modelPath`.
    public static func svgURL(besideModel modelPath: URL) -> URL {
        modelPath.deletingPathExtension().appendingPathExtension("curves.svg")
    }

    /// Writes both files atomically and returns their locations.
    @discardableResult
    public static func write(_ results: TrainingResults, besideModel modelPath: URL) throws -> (json: URL, svg: URL) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = jsonURL(besideModel: modelPath)
        let svg = svgURL(besideModel: modelPath)
        try AtomicFile.write(try encoder.encode(results), to: json)
        try AtomicFile.write(Data(LossCurves(results).svg().utf8), to: svg)
        return (json, svg)
    }
}
