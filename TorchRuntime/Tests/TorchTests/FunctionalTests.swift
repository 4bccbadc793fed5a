import Testing
import Torch

/// The functional layer (`xs.conv2d(...)`, `linear`, `maxPool2d`, `crossEntropy`, ...) on hand-computed values, and
/// the modules built on it giving the same results.
@Suite("Functional ops")
struct FunctionalTests {
    @Test func conv2dComputesACorrelation() throws {
        let image = try Tensor((1...9).map(Float.init), shape: [1, 1, 3, 3])
        let kernel = try Tensor([1, 0, 0, -1] as [Float], shape: [1, 1, 2, 2])
        // Each output is x[i][j] - x[i+1][j+1] = -4, plus the bias.
        let out = try image.conv2d(kernel, bias: Tensor([0.5] as [Float]))
        #expect(out.shape == [1, 1, 2, 2])
        #expect(try out.floats() == [-3.5, -3.5, -3.5, -3.5])
        let padded = try image.conv2d(kernel, stride: 2, padding: 1)
        #expect(padded.shape == [1, 1, 2, 2])
        #expect(try padded.floats() == [-1, -3, -7, -4])
        let grouped = try Tensor.zeros([1, 4, 3, 3]).add(1).conv2d(Tensor.zeros([2, 2, 1, 1]).add(1), groups: 2)
        #expect(try grouped.floats() == [Float](repeating: 2, count: 18))
    }

    @Test func maxPool2dLinearReluFlatten() throws {
        let image = try Tensor([1, 5, 2, 0, 3, 4, -1, 8, 0, 0, 7, 6, 9, 1, 2, 3] as [Float], shape: [1, 1, 4, 4])
        #expect(try image.maxPool2d(kernelSize: 2).floats() == [5, 8, 9, 7])
        #expect(try image.maxPool2d(kernelSize: 2, stride: 1).shape == [1, 1, 3, 3])
        let x = try Tensor([1, -2] as [Float], shape: [1, 2])
        let weight = try Tensor([1, 1, 2, 0, 0, -1] as [Float], shape: [3, 2])
        #expect(try x.linear(weight, bias: Tensor([0, 0, 1] as [Float])).floats() == [-1, 2, 3])
        #expect(try x.linear(weight).relu().floats() == [0, 2, 2])
        #expect(try image.flatten(startDim: 1).shape == [1, 16])
    }

    @Test func crossEntropyMatchesItsDefinition() throws {
        let logits = try Tensor([2, 0, 0, 0, 1, 3] as [Float], shape: [2, 3])
        let labels = try Tensor([0, 2] as [Int64])
        let perSample = try logits.crossEntropy(labels, reduction: .none).doubles()
        let logProbabilities = try logits.logSoftmax(dim: 1).doubles()
        #expect(Swift.abs(perSample[0] + logProbabilities[0]) < 1e-6)
        #expect(Swift.abs(perSample[1] + logProbabilities[5]) < 1e-6)
        let mean = try logits.crossEntropy(labels).item()
        let sum = try logits.crossEntropy(labels, reduction: .sum).item()
        #expect(Swift.abs(mean - (perSample[0] + perSample[1]) / 2) < 1e-6)
        #expect(Swift.abs(sum - (perSample[0] + perSample[1])) < 1e-6)
        #expect(try logits.logSoftmax(dim: 1).nllLoss(labels).item() == mean)
        #expect(try CrossEntropyLoss()(logits, labels).item() == mean)
        #expect(try CrossEntropyLoss(reduction: .none)(logits, labels).shape == [2])
        // Label smoothing 0.3 over 3 classes: 0.8 on the label, 0.1 elsewhere.
        let smoothed = try logits.crossEntropy(labels, labelSmoothing: 0.3).item()
        let expected =
            (-(0.8 * logProbabilities[0] + 0.1 * logProbabilities[1] + 0.1 * logProbabilities[2])
                - (0.1 * logProbabilities[3] + 0.1 * logProbabilities[4] + 0.8 * logProbabilities[5])) / 2
        #expect(Swift.abs(smoothed - expected) < 1e-6)
        // Probabilities as the target.
        let soft = try logits.crossEntropy(Tensor([1, 0, 0, 0, 0, 1] as [Float], shape: [2, 3])).item()
        #expect(Swift.abs(soft - mean) < 1e-6)
    }

    @Test func layersAreTheFunctionalOpsWithTheirParameters() throws {
        let conv = try withGlobalGenerator { try Conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1) }
        let x = try withGlobalGenerator { try Tensor.randn([2, 2, 5, 5]) }
        #expect(
            try conv(x).floats() == x.conv2d(conv.weight, bias: conv.bias, stride: 1, padding: 1).floats())
        let linear = try withGlobalGenerator { try Linear(inFeatures: 50, outFeatures: 4) }
        let flat = try x.flatten(startDim: 1)
        #expect(try linear(flat).floats() == flat.linear(linear.weight, bias: linear.bias).floats())
        #expect(try MaxPool2d(kernelSize: 2)(x).floats() == x.maxPool2d(kernelSize: 2).floats())
    }
}
