import Torch

// The one place where TorchVision's plain values become libtorch tensors.

extension FloatImage {
    /// This image as a `[C, H, W]` float32 tensor.
    public func tensor() throws -> Tensor {
        try Tensor(values, shape: shape)
    }
}

extension Compose {
    /// Applies the pipeline to one image and returns the `[C, H, W]` tensor (`transform(image)` in PyTorch).
    public func callAsFunction(_ image: Image) throws -> Tensor {
        try planes(image).tensor()
    }
}

extension Batch {
    /// Stacks examples of equal shape into one batch; differing shapes are an error suggesting a Resize.
    init(examples: [Example], indices: [Int]) throws {
        guard let first = examples.first else { throw VisionError.invalidArgument("an empty batch") }
        let shape = first.image.shape
        var values: [Float] = []
        values.reserveCapacity(examples.count * first.image.values.count)
        for example in examples {
            guard example.image.shape == shape else {
                throw VisionError.invalidArgument(
                    "cannot batch images of shapes \(shape) and \(example.image.shape): add a Resize to the transform")
            }
            values += example.image.values
        }
        images = try Tensor(values, shape: [examples.count] + shape)
        labels = try Tensor(examples.map { Int64($0.label) }, shape: [examples.count])
        self.indices = indices
    }
}
