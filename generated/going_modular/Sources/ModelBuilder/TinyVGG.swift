import Torch

/// TinyVGG, the small CNN from the CNN Explainer website that the lesson trains on 64x64 RGB images.
///
/// Two convolution blocks (conv → ReLU → conv → ReLU → max-pool) shrink a 64x64 image to 13x13 feature maps,
/// then a linear layer turns them into one logit per class. Its parameter names are PyTorch's
/// (`conv_block_1.0.weight`, …, `classifier.1.bias`), so a saved state dict loads into the Python `TinyVGG`.
public final class TinyVGG: Module {
    /// conv(3x3) → ReLU → conv(3x3) → ReLU → max-pool(2): 64 → 62 → 60 → 30.
    public let convBlock1: Sequential
    /// The same block again: 30 → 28 → 26 → 13.
    public let convBlock2: Sequential
    /// Flatten → Linear(hiddenUnits·13·13, outputShape).
    public let classifier: Sequential

    /// Builds the network for `inputShape` colour channels, `hiddenUnits` filters per convolution and
    /// `outputShape` classes. The weights are drawn from Torch's generator, as PyTorch's layers draw theirs.
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

    /// Logits of shape `[batch, outputShape]` for images of shape `[batch, inputShape, 64, 64]`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try classifier(convBlock2(convBlock1(x)))
    }
}
