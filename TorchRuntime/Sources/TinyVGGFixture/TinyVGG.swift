import Torch

/// The "going modular" TinyVGG, written as the PyTorch class is: three named blocks, applied in order. Parameter
/// names match PyTorch's: `conv_block_1.0.weight`, ..., `classifier.1.bias`.
///
/// The one Swift TinyVGG outside the generated lesson package, shared by the runtime's tests (the parity fixtures
/// in `Tests/TorchTests/Fixtures` were written by the same Python class) and by `torch-bench`. Not a product:
/// users write their own model, as the lesson does.
public final class TinyVGG: Module {
    /// Two 3×3 convolutions with ReLU, then 2×2 max pooling (`conv_block_1`).
    public let convBlock1: Sequential
    /// The same again (`conv_block_2`).
    public let convBlock2: Sequential
    /// Flatten and one linear layer (`classifier`).
    public let classifier: Sequential

    /// `TinyVGG(input_shape, hidden_units, output_shape)` for 64×64 images.
    public init(inputShape: Int, hiddenUnits: Int, outputShape: Int) throws {
        convBlock1 = Sequential(
            try Conv2d(inChannels: inputShape, outChannels: hiddenUnits, kernelSize: 3, stride: 1, padding: 0),
            ReLU(),
            try Conv2d(inChannels: hiddenUnits, outChannels: hiddenUnits, kernelSize: 3, stride: 1, padding: 0),
            ReLU(),
            try MaxPool2d(kernelSize: 2, stride: 2)
        )
        convBlock2 = Sequential(
            try Conv2d(inChannels: hiddenUnits, outChannels: hiddenUnits, kernelSize: 3, padding: 0),
            ReLU(),
            try Conv2d(inChannels: hiddenUnits, outChannels: hiddenUnits, kernelSize: 3, padding: 0),
            ReLU(),
            try MaxPool2d(kernelSize: 2)
        )
        classifier = Sequential(
            Flatten(),
            try Linear(inFeatures: hiddenUnits * 13 * 13, outFeatures: outputShape)
        )
        super.init()
        register(convBlock1, as: "conv_block_1")
        register(convBlock2, as: "conv_block_2")
        register(classifier, as: "classifier")
    }

    /// `classifier(conv_block_2(conv_block_1(x)))` for `x` of shape [N, inputShape, 64, 64].
    public override func forward(_ x: Tensor) throws -> Tensor {
        try classifier(convBlock2(convBlock1(x)))
    }
}
