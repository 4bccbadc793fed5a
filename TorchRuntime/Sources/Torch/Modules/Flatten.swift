/// Flattens dimensions `startDim...endDim` into one, PyTorch's `nn.Flatten` (default: all but the batch dimension).
public final class Flatten: Module {
    /// The first dimension merged.
    public let startDim: Int
    /// The last dimension merged.
    public let endDim: Int

    /// `nn.Flatten(start_dim, end_dim)`.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }

    /// `input.flatten(start_dim, end_dim)`.
    public override func forward(_ input: Tensor) throws -> Tensor {
        try input.flatten(startDim: startDim, endDim: endDim)
    }
}
