/// A fully connected layer `y = x Wᵀ + b`, PyTorch's `nn.Linear`.
///
/// `weight` [out, in] and `bias` [out] are initialised as PyTorch does, drawing from the global generator in the
/// same order, so `manualSeed(s)` gives the same weights as `torch.manual_seed(s)`.
public final class Linear: Module {
    /// The weight matrix, shape [outFeatures, inFeatures].
    public let weight: Tensor
    /// The bias, shape [outFeatures], or `nil` when created without one.
    public let bias: Tensor?

    /// `nn.Linear(in_features, out_features, bias)`.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw TorchError.invalidArgument(
                operation: "nn.Linear",
                message: "needs positive feature counts, got in: \(inFeatures), out: \(outFeatures)")
        }
        let parameters = try ParameterInitialization(weightShape: [outFeatures, inFeatures], withBias: bias)
        weight = parameters.weight
        self.bias = parameters.bias
        super.init()
        try parameters.register(on: self)
    }

    /// Applies the layer to `input` [..., inFeatures] (`F.linear`).
    public override func forward(_ input: Tensor) throws -> Tensor {
        try input.linear(weight, bias: bias)
    }
}
