import Foundation

/// The initial weight and bias of `Conv2d` and `Linear`, drawn as PyTorch 1.13's `reset_parameters` draws them:
/// `init.kaiming_uniform_(weight, a=math.sqrt(5))`, then the bias uniform in ±1/√fan_in, from the global generator
/// in that order. So `Torch.manualSeed(s)` gives the same weights as `torch.manual_seed(s)` in Python.
struct ParameterInitialization {
    let weight: Tensor
    let bias: Tensor?

    /// Fresh parameters of a layer with a weight of `weightShape` (`[out, in, ...]`) and, when `withBias`, a bias
    /// of `[out]`.
    init(weightShape: [Int], withBias: Bool) throws {
        let weight = try Tensor.empty(weightShape)
        // torch.nn.init._calculate_fan_in_and_fan_out: in × the receptive field.
        let fanIn = weightShape.dropFirst().reduce(1, *)
        if fanIn > 0 {
            // kaiming_uniform_ with a = √5 and the leaky_relu gain, computed as Python computes it.
            let slope = sqrt(5.0)
            let gain = sqrt(2.0 / (1 + pow(slope, 2)))
            let std = gain / sqrt(Double(fanIn))
            let bound = sqrt(3.0) * std
            try weight.fillUniform(from: -bound, to: bound)
        }
        var bias: Tensor?
        if withBias {
            let vector = try Tensor.empty([weightShape[0]])
            if fanIn > 0 {
                let bound = 1 / sqrt(Double(fanIn))
                try vector.fillUniform(from: -bound, to: bound)
            }
            bias = vector
        }
        self.weight = weight
        self.bias = bias
    }

    /// Registers the tensors on `module` as "weight" and "bias", PyTorch's names.
    func register(on module: Module) throws {
        try module.register(parameter: weight, as: "weight")
        if let bias {
            try module.register(parameter: bias, as: "bias")
        }
    }
}
