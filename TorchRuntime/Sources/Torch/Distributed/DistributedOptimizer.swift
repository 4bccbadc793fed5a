/// An optimizer that averages the gradients over a data-parallel group before every step, as Horovod's
/// `hvd.DistributedOptimizer` does: hand it to a training loop written for one process (which calls `zeroGrad()`,
/// `backward()`, `step()`) and the loop trains data-parallel unchanged.
///
/// It shares the wrapped optimizer's libtorch state: `zeroGrad()`, the learning rate and the saved optimizer state
/// are the wrapped optimizer's, so a checkpoint of either restores into either.
public final class DistributedOptimizer: Optimizer {
    /// The optimizer that applies the update (`Adam`, `SGD`).
    public let wrapped: Optimizer
    /// The group the gradients are averaged over, and the model's replicas.
    public let parallel: DistributedDataParallel

    /// Wraps `optimizer`, whose parameters must be `parallel`'s module's parameters.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` when the parameters differ.
    public init(_ optimizer: Optimizer, parallel: DistributedDataParallel) throws {
        let operation = "DistributedOptimizer"
        let modelParameters = parallel.module.parameters().map(ObjectIdentifier.init)
        guard optimizer.parameters.map(ObjectIdentifier.init) == modelParameters else {
            throw TorchError.invalidArgument(
                operation: operation, message: "the optimizer's parameters are not the data-parallel model's")
        }
        wrapped = optimizer
        self.parallel = parallel
        try super.init(parameters: optimizer.parameters, learningRate: optimizer.learningRate, operation: operation) {
            _ in optimizer.handle
        }
    }

    /// Averages the gradients over the group (``DistributedDataParallel/averageGradients()``), then applies the
    /// wrapped optimizer's update.
    public override func step() throws {
        try parallel.averageGradients()
        try super.step()
    }

    /// Changes the learning rate of the wrapped optimizer (and so of this one).
    public override func setLearningRate(_ rate: Double) throws {
        try wrapped.setLearningRate(rate)
        try super.setLearningRate(rate)
    }
}

extension Optimizer {
    /// This optimizer made data-parallel over `group`: a ``DistributedOptimizer`` over a
    /// ``DistributedDataParallel`` of `model` (which gives every rank rank 0's weights), or the optimizer itself when
    /// `group` is nil. A training loop written for one process then trains data-parallel unchanged.
    ///
    /// - Throws: the errors of ``DistributedDataParallel/init(_:group:bucketCapacity:)`` and
    ///   ``DistributedOptimizer/init(_:parallel:)`` (this optimizer's parameters must be `model`'s).
    public func distributed(model: Module, group: ProcessGroup?) throws -> Optimizer {
        guard let group else { return self }
        return try DistributedOptimizer(self, parallel: DistributedDataParallel(model, group: group))
    }
}
