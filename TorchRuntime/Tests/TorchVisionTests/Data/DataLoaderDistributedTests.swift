import Foundation
import Synchronization
import Testing

@testable import TorchVision

/// A dataset that counts how often each sample is decoded.
private final class Counted: Dataset, @unchecked Sendable {
    let count: Int
    let decodes = Mutex<[Int]>([])
    var isDeterministic: Bool { true }

    init(count: Int) { self.count = count }

    func example(at index: Int, random: inout RandomSource) throws -> Example {
        decodes.withLock { $0.append(index) }
        return Example(
            image: try FloatImage(channels: 1, height: 1, width: 1, values: [Float(index)]), label: index % 2)
    }
}

/// `DataLoader.distributed`: a rank's shard of each epoch, `DistributedSampler`'s order, the shared cache.
@Suite struct DataLoaderDistributedTests {
    @Test func shardsFollowTheSamplerAndTogetherCoverTheEpoch() throws {
        let dataset = Counted(count: 10)
        let loader = DataLoader(dataset: dataset, batchSize: 2, shuffle: true, seed: 7, workers: 2)
        let shards = try (0..<3).map { try loader.distributed(rank: $0, worldSize: 3) }
        for (rank, shard) in shards.enumerated() {
            let sampler = try DistributedSampler(count: 10, rank: rank, worldSize: 3, shuffle: true, seed: 7)
            #expect(shard.count == 2)  // 4 samples per rank (10 padded to 12), batches of 2
            #expect(try shard.epoch(3).flatMap(\.indices) == sampler.indices(epoch: 3))
        }
        // Together the ranks see the permutation one process would draw, padded from its start.
        let positions = try shards.map { try $0.epoch(1).flatMap(\.indices) }
        let interleaved = (0..<4).flatMap { step in positions.map { $0[step] } }
        let permutation = loader.sampleOrder(epoch: 1)
        #expect(interleaved == permutation + permutation.prefix(2))
        #expect(throws: VisionError.self) { try loader.distributed(rank: 3, worldSize: 3) }
        let fixed = DataLoader(dataset: dataset, batchSize: 2, order: [1, 0])
        #expect(throws: VisionError.self) { try fixed.distributed(rank: 0, worldSize: 2) }
    }

    @Test func shardsShareTheDecodedSampleCache() throws {
        let dataset = Counted(count: 8)
        let loader = DataLoader(dataset: dataset, batchSize: 4, shuffle: true, seed: 1, workers: 2, cache: true)
        let shards = try (0..<2).map { try loader.distributed(rank: $0, worldSize: 2) }
        for epoch in 0..<3 {
            for shard in shards { _ = try shard.epoch(epoch) }
        }
        // Every sample decoded once, whichever epoch's shard it fell in.
        #expect(dataset.decodes.withLock { $0.sorted() } == Array(0..<8))
    }

    @Test func setEpochChoosesTheNextEpochsOrder() throws {
        let loader = DataLoader(dataset: Counted(count: 6), batchSize: 3, shuffle: true, seed: 3, workers: 1)
        loader.setEpoch(4)
        #expect(try loader.epoch().flatMap(\.indices) == loader.sampleOrder(epoch: 4))
        #expect(try loader.epoch().flatMap(\.indices) == loader.sampleOrder(epoch: 5))
    }
}
