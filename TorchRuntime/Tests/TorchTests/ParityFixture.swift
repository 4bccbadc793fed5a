import Foundation

/// tinyvgg.json, written by Fixtures/make_fixtures.py with PyTorch 1.13.1.
struct ParityFixture: Decodable {
    struct Parameter: Decodable {
        let name: String
        let shape: [Int]
        let values: [Float]
    }

    struct Training: Decodable {
        let lr: Double
        let momentum: Double?
        let losses: [Double]
        let parametersAfter: [String: [Parameter]]

        enum CodingKeys: String, CodingKey {
            case lr, momentum, losses
            case parametersAfter = "parameters_after"
        }
    }

    let torchVersion: String
    let threads: Int
    let seed: UInt64
    let batchSeed: UInt64
    let hiddenUnits: Int
    let classes: Int
    let batchShape: [Int]
    let batchPrefix: [Float]
    let batchSum: Double
    let labels: [Int64]
    let initialParameters: [Parameter]
    let logits: [Float]
    let softmax: [Float]
    let argmax: [Int64]
    let adam: Training
    let sgd: Training
    let trainedLogits: [Float]

    enum CodingKeys: String, CodingKey {
        case threads, seed, classes, labels, logits, softmax, argmax, adam, sgd
        case torchVersion = "torch_version"
        case batchSeed = "batch_seed"
        case hiddenUnits = "hidden_units"
        case batchShape = "batch_shape"
        case batchPrefix = "batch_prefix"
        case batchSum = "batch_sum"
        case initialParameters = "initial_parameters"
        case trainedLogits = "trained_logits"
    }

    static func load() throws -> ParityFixture {
        let data = try Data(contentsOf: fixturesDirectory.appendingPathComponent("tinyvgg.json"))
        return try JSONDecoder().decode(ParityFixture.self, from: data)
    }
}
