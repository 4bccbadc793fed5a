import Foundation

/// Data-parallel training over a ``ProcessGroup``, PyTorch's `DistributedDataParallel` for CPU/Gloo: every rank holds
/// a replica of `module`, trains on its own shard of each batch, and after `backward()` calls
/// ``averageGradients()`` so that every replica takes the same optimizer step.
///
/// At creation rank 0's parameters are broadcast to every rank. Gradients are averaged in buckets: the gradients of
/// consecutive parameters are flattened and concatenated into one tensor of at most ``bucketCapacity`` elements,
/// summed with one all-reduce, divided by the world size and copied back, so a small model costs one collective per
/// step. The order of collectives (one broadcast per parameter, in `parameters()` order; one all-reduce per bucket)
/// is what a peer in another language must follow.
public final class DistributedDataParallel {
    /// The wrapped module; call it as usual for the forward pass.
    public let module: Module
    /// The group the gradients are averaged over.
    public let group: ProcessGroup
    /// The largest number of gradient elements reduced in one all-reduce.
    public let bucketCapacity: Int
    /// Parameter positions (in `parameters()` order) of each bucket.
    public let buckets: [Range<Int>]
    /// Bytes each rank contributes to all-reduces per ``averageGradients()`` call.
    public let bytesPerStep: Int
    /// Wall-clock time spent in all-reduce so far (for benchmarks).
    public private(set) var allReduceTime: Duration = .zero

    private let parameters: [Tensor]

    /// Wraps `module` and overwrites its parameters with rank 0's.
    ///
    /// - Parameters:
    ///   - module: the model; every rank must build the same architecture.
    ///   - group: the ranks to train with.
    ///   - bucketCapacity: elements per bucket (default 6.5 M float32 elements, PyTorch's 25 MiB).
    public init(_ module: Module, group: ProcessGroup, bucketCapacity: Int = 25 * 1024 * 1024 / 4) throws {
        guard bucketCapacity >= 1 else {
            throw TorchError.invalidArgument(
                operation: "DistributedDataParallel", message: "bucket capacity \(bucketCapacity) is below 1")
        }
        self.module = module
        self.group = group
        self.bucketCapacity = bucketCapacity
        parameters = module.parameters()
        var buckets: [Range<Int>] = []
        var start = 0
        var filled = 0
        for (position, parameter) in parameters.enumerated() {
            if filled > 0 && filled + parameter.count > bucketCapacity {
                buckets.append(start..<position)
                start = position
                filled = 0
            }
            filled += parameter.count
        }
        if start < parameters.count { buckets.append(start..<parameters.count) }
        self.buckets = buckets
        bytesPerStep = parameters.reduce(0) { $0 + $1.count * ($1.dtype?.byteCount ?? 0) }
        let received = try parameters.map { try $0.detach() }
        try group.broadcast(received, from: 0)
    }

    /// Replaces every parameter's gradient with its average over all ranks (call after `backward()`, before the
    /// optimizer's `step()`).
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` when a parameter has no gradient (every rank
    ///   must reduce the same tensors), or the group's error when a peer is gone.
    public func averageGradients() throws {
        for bucket in buckets {
            var gradients: [Tensor] = []
            for position in bucket {
                guard let gradient = try parameters[position].grad() else {
                    let names = module.namedParameters().map(\.0)
                    throw TorchError.invalidArgument(
                        operation: "DistributedDataParallel.averageGradients",
                        message: "parameter \(names[position]) has no gradient; run backward() first")
                }
                gradients.append(gradient)
            }
            let flat = try Tensor.cat(gradients.map { try $0.reshape([-1]) })
            let clock = ContinuousClock()
            let started = clock.now
            try group.allReduceSum([flat])
            allReduceTime += clock.now - started
            let average = try flat.div(Double(group.worldSize))
            var offset = 0
            for gradient in gradients {
                let part = try average.narrow(dim: 0, start: offset, length: gradient.count).reshape(gradient.shape)
                try gradient.copyFrom(part)
                offset += gradient.count
            }
        }
    }
}
