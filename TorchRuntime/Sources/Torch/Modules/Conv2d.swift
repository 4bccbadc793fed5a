/// A 2-D convolution over NCHW input, PyTorch's `nn.Conv2d` (square kernel, stride and padding).
///
/// The parameters `weight` [out, in, k, k] and `bias` [out] are initialised as PyTorch does (Kaiming-uniform with
/// a = √5, bias uniform in ±1/√fan_in), drawing from the global generator in the same order, so
/// `manualSeed(s)` gives the same weights as `torch.manual_seed(s)`.
public final class Conv2d: Module {
    /// The kernel, shape [outChannels, inChannels, kernelSize, kernelSize].
    public let weight: Tensor
    /// The bias, shape [outChannels], or `nil` when created without one.
    public let bias: Tensor?
    /// The step between kernel applications.
    public let stride: Int
    /// Zero padding added on each side.
    public let padding: Int

    /// `nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias)`.
    public init(
        inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true
    ) throws {
        guard inChannels > 0, outChannels > 0, kernelSize > 0, stride > 0, padding >= 0 else {
            throw TorchError.invalidArgument(
                operation: "nn.Conv2d",
                message: "needs positive channels, kernel size and stride and a non-negative padding, got "
                    + "in: \(inChannels), out: \(outChannels), kernel: \(kernelSize), stride: \(stride), "
                    + "padding: \(padding)")
        }
        self.stride = stride
        self.padding = padding
        let parameters = try ParameterInitialization(
            weightShape: [outChannels, inChannels, kernelSize, kernelSize], withBias: bias)
        weight = parameters.weight
        self.bias = parameters.bias
        super.init()
        try parameters.register(on: self)
    }

    /// Convolves `input` [N, C, H, W] (`F.conv2d`).
    public override func forward(_ input: Tensor) throws -> Tensor {
        try input.conv2d(weight, bias: bias, stride: stride, padding: padding)
    }
}
