import Foundation

/// A training run's metrics, one value per epoch under each name: the `results` dict of the lesson's `engine.train`
/// (`{"train_loss": [...], "train_acc": [...], "test_loss": [...], "test_acc": [...]}`).
///
/// Its JSON is that dict. JSON has no `nan` or `inf`: a value that is not finite is written as `null` and read back
/// as `nan`. The names keep the order they were given in, for ``line(epoch:)`` and the curves; JSON objects have no
/// order, so a decoded history lists its names sorted (a ``Checkpoint``, a `torch.save` dict, keeps the order).
public struct MetricHistory: Codable, Equatable, Sendable {
    /// The metrics' names, in order.
    public let names: [String]
    private var series: [[Double]]

    /// An empty history of the metrics `names` (distinct).
    public init(_ names: [String]) {
        precondition(Set(names).count == names.count, "MetricHistory: the names must be distinct")
        self.names = names
        series = names.map { _ in [] }
    }

    /// A history holding `values`, whose keys must be `names` (in any order), every list as long.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` naming the missing or extra key, or the lengths.
    public init(names: [String], values: [String: [Double]]) throws {
        let operation = "MetricHistory"
        guard Set(values.keys) == Set(names), Set(names).count == names.count else {
            throw TorchError.invalidArgument(
                operation: operation,
                message: "the metrics are \(values.keys.sorted()), expected \(names.sorted())")
        }
        series = names.map { values[$0] ?? [] }
        guard Set(series.map(\.count)).count <= 1 else {
            throw TorchError.invalidArgument(operation: operation, message: "the metrics have different lengths")
        }
        self.names = names
    }

    /// How many epochs are recorded.
    public var epochs: Int { series.first?.count ?? 0 }

    /// The values of the metric `name`, one per epoch ([] for an unknown name).
    public subscript(name: String) -> [Double] {
        names.firstIndex(of: name).map { series[$0] } ?? []
    }

    /// Every metric's values by name.
    public var values: [String: [Double]] {
        Dictionary(uniqueKeysWithValues: zip(names, series))
    }

    /// Records one epoch: a value for every name, e.g. `["train_loss": 1.1, "train_acc": 0.3, ...]`.
    public mutating func append(_ epoch: KeyValuePairs<String, Double>) {
        let row = Dictionary(epoch.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        precondition(Set(row.keys) == Set(names), "MetricHistory.append: give a value for each of \(names)")
        for (index, name) in names.enumerated() { series[index].append(row[name]!) }
    }

    /// The lesson's line for epoch `index` (0-based), four decimals, e.g.
    /// `Epoch: 1 | train_loss: 1.0984 | train_acc: 0.3125 | test_loss: 1.0957 | test_acc: 0.2604`.
    public func line(epoch index: Int) -> String {
        // Python prints `nan` whatever the sign bit; C's printf would print `-nan`.
        func format(_ value: Double) -> String { value.isNaN ? "nan" : String(format: "%.4f", value) }
        return (["Epoch: \(index + 1)"] + zip(names, series).map { "\($0): \(format($1[index]))" })
            .joined(separator: " | ")
    }

    /// Writes the dict (keys sorted, `null` where not finite) to `url` atomically, creating its folder.
    public func write(to url: URL) throws {
        try JSONFile.write(self, to: url)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the dict; `null` comes back as `nan`, and the names are sorted.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: [Double]] = [:]
        for key in container.allKeys {
            values[key.stringValue] = try container.decode([Double?].self, forKey: key).map { $0 ?? .nan }
        }
        do {
            try self.init(names: values.keys.sorted(), values: values)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// Writes the dict, a value that is not finite as `null`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, values) in zip(names, series) {
            try container.encode(values.map { $0.isFinite ? $0 : nil }, forKey: Key(stringValue: name))
        }
    }
}
