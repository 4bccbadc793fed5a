import CTorch

/// A fully connected layer `y = x Wᵀ + b`, PyTorch's `nn.Linear`.
///
/// `weight` [out, in] and `bias` [out] are initialised as PyTorch does, drawing from the global generator in the
/// same order, so `manualSeed(s)` gives the same weights as `torch.manual_seed(s)`.
public final class Linear: Module {
    /// The weight matrix, shape [outFeatures, inFeatures].
    public var weight: Tensor { namedOwnParameters[0].1 }
    /// The bias, shape [outFeatures], or `nil` when created without one.
    public var bias: Tensor? { namedOwnParameters.count > 1 ? namedOwnParameters[1].1 : nil }

    /// `nn.Linear(in_features, out_features, bias)`.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw TorchError("Linear needs positive feature counts, got in: \(inFeatures), out: \(outFeatures)")
        }
        Runtime.ensureDefaults()
        var weightHandle: ct_tensor?
        var biasHandle: ct_tensor?
        try check(ct_linear_parameters(Int64(inFeatures), Int64(outFeatures), bias, &weightHandle, &biasHandle))
        let weight = weightHandle.map(Tensor.init(handle:))
        let biasTensor = biasHandle.map(Tensor.init(handle:))
        super.init()
        guard let weight else { throw TorchError("libtorch returned no Linear weight") }
        try register(parameter: weight, as: "weight")
        if let biasTensor {
            try register(parameter: biasTensor, as: "bias")
        }
    }

    /// Applies the layer to `input` [..., inFeatures] (`F.linear`).
    public override func forward(_ input: Tensor) throws -> Tensor {
        let weight = self.weight
        let bias = self.bias
        return try withExtendedLifetime((input, weight, bias)) {
            try makeTensor { out in ct_linear(input.handle, weight.handle, bias?.handle, out) }
        }
    }
}
