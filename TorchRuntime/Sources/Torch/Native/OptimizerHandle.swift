import CTorch

/// An owning reference to one of libtorch's C++ optimizers (`torch::optim::Adam`, `torch::optim::SGD`): the
/// Tensor layer's handle for optimizers (in `Native/`, beside the process-group handle), as tch-rs keeps `COptimizer` beside its tensor wrapper.
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

    // MARK: State as tensors (torch.optim's state_dict layout)

    /// The number of parameters the optimizer updates.
    var parameterCount: Int { ct_optimizer_parameter_count(handle) }

    /// Adam's per-parameter state: the step count and copies of the moment estimates.
    struct AdamState {
        var step: Int
        var expAvg: Tensor
        var expAvgSq: Tensor
        var maxExpAvgSq: Tensor?
    }

    /// Adam's hyper-parameters.
    struct AdamOptions: Equatable {
        var lr: Double
        var betas: (Double, Double)
        var eps: Double
        var weightDecay: Double
        var amsgrad: Bool

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.lr == rhs.lr && lhs.betas == rhs.betas && lhs.eps == rhs.eps && lhs.weightDecay == rhs.weightDecay
                && lhs.amsgrad == rhs.amsgrad
        }
    }

    /// Adam's state of parameter `index`, `nil` before its first step.
    func adamState(_ index: Int) throws -> AdamState? {
        var hasState = false
        var step: Int64 = 0
        var expAvg: ct_tensor?
        var expAvgSq: ct_tensor?
        var maxExpAvgSq: ct_tensor?
        try check(
            ct_adam_state(handle, index, &hasState, &step, &expAvg, &expAvgSq, &maxExpAvgSq), "Adam.state_dict")
        let tensors = (
            expAvg.map { Tensor(handle: $0) }, expAvgSq.map { Tensor(handle: $0) },
            maxExpAvgSq.map { Tensor(handle: $0) }
        )
        guard hasState else { return nil }
        guard let first = tensors.0, let second = tensors.1 else {
            throw TorchError.libtorch(operation: "Adam.state_dict", message: "libtorch holds an incomplete state")
        }
        return AdamState(step: Int(step), expAvg: first, expAvgSq: second, maxExpAvgSq: tensors.2)
    }

    /// Replaces Adam's whole state, one entry per parameter (`nil`: no state); all or nothing.
    func setAdamState(_ states: [AdamState?]) throws {
        let steps = states.map { Int64($0?.step ?? 0) }
        let present = states.map { $0 != nil }
        let tensors = states.flatMap { [$0?.expAvg, $0?.expAvgSq, $0?.maxExpAvgSq].compactMap { $0 } }
        try withExtendedLifetime(tensors) {
            let expAvg: [ct_tensor?] = states.map { $0?.expAvg.handle }
            let expAvgSq: [ct_tensor?] = states.map { $0?.expAvgSq.handle }
            let maxExpAvgSq: [ct_tensor?] = states.map { $0?.maxExpAvgSq?.handle }
            try check(
                ct_adam_set_state(handle, states.count, present, steps, expAvg, expAvgSq, maxExpAvgSq),
                "Adam.load_state_dict")
        }
    }

    /// Adam's hyper-parameters.
    func adamOptions() throws -> AdamOptions {
        var options = AdamOptions(lr: 0, betas: (0, 0), eps: 0, weightDecay: 0, amsgrad: false)
        try check(
            ct_adam_options(
                handle, &options.lr, &options.betas.0, &options.betas.1, &options.eps, &options.weightDecay,
                &options.amsgrad), "Adam.state_dict")
        return options
    }

    /// Sets Adam's hyper-parameters.
    func setAdamOptions(_ options: AdamOptions) throws {
        try check(
            ct_adam_set_options(
                handle, options.lr, options.betas.0, options.betas.1, options.eps, options.weightDecay,
                options.amsgrad), "Adam.load_state_dict")
    }

    /// SGD's hyper-parameters.
    struct SGDOptions: Equatable {
        var lr: Double
        var momentum: Double
        var dampening: Double
        var weightDecay: Double
        var nesterov: Bool
    }

    /// SGD's momentum buffer of parameter `index` (a copy), `nil` when there is none.
    func sgdMomentumBuffer(_ index: Int) throws -> Tensor? {
        var buffer: ct_tensor?
        try check(ct_sgd_state(handle, index, &buffer), "SGD.state_dict")
        return buffer.map { Tensor(handle: $0) }
    }

    /// Replaces SGD's whole state, one momentum buffer per parameter (`nil`: none); all or nothing.
    func setSGDMomentumBuffers(_ buffers: [Tensor?]) throws {
        try withExtendedLifetime(buffers) {
            let handles: [ct_tensor?] = buffers.map { $0?.handle }
            try check(ct_sgd_set_state(handle, handles.count, handles), "SGD.load_state_dict")
        }
    }

    /// SGD's hyper-parameters.
    func sgdOptions() throws -> SGDOptions {
        var options = SGDOptions(lr: 0, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false)
        try check(
            ct_sgd_options(
                handle, &options.lr, &options.momentum, &options.dampening, &options.weightDecay, &options.nesterov),
            "SGD.state_dict")
        return options
    }

    /// Sets SGD's hyper-parameters.
    func setSGDOptions(_ options: SGDOptions) throws {
        try check(
            ct_sgd_set_options(
                handle, options.lr, options.momentum, options.dampening, options.weightDecay, options.nesterov),
            "SGD.load_state_dict")
    }
}
