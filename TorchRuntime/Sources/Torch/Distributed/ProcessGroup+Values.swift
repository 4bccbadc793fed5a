/// Collectives over plain numbers, for what ranks combine besides gradients: an epoch's metrics, a resumed epoch.
extension ProcessGroup {
    /// Each value summed over all ranks (`dist.all_reduce` of a float64 tensor); every rank must call this with as
    /// many values, in the same order.
    public func sumOverRanks(_ values: [Double]) throws -> [Double] {
        let bytes = values.withUnsafeBytes { Array($0) }
        let tensor = try Tensor(bytes: bytes, shape: [values.count], dtype: .float64)
        try allReduceSum([tensor])
        return try tensor.doubles()
    }

    /// Each value averaged over all ranks: the mean of per-rank means is the mean over every rank's batches when the
    /// ranks ran as many batches (as the equal shards of `DistributedSampler` do).
    public func meanOverRanks(_ values: [Double]) throws -> [Double] {
        try sumOverRanks(values).map { $0 / Double(worldSize) }
    }
}
