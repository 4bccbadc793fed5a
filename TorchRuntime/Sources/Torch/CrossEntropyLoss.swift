import CTorch

/// Cross-entropy between logits [N, C] and class indices [N] (int64), averaged over the batch:
/// PyTorch's `nn.CrossEntropyLoss()` with its defaults.
public struct CrossEntropyLoss: Sendable {
    /// `nn.CrossEntropyLoss()`: mean reduction, no class weights, no label smoothing.
    public init() {}

    /// The mean loss, a scalar tensor (`loss_fn(logits, labels)`).
    public func callAsFunction(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        try withExtendedLifetime((logits, target)) {
            try makeTensor { ct_cross_entropy(logits.handle, target.handle, $0) }
        }
    }
}
