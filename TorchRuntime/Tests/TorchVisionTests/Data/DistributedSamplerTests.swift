import Foundation
import Testing

@testable import TorchVision

/// A dataset of `count` one-pixel images, only its size matters here.
private struct Sized: Dataset {
    let count: Int
    var isDeterministic: Bool { true }

    func example(at index: Int, random: inout RandomSource) throws -> Example {
        Example(image: try FloatImage(channels: 1, height: 1, width: 1, values: [Float(index)]), label: 0)
    }
}

@Suite struct DistributedSamplerTests {
    @Test func oneRankSeesTheDataLoadersPermutation() throws {
        let loader = DataLoader(dataset: Sized(count: 37), batchSize: 4, shuffle: true, seed: 9)
        let sampler = try DistributedSampler(count: 37, rank: 0, worldSize: 1, seed: 9)
        for epoch in 0..<3 {
            #expect(sampler.indices(epoch: epoch) == loader.sampleOrder(epoch: epoch))
        }
        #expect(sampler.indices(epoch: 0) != sampler.indices(epoch: 1))
    }

    @Test func ranksStrideThroughTheSamePaddedOrder() throws {
        let samplers = try (0..<3).map { try DistributedSampler(count: 10, rank: $0, worldSize: 3, seed: 5) }
        let order = samplers[0].epochOrder(epoch: 2)
        #expect(order.count == 12)
        #expect(Array(order[10...]) == Array(order[..<2]))  // padded by repeating the start
        #expect(order[..<10].sorted() == Array(0..<10))
        for (rank, sampler) in samplers.enumerated() {
            #expect(sampler.samplesPerRank == 4)
            #expect(sampler.epochOrder(epoch: 2) == order)  // the same permutation on every rank
            #expect(sampler.indices(epoch: 2) == [order[rank], order[rank + 3], order[rank + 6], order[rank + 9]])
        }
    }

    @Test func unshuffledDropLastCutsToAMultiple() throws {
        let sampler = try DistributedSampler(count: 10, rank: 1, worldSize: 4, shuffle: false, dropLast: true)
        #expect(sampler.samplesPerRank == 2)
        #expect(sampler.indices(epoch: 0) == [1, 5])
        let padded = try DistributedSampler(count: 3, rank: 2, worldSize: 5, shuffle: false)
        #expect(padded.epochOrder(epoch: 0) == [0, 1, 2, 0, 1])
        #expect(padded.indices(epoch: 0) == [2])
    }

    @Test func aRankOutsideTheWorldIsRejected() {
        #expect(throws: VisionError.self) { try DistributedSampler(count: 4, rank: 2, worldSize: 2) }
        #expect(throws: VisionError.self) { try DistributedSampler(count: 4, rank: 0, worldSize: 0) }
    }
}
