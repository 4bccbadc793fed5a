import Torch

extension DataLoader {
    /// This loader's share for rank `rank` of `worldSize`: `DataLoader(dataset, sampler=DistributedSampler(...))`.
    ///
    /// Each epoch holds the positions `rank, rank + worldSize, ...` of the permutation this loader would draw for
    /// it (the order unshuffled when it does not shuffle), padded like `DistributedSampler` so every rank runs as
    /// many batches; the decoded-sample cache is shared with this loader.
    ///
    /// - Throws: `VisionError.invalidArgument` for a rank outside `0 ..< worldSize`, or a loader with a fixed
    ///   `order` (which a sampler would replace).
    public func distributed(rank: Int, worldSize: Int) throws -> DataLoader<D> {
        guard order == nil else {
            throw VisionError.invalidArgument("DataLoader.distributed: a loader with a fixed order cannot be sharded")
        }
        let sampler = try DistributedSampler(
            count: dataset.count, rank: rank, worldSize: worldSize, shuffle: shuffle, seed: seed)
        return DataLoader(
            dataset: dataset, batchSize: batchSize, shuffle: shuffle, seed: seed, dropLast: dropLast,
            workers: workers, order: nil, sampler: sampler, cache: cache)
    }

    /// This rank's share when `group` is there (``distributed(rank:worldSize:)``), else this loader.
    public func distributed(over group: ProcessGroup?) throws -> DataLoader<D> {
        guard let group else { return self }
        return try distributed(rank: group.rank, worldSize: group.worldSize)
    }
}
