import CTorch

/// Updates parameters from their gradients, PyTorch's `torch.optim.Optimizer`: call `zeroGrad()`, compute a loss,
/// `backward()`, then `step()`. Subclasses are the concrete algorithms (`Adam`, `SGD`).
///
/// Not `Sendable`: an optimizer mutates its parameters and its own state on every step.
public class Optimizer {
    let handle: ct_optimizer
    /// The parameters being optimised, in the order given.
    public let parameters: [Tensor]
    /// The current learning rate.
    public private(set) var learningRate: Double

    init(
        parameters: [Tensor], learningRate: Double,
        make: (UnsafeBufferPointer<ct_tensor?>, UnsafeMutablePointer<ct_optimizer?>) -> ct_error?
    ) throws {
        guard !parameters.isEmpty else { throw TorchError("optimizer got an empty parameter list") }
        guard learningRate >= 0, learningRate.isFinite else {
            throw TorchError("invalid learning rate: \(learningRate)")
        }
        var handle: ct_optimizer?
        try withHandles(parameters) { handles in try check(make(handles, &handle)) }
        guard let handle else { throw TorchError("libtorch returned no optimizer") }
        self.handle = handle
        self.parameters = parameters
        self.learningRate = learningRate
    }

    deinit {
        ct_optimizer_free(handle)
    }

    /// Resets every parameter's gradient to zero (`optimizer.zero_grad()`).
    public func zeroGrad() throws {
        try check(ct_optimizer_zero_grad(handle))
    }

    /// Applies one update from the current gradients (`optimizer.step()`).
    public func step() throws {
        try check(ct_optimizer_step(handle))
    }

    /// Changes the learning rate of every parameter group (`group["lr"] = lr`).
    public func setLearningRate(_ rate: Double) throws {
        try check(ct_optimizer_set_lr(handle, rate))
        learningRate = rate
    }
}

/// Adam, PyTorch's `torch.optim.Adam` (same update, step for step, as PyTorch 1.13's default implementation).
public final class Adam: Optimizer {
    /// `torch.optim.Adam(params, lr, betas, eps, weight_decay, amsgrad)`.
    public init(
        _ parameters: [Tensor], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false
    ) throws {
        guard (0..<1).contains(betas.0), (0..<1).contains(betas.1) else {
            throw TorchError("Adam betas must be in [0, 1), got \(betas)")
        }
        guard eps >= 0, weightDecay >= 0 else {
            throw TorchError(
                "Adam needs non-negative eps and weight decay, got eps: \(eps), weightDecay: \(weightDecay)")
        }
        try super.init(parameters: parameters, learningRate: lr) { handles, out in
            ct_adam_new(handles.baseAddress, handles.count, lr, betas.0, betas.1, eps, weightDecay, amsgrad, out)
        }
    }
}

/// Stochastic gradient descent with optional momentum, PyTorch's `torch.optim.SGD`.
public final class SGD: Optimizer {
    /// `torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)`.
    public init(
        _ parameters: [Tensor], lr: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
        nesterov: Bool = false
    ) throws {
        guard momentum >= 0, weightDecay >= 0 else {
            throw TorchError("SGD needs non-negative momentum and weight decay, got \(momentum), \(weightDecay)")
        }
        try super.init(parameters: parameters, learningRate: lr) { handles, out in
            ct_sgd_new(handles.baseAddress, handles.count, lr, momentum, dampening, weightDecay, nesterov, out)
        }
    }
}
