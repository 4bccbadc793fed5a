import CTorch

// PyTorch's `torch.nn.functional` as tensor methods, as in tch-rs (`xs.conv2d(...)`): the layers in Modules/ are
// built on these. Arguments are checked first, so a bad argument is `TorchError.invalidArgument` and operands that
// do not fit are `TorchError.shapeMismatch`, each naming the operation and the shapes.
extension Tensor {
    /// A 2-D convolution of this `[N, C, H, W]` (or `[C, H, W]`) input with `weight` `[out, C / groups, kH, kW]`
    /// plus `bias` `[out]` (`F.conv2d(input, weight, bias, stride, padding, dilation, groups)`).
    public func conv2d(
        _ weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
    ) throws -> Tensor {
        let operation = "F.conv2d"
        guard stride > 0, padding >= 0, dilation > 0, groups > 0 else {
            throw TorchError.invalidArgument(
                operation: operation,
                message: "needs a positive stride, dilation and groups and a non-negative padding, got stride: "
                    + "\(stride), padding: \(padding), dilation: \(dilation), groups: \(groups)")
        }
        let input = shape
        let kernel = weight.shape
        func mismatch(_ why: String) -> TorchError {
            .shapeMismatch(operation: operation, message: "input \(input), weight \(kernel): \(why)")
        }
        guard input.count == 3 || input.count == 4 else { throw mismatch("the input must be 3-D or 4-D") }
        guard kernel.count == 4 else { throw mismatch("the weight must be 4-D") }
        guard input[input.count - 3] == kernel[1] * groups else {
            throw mismatch("\(input[input.count - 3]) input channels, the weight expects \(kernel[1] * groups)")
        }
        guard kernel[0].isMultiple(of: groups) else { throw mismatch("output channels not divisible by groups") }
        for (size, kernelSize) in zip(input.suffix(2), kernel.suffix(2)) {
            guard size + 2 * padding >= dilation * (kernelSize - 1) + 1 else {
                throw mismatch("the (padded) input is smaller than the kernel")
            }
        }
        if let bias, bias.shape != [kernel[0]] {
            throw mismatch("bias \(bias.shape), expected [\(kernel[0])]")
        }
        return try withExtendedLifetime((weight, bias)) {
            try makeTensor(operation) { out in
                ct_conv2d(
                    handle, weight.handle, bias?.handle, Int64(stride), Int64(stride), Int64(padding),
                    Int64(padding), Int64(dilation), Int64(dilation), Int64(groups), out)
            }
        }
    }

    /// 2-D max pooling of this `[N, C, H, W]` (or `[C, H, W]`) input over square windows
    /// (`F.max_pool2d(input, kernel_size, stride, padding)`); `stride` defaults to `kernelSize`.
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let operation = "F.max_pool2d"
        let stride = stride ?? kernelSize
        guard kernelSize > 0, stride > 0, padding >= 0, padding <= kernelSize / 2 else {
            throw TorchError.invalidArgument(
                operation: operation,
                message: "needs a positive kernel size and stride and a padding of at most half the kernel, got "
                    + "kernel: \(kernelSize), stride: \(stride), padding: \(padding)")
        }
        let input = shape
        guard input.count == 3 || input.count == 4 else {
            throw TorchError.shapeMismatch(operation: operation, message: "input \(input) must be 3-D or 4-D")
        }
        guard input.suffix(2).allSatisfy({ $0 + 2 * padding >= kernelSize }) else {
            throw TorchError.shapeMismatch(
                operation: operation, message: "input \(input) is smaller than the \(kernelSize)×\(kernelSize) window")
        }
        return try makeTensor(operation) { out in
            ct_max_pool2d(
                handle, Int64(kernelSize), Int64(kernelSize), Int64(stride), Int64(stride), Int64(padding),
                Int64(padding), out)
        }
    }

    /// `x Wᵀ + b` for this `[..., in]` input, `weight` `[out, in]` and `bias` `[out]` (`F.linear(input, weight, bias)`).
    public func linear(_ weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        let operation = "F.linear"
        let input = shape
        let matrix = weight.shape
        guard !input.isEmpty, matrix.count == 2, input[input.count - 1] == matrix[1] else {
            throw TorchError.shapeMismatch(
                operation: operation, message: "input \(input) does not fit weight \(matrix) ([out, in])")
        }
        if let bias, Shapes.broadcast([matrix[0]], bias.shape) != [matrix[0]] {
            throw TorchError.shapeMismatch(
                operation: operation, message: "bias \(bias.shape) does not fit \(matrix[0]) output features")
        }
        return try withExtendedLifetime((weight, bias)) {
            try makeTensor(operation) { ct_linear(handle, weight.handle, bias?.handle, $0) }
        }
    }

    /// The cross-entropy between these logits `[N, C]` (or `[C]`, or `[N, C, d...]`) and `target`: class indices
    /// `[N]` (int64) or class probabilities shaped like the logits
    /// (`F.cross_entropy(input, target, reduction, label_smoothing)`).
    public func crossEntropy(
        _ target: Tensor, reduction: Reduction = .mean, labelSmoothing: Double = 0
    ) throws -> Tensor {
        let operation = "F.cross_entropy"
        guard (0...1).contains(labelSmoothing) else {
            throw TorchError.invalidArgument(
                operation: operation, message: "label smoothing must be in [0, 1], got \(labelSmoothing)")
        }
        try checkLossTarget(target, operation)
        return try withExtendedLifetime(target) {
            try makeTensor(operation) {
                ct_cross_entropy(handle, target.handle, reduction.code, labelSmoothing, $0)
            }
        }
    }

    /// The negative log-likelihood of class indices `target` `[N]` under these log-probabilities `[N, C]`
    /// (`F.nll_loss(input, target, reduction)`).
    public func nllLoss(_ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let operation = "F.nll_loss"
        try checkLossTarget(target, operation)
        return try withExtendedLifetime(target) {
            try makeTensor(operation) { ct_nll_loss(handle, target.handle, reduction.code, $0) }
        }
    }

    /// Throws unless `target` fits these scores: class indices shaped as the scores without their class dimension
    /// (dimension 1, or 0 for one sample), or probabilities shaped as the scores.
    private func checkLossTarget(_ target: Tensor, _ operation: String) throws {
        let scores = shape
        let labels = target.shape
        guard !scores.isEmpty else {
            throw TorchError.shapeMismatch(operation: operation, message: "the input needs a class dimension")
        }
        var expected = scores
        expected.remove(at: scores.count == 1 ? 0 : 1)
        guard labels == expected || (labels == scores && target.dtype != .int64) else {
            throw TorchError.shapeMismatch(
                operation: operation,
                message: "target \(labels) does not fit input \(scores): expected class indices \(expected)")
        }
    }
}
