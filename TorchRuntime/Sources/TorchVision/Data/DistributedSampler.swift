/// Which samples each rank of a data-parallel job sees, PyTorch's `torch.utils.data.DistributedSampler`.
///
/// Every rank computes the same epoch order from (`seed`, epoch): with `shuffle`, the permutation a
/// `DataLoader(shuffle: true, seed:)` draws for that epoch, else `0..<count`. The order is padded to a multiple of
/// the world size by repeating its start (or, with `dropLast`, cut to one), and rank `r` takes positions
/// `r, r + W, r + 2W, ...`. Pass a rank's ``indices(epoch:)`` as a `DataLoader`'s `order` for that epoch.
public struct DistributedSampler: Sendable {
    /// The dataset's size.
    public let count: Int
    /// This process's rank, `0 ..< worldSize`.
    public let rank: Int
    /// The number of ranks.
    public let worldSize: Int
    /// Draw a new permutation every epoch (else keep `0..<count`).
    public let shuffle: Bool
    /// The seed every rank shares; with the epoch number it fixes the permutation.
    public let seed: UInt64
    /// Cut the order to a multiple of the world size instead of padding it.
    public let dropLast: Bool

    /// The sampler of rank `rank` among `worldSize` ranks over a dataset of `count` samples.
    ///
    /// - Throws: ``VisionError/invalidArgument(_:)`` for a world size below 1, a rank outside it or a negative count.
    public init(
        count: Int, rank: Int, worldSize: Int, shuffle: Bool = true, seed: UInt64 = 0, dropLast: Bool = false
    ) throws {
        guard worldSize >= 1, (0..<worldSize).contains(rank) else {
            throw VisionError.invalidArgument("DistributedSampler: rank \(rank) is outside 0..<\(worldSize)")
        }
        guard count >= 0 else { throw VisionError.invalidArgument("DistributedSampler: count \(count) is negative") }
        self.count = count
        self.rank = rank
        self.worldSize = worldSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
    }

    /// The number of samples each rank gets per epoch (`len(sampler)`).
    public var samplesPerRank: Int {
        dropLast ? count / worldSize : (count + worldSize - 1) / worldSize
    }

    /// The whole epoch's order before sharding, padded or cut to `samplesPerRank * worldSize` positions.
    public func epochOrder(epoch: Int) -> [Int] {
        var order = Array(0..<count)
        if shuffle && count > 1 {
            // The Fisher–Yates shuffle of DataLoader.sampleOrder(epoch:), so one process with a shuffled DataLoader
            // and W ranks with this sampler see the same permutation.
            var random = RandomSource(mixing: seed, UInt64(epoch), 0x5348_5546)
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = Int(random.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        let total = samplesPerRank * worldSize
        guard !order.isEmpty else { return [] }
        var padded = Array(order.prefix(total))
        while padded.count < total {
            padded += order.prefix(total - padded.count)
        }
        return padded
    }

    /// This rank's samples for `epoch`: positions `rank, rank + worldSize, ...` of ``epochOrder(epoch:)``.
    public func indices(epoch: Int) -> [Int] {
        let order = epochOrder(epoch: epoch)
        return Array(stride(from: rank, to: order.count, by: worldSize).map { order[$0] })
    }
}
