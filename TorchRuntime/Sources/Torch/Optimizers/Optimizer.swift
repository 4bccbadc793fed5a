/// Updates parameters from their gradients, PyTorch's `torch.optim.Optimizer`: call `zeroGrad()`, compute a loss,
/// `backward()`, then `step()`. Subclasses are the concrete algorithms (`Adam`, `SGD`).
///
/// Not `Sendable`: an optimizer mutates its parameters and its own state on every step.
public class Optimizer {
    let handle: OptimizerHandle
    /// The parameters being optimised, in the order given.
    public let parameters: [Tensor]
    /// The current learning rate.
    public internal(set) var learningRate: Double

    init(
        parameters: [Tensor], learningRate: Double, operation: String,
        make: ([Tensor]) throws -> OptimizerHandle
    ) throws {
        guard !parameters.isEmpty else {
            throw TorchError.invalidArgument(operation: operation, message: "got an empty parameter list")
        }
        try Self.checkLearningRate(learningRate, operation)
        self.handle = try make(parameters)
        self.parameters = parameters
        self.learningRate = learningRate
    }

    private static func checkLearningRate(_ rate: Double, _ operation: String) throws {
        guard rate >= 0, rate.isFinite else {
            throw TorchError.invalidArgument(operation: operation, message: "invalid learning rate: \(rate)")
        }
    }

    /// Resets every parameter's gradient to zero (`optimizer.zero_grad()`).
    public func zeroGrad() throws {
        try handle.zeroGrad()
    }

    /// Applies one update from the current gradients (`optimizer.step()`).
    public func step() throws {
        try handle.step()
    }

    /// Changes the learning rate of every parameter group (`group["lr"] = lr`).
    public func setLearningRate(_ rate: Double) throws {
        try Self.checkLearningRate(rate, "Optimizer.set_lr")
        try handle.setLearningRate(rate)
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
        let operation = "torch.optim.Adam"
        guard (0..<1).contains(betas.0), (0..<1).contains(betas.1) else {
            throw TorchError.invalidArgument(operation: operation, message: "betas must be in [0, 1), got \(betas)")
        }
        guard eps >= 0, weightDecay >= 0 else {
            throw TorchError.invalidArgument(
                operation: operation,
                message: "needs non-negative eps and weight decay, got eps: \(eps), weightDecay: \(weightDecay)")
        }
        try super.init(parameters: parameters, learningRate: lr, operation: operation) {
            try .adam($0, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad)
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
        let operation = "torch.optim.SGD"
        guard momentum >= 0, weightDecay >= 0 else {
            throw TorchError.invalidArgument(
                operation: operation,
                message: "needs non-negative momentum and weight decay, got \(momentum), \(weightDecay)")
        }
        try super.init(parameters: parameters, learningRate: lr, operation: operation) {
            try .sgd($0, lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
        }
    }
}
