import Foundation
import Testing

@testable import TorchVision

/// A synthetic dataset: sample i is a 1x1x2 image holding (i, i) with label i % 3, optionally flipped.
private struct Numbers: Dataset {
    let count: Int
    var transform: (any Transform)? = nil
    var failing: Set<Int> = []
    var isDeterministic: Bool { transform?.isDeterministic ?? true }

    func example(at index: Int, random: inout RandomSource) throws -> Example {
        if failing.contains(index) { throw VisionError.corruptImage(path: "sample-\(index).jpg", reason: "test") }
        var value = TransformValue.planes(try FloatImage(channels: 1, height: 1, width: 2, values: [Float(index), -1]))
        if let transform { value = try transform.apply(value, random: &random) }
        guard case .planes(let planes) = value else { throw VisionError.invalidArgument("no planes") }
        return Example(image: planes, label: index % 3)
    }
}

@Suite struct DataLoaderTests {
    @Test func batchesKeepTheLastPartialUnlessDropLast() throws {
        let keep = DataLoader(dataset: Numbers(count: 10), batchSize: 4)
        #expect(keep.count == 3)
        let batches = try keep.epoch()
        #expect(batches.map { $0.images.shape } == [[4, 1, 1, 2], [4, 1, 1, 2], [2, 1, 1, 2]])
        #expect(try batches.flatMap { try $0.labels.int64s() } == (0..<10).map { Int64($0 % 3) })
        #expect(try batches[2].images.floats() == [8, -1, 9, -1])
        let drop = DataLoader(dataset: Numbers(count: 10), batchSize: 4, dropLast: true)
        #expect(drop.count == 2)
        #expect(try drop.epoch().count == 2)
    }

    @Test func shuffleIsAReproduciblePermutationPerEpoch() throws {
        let a = DataLoader(dataset: Numbers(count: 50), batchSize: 7, shuffle: true, seed: 42)
        let b = DataLoader(dataset: Numbers(count: 50), batchSize: 7, shuffle: true, seed: 42)
        let c = DataLoader(dataset: Numbers(count: 50), batchSize: 7, shuffle: true, seed: 43)
        let first = try a.epoch().flatMap(\.indices)
        #expect(first.sorted() == Array(0..<50))
        #expect(first != Array(0..<50))
        #expect(first == (try b.epoch().flatMap(\.indices)))
        #expect(first != (try c.epoch().flatMap(\.indices)))
        let second = try a.epoch().flatMap(\.indices)
        #expect(second != first, "each epoch reshuffles")
        #expect(second == a.sampleOrder(epoch: 1))
        let values = try a.epoch(0).flatMap { try $0.images.floats() }.enumerated().filter { $0.offset % 2 == 0 }
        #expect(values.map { Int($0.element) } == first, "images follow the shuffled indices")
    }

    @Test func streamingGivesTheSameBatches() throws {
        let loader = DataLoader(dataset: Numbers(count: 23), batchSize: 4, shuffle: true, seed: 5)
        let whole = try loader.epoch(3)
        var streamed: [Batch] = []
        try loader.forEachBatch(epoch: 3, window: 2) { streamed.append($0) }
        #expect(streamed.map(\.indices) == whole.map(\.indices))
        #expect(try streamed.map { try $0.images.floats() } == whole.map { try $0.images.floats() })
        #expect(streamed.last?.count == 3)
    }

    @Test func explicitOrderIsUsed() throws {
        let loader = DataLoader(dataset: Numbers(count: 6), batchSize: 4, order: [5, 0, 3, 3, 1])
        let batches = try loader.epoch()
        #expect(loader.count == 2)
        #expect(batches.flatMap(\.indices) == [5, 0, 3, 3, 1])
        #expect(try batches.flatMap { try $0.labels.int64s() } == [2, 0, 0, 0, 1])
    }

    @Test func randomTransformsDoNotDependOnWorkers() throws {
        let dataset = Numbers(count: 40, transform: RandomHorizontalFlip(p: 0.5))
        let one = try DataLoader(dataset: dataset, batchSize: 8, seed: 9, workers: 1).epoch().map {
            try $0.images.floats()
        }
        let two = try DataLoader(dataset: dataset, batchSize: 8, seed: 9, workers: 2).epoch().map {
            try $0.images.floats()
        }
        #expect(one == two)
        let flipped = one.flatMap { $0 }.enumerated().filter { $0.offset % 2 == 0 && $0.element == -1 }.count
        #expect(flipped > 5 && flipped < 35, "\(flipped) of 40 flipped")
    }

    @Test func theEarliestFailingSampleIsReported() throws {
        let loader = DataLoader(dataset: Numbers(count: 30, failing: [7, 20]), batchSize: 5, workers: 2)
        #expect(throws: VisionError.corruptImage(path: "sample-7.jpg", reason: "test")) { try loader.epoch() }
    }

    @Test func cacheOnlyForDeterministicDatasets() throws {
        #expect(DataLoader(dataset: Numbers(count: 3), cache: true).isCaching)
        #expect(!DataLoader(dataset: Numbers(count: 3, transform: RandomHorizontalFlip()), cache: true).isCaching)
        let folder = try ImageFolder(root: Fixtures.imageFolder, transform: Compose([Resize(8, 6), ToTensor()]))
        let cached = DataLoader(dataset: folder, batchSize: 4, cache: true)
        let first = try cached.epoch().map { try $0.images.floats() }
        let second = try cached.epoch().map { try $0.images.floats() }
        #expect(first == second)
    }
}
