import Foundation
import Synchronization

/// Batches a dataset, the counterpart of `torch.utils.data.DataLoader`.
///
/// `epoch()` loads, decodes and transforms every sample of the epoch in parallel on `workers` threads of
/// Dispatch's shared pool (no process or thread start-up per epoch, unlike PyTorch's worker processes), then stacks
/// them into `Batch`es of `batchSize` (the last one smaller unless `dropLast`). A sample that fails (unreadable or
/// corrupt file) makes `epoch()` throw that sample's error, which names the file; when several fail, the error of the
/// earliest in epoch order is thrown, whatever the thread timing.
///
/// Order: with `shuffle`, a Fisher–Yates permutation from (`seed`, epoch number); an explicit `order` overrides it
/// (for parity with a PyTorch run, whose sampler order depends on torch's generator). Random transforms draw from
/// (`seed`, epoch, sample index), so epochs are reproducible regardless of scheduling.
///
/// With `cache` and a deterministic dataset (no random transform), each transformed sample is kept after the first
/// epoch and reused (the decoded-sample cache, shared by the loaders ``distributed(rank:worldSize:)`` makes).
///
/// With a `sampler` (`DataLoader(dataset, sampler=DistributedSampler(...))`), each epoch holds this rank's share of
/// the sampler's order for that epoch; ``setEpoch(_:)`` is the sampler's `set_epoch`.
public final class DataLoader<D: Dataset>: Sendable {
    /// The dataset.
    public let dataset: D
    /// Samples per batch.
    public let batchSize: Int
    /// Whether each epoch uses a new permutation.
    public let shuffle: Bool
    /// Seed of shuffling and random transforms.
    public let seed: UInt64
    /// Whether a last, smaller batch is dropped.
    public let dropLast: Bool
    /// Threads decoding in parallel.
    public let workers: Int
    /// An explicit sample order used for every epoch, instead of sequential or shuffled order.
    public let order: [Int]?
    /// This rank's share of each epoch, for data-parallel training (nil: the whole dataset).
    public let sampler: DistributedSampler?
    let cache: SampleCache?
    private let epochs = Mutex<Int>(0)

    /// A loader over `dataset`; `workers` defaults to the number of cores. Invalid settings (a batch size below 1,
    /// an `order` index outside the dataset) make `epoch()` throw.
    public convenience init(
        dataset: D, batchSize: Int = 1, shuffle: Bool = false, seed: UInt64 = 0, dropLast: Bool = false,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, order: [Int]? = nil, cache: Bool = false
    ) {
        self.init(
            dataset: dataset, batchSize: batchSize, shuffle: shuffle, seed: seed, dropLast: dropLast, workers: workers,
            order: order, sampler: nil,
            cache: cache && dataset.isDeterministic ? SampleCache(count: dataset.count) : nil)
    }

    init(
        dataset: D, batchSize: Int, shuffle: Bool, seed: UInt64, dropLast: Bool, workers: Int, order: [Int]?,
        sampler: DistributedSampler?, cache: SampleCache?
    ) {
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
        self.workers = max(1, workers)
        self.order = order
        self.sampler = sampler
        self.cache = cache
    }

    /// Batches per epoch.
    public var count: Int {
        guard batchSize > 0 else { return 0 }
        let samples = sampler?.samplesPerRank ?? order?.count ?? dataset.count
        return dropLast ? samples / batchSize : (samples + batchSize - 1) / batchSize
    }

    /// Whether transformed samples are being cached.
    public var isCaching: Bool { cache != nil }

    /// The next epoch's batches (the first call is epoch 0, then 1, ...).
    public func epoch() throws -> [Batch] {
        try epoch(nextEpochNumber())
    }

    /// The batches of epoch `number` (reproducible: the same number gives the same batches).
    ///
    /// The whole epoch is decoded at once (all cores busy, no gap between batches) and held in memory; for data too
    /// large for that, `forEachBatch` streams it.
    public func epoch(_ number: Int) throws -> [Batch] {
        var batches: [Batch] = []
        try forEachBatch(epoch: number, window: Int.max) { batches.append($0) }
        return batches
    }

    /// Streams the next epoch (or epoch `number`): decodes `window` batches at a time in parallel and hands them to
    /// `body` in order, so memory holds at most `window` batches. Same batches as `epoch()`.
    public func forEachBatch(epoch number: Int? = nil, window: Int = 4, _ body: (Batch) throws -> Void) throws {
        guard batchSize > 0 else { throw VisionError.invalidArgument("DataLoader: batchSize must be positive") }
        if let bad = order?.first(where: { !(0..<dataset.count).contains($0) }) {
            throw VisionError.invalidArgument("DataLoader: order holds \(bad), outside 0..<\(dataset.count)")
        }
        let number = number ?? nextEpochNumber()
        let indices = sampleOrder(epoch: number)
        let used = dropLast ? indices.count / batchSize * batchSize : indices.count
        let span = batchSize.multipliedReportingOverflow(by: max(1, window))
        let step = span.overflow ? used : max(batchSize, span.partialValue)
        for windowStart in stride(from: 0, to: used, by: step) {
            let windowEnd = min(windowStart + step, used)
            let examples = try load(Array(indices[windowStart..<windowEnd]), epoch: number)
            for start in stride(from: windowStart, to: windowEnd, by: batchSize) {
                let end = min(start + batchSize, windowEnd)
                try body(
                    Batch(
                        examples: Array(examples[(start - windowStart)..<(end - windowStart)]),
                        indices: Array(indices[start..<end])))
            }
        }
    }

    /// Makes `epoch` the next epoch ``epoch()`` returns (a resumed run starts at its epoch's order, as
    /// `sampler.set_epoch(epoch)` does in PyTorch).
    public func setEpoch(_ epoch: Int) {
        epochs.withLock { $0 = epoch }
    }

    private func nextEpochNumber() -> Int {
        epochs.withLock { count in
            defer { count += 1 }
            return count
        }
    }

    /// The dataset indices of epoch `number`, in the order they are batched.
    public func sampleOrder(epoch number: Int) -> [Int] {
        if let sampler { return sampler.indices(epoch: number) }
        if let order { return order }
        var indices = Array(0..<dataset.count)
        guard shuffle else { return indices }
        var random = RandomSource(mixing: seed, UInt64(number), 0x5348_5546)
        if indices.count > 1 {
            for i in stride(from: indices.count - 1, to: 0, by: -1) {
                let j = Int(random.next() % UInt64(i + 1))
                indices.swapAt(i, j)
            }
        }
        return indices
    }

    private func load(_ indices: [Int], epoch: Int) throws -> [Example] {
        let dataset = dataset
        let seed = seed
        let cache = cache
        let results = ParallelMap.run(count: indices.count, workers: workers, stopOnError: true) { position in
            let index = indices[position]
            if let cached = cache?[index] { return cached }
            var random = RandomSource(mixing: seed, UInt64(epoch), UInt64(index))
            let example = try dataset.example(at: index, random: &random)
            cache?[index] = example
            return example
        }
        var examples: [Example] = []
        examples.reserveCapacity(results.count)
        var firstCancelled = false
        for result in results {
            switch result {
            case .success(let example): examples.append(example)
            case .failure(let error as ParallelMap.Cancelled):
                firstCancelled = true
                _ = error
            case .failure(let error): throw error
            }
        }
        if firstCancelled { throw VisionError.invalidArgument("DataLoader: a worker stopped without a result") }
        return examples
    }
}
