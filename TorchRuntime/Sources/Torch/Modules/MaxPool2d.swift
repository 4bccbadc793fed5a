/// 2-D max pooling over NCHW input, PyTorch's `nn.MaxPool2d` (square window).
public final class MaxPool2d: Module {
    /// The window size.
    public let kernelSize: Int
    /// The step between windows (PyTorch's default: the window size).
    public let stride: Int
    /// Padding added on each side.
    public let padding: Int

    /// `nn.MaxPool2d(kernel_size, stride, padding)`; `stride` defaults to `kernelSize`.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        let stride = stride ?? kernelSize
        guard kernelSize > 0, stride > 0, padding >= 0, padding <= kernelSize / 2 else {
            throw TorchError.invalidArgument(
                operation: "nn.MaxPool2d",
                message: "needs a positive kernel size and stride and a padding of at most half the kernel, got "
                    + "kernel: \(kernelSize), stride: \(stride), padding: \(padding)")
        }
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        super.init()
    }

    /// `F.max_pool2d(input, kernel_size, stride, padding)`.
    public override func forward(_ input: Tensor) throws -> Tensor {
        try input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}
