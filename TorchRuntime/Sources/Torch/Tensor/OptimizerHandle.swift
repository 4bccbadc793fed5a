import CTorch

/// An owning reference to one of libtorch's C++ optimizers (`torch::optim::Adam`, `torch::optim::SGD`): the
/// Tensor layer's one handle besides `Tensor`, as tch-rs keeps `COptimizer` beside its tensor wrapper.
/// `Optimizer` and its subclasses are built on it; running libtorch's own update and archive keeps every step and
/// every saved state identical to PyTorch's.
final class OptimizerHandle {
    private let handle: ct_optimizer

    private init(
        _ parameters: [Tensor], _ operation: String,
        make: (UnsafeBufferPointer<ct_tensor?>, UnsafeMutablePointer<ct_optimizer?>) -> ct_error?
    ) throws {
        Runtime.ensureDefaults()
        var handle: ct_optimizer?
        try withHandles(parameters) { handles in try check(make(handles, &handle), operation) }
        guard let handle else {
            throw TorchError.libtorch(operation: operation, message: "libtorch returned no optimizer")
        }
        self.handle = handle
    }

    deinit {
        ct_optimizer_free(handle)
    }

    /// `torch::optim::Adam(parameters, AdamOptions(lr).betas(...).eps(...).weight_decay(...).amsgrad(...))`.
    static func adam(
        _ parameters: [Tensor], lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, amsgrad: Bool
    ) throws -> OptimizerHandle {
        try OptimizerHandle(parameters, "torch.optim.Adam") { handles, out in
            ct_adam_new(handles.baseAddress, handles.count, lr, betas.0, betas.1, eps, weightDecay, amsgrad, out)
        }
    }

    /// `torch::optim::SGD(parameters, SGDOptions(lr).momentum(...).dampening(...).weight_decay(...).nesterov(...))`.
    static func sgd(
        _ parameters: [Tensor], lr: Double, momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool
    ) throws -> OptimizerHandle {
        try OptimizerHandle(parameters, "torch.optim.SGD") { handles, out in
            ct_sgd_new(handles.baseAddress, handles.count, lr, momentum, dampening, weightDecay, nesterov, out)
        }
    }

    /// `optimizer.zero_grad()`.
    func zeroGrad() throws {
        try check(ct_optimizer_zero_grad(handle), "Optimizer.zero_grad")
    }

    /// `optimizer.step()`.
    func step() throws {
        try check(ct_optimizer_step(handle), "Optimizer.step")
    }

    /// Sets every parameter group's learning rate.
    func setLearningRate(_ rate: Double) throws {
        try check(ct_optimizer_set_lr(handle, rate), "Optimizer.set_lr")
    }

    /// The per-parameter state in libtorch's optimizer archive format.
    func stateBytes() throws -> [UInt8] {
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try check(ct_optimizer_save_state(handle, &data, &size), "Optimizer.state_dict")
        guard let data else {
            throw TorchError.libtorch(operation: "Optimizer.state_dict", message: "libtorch returned no state")
        }
        defer { ct_bytes_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Replaces the state with `bytes` from `stateBytes()`; on any error the state is unchanged. An archive that
    /// cannot be parsed is `.libtorch`; one of another optimizer kind or other shapes is `.invalidArgument`.
    func loadState(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            try check(ct_optimizer_load_state(handle, buffer.baseAddress, buffer.count), "Optimizer.load_state_dict")
        }
    }
}
