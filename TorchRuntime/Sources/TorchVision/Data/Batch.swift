import Torch

/// One batch from a `DataLoader`: images `[N, C, H, W]` float32 and labels `[N]` int64.
public struct Batch: Sendable {
    /// The images, `[N, C, H, W]` float32.
    public let images: Tensor
    /// The class indices, `[N]` int64.
    public let labels: Tensor
    /// The dataset indices of the samples, in batch order.
    public let indices: [Int]

    /// Number of samples in the batch.
    public var count: Int { indices.count }
}
