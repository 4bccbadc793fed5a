/// Cross-entropy between logits [N, C] and class indices [N] (int64): PyTorch's `nn.CrossEntropyLoss`, built on
/// `Tensor.crossEntropy(_:reduction:labelSmoothing:)`.
public struct CrossEntropyLoss: Sendable {
    /// How the per-sample losses are combined.
    public let reduction: Reduction
    /// The amount of label smoothing, in [0, 1].
    public let labelSmoothing: Double

    /// `nn.CrossEntropyLoss(reduction=..., label_smoothing=...)`; the defaults are PyTorch's: mean reduction, no
    /// label smoothing.
    public init(reduction: Reduction = .mean, labelSmoothing: Double = 0) {
        self.reduction = reduction
        self.labelSmoothing = labelSmoothing
    }

    /// The loss (`loss_fn(logits, labels)`): a scalar tensor unless the reduction is `.none`.
    public func callAsFunction(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        try logits.crossEntropy(target, reduction: reduction, labelSmoothing: labelSmoothing)
    }
}
