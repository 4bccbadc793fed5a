import Torch

/// The "going modular" TinyVGG, written as the PyTorch class is: three named blocks, applied in order.
/// Parameter names match PyTorch's: conv_block_1.0.weight, ..., classifier.1.bias.
final class TinyVGG: Module {
    let convBlock1: Sequential
    let convBlock2: Sequential
    let classifier: Sequential

    init(inputShape: Int, hiddenUnits: Int, outputShape: Int) throws {
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

    override func forward(_ x: Tensor) throws -> Tensor {
        try classifier(convBlock2(convBlock1(x)))
    }
}
