import CTorch

/// The weight and optional bias of a layer whose parameters libtorch initialises (`Conv2d`, `Linear`).
struct LayerParameters {
    let weight: Tensor
    let bias: Tensor?

    /// Runs the shim's initialiser `call(&weight, &bias)` and takes ownership of what it returns.
    init(_ call: (UnsafeMutablePointer<ct_tensor?>, UnsafeMutablePointer<ct_tensor?>) -> ct_error?) throws {
        Runtime.ensureDefaults()
        var weightHandle: ct_tensor?
        var biasHandle: ct_tensor?
        try check(call(&weightHandle, &biasHandle))
        let bias = biasHandle.map(Tensor.init(handle:))
        guard let weightHandle else { throw TorchError("libtorch returned no layer weight") }
        self.weight = Tensor(handle: weightHandle)
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
