import Testing
import TinyVGGFixture
import Torch

@Suite("Modules")
struct ModuleTests {
    @Test func parameterNamesFollowPyTorch() throws {
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3) }
        #expect(
            model.namedParameters().map(\.0) == [
                "conv_block_1.0.weight", "conv_block_1.0.bias", "conv_block_1.2.weight", "conv_block_1.2.bias",
                "conv_block_2.0.weight", "conv_block_2.0.bias", "conv_block_2.2.weight", "conv_block_2.2.bias",
                "classifier.1.weight", "classifier.1.bias",
            ])
        let allRequireGrad = model.parameters().allSatisfy { $0.requiresGrad }
        #expect(allRequireGrad)
        #expect(model.namedChildren.map(\.0) == ["conv_block_1", "conv_block_2", "classifier"])
        #expect(try model(Tensor.zeros([2, 3, 64, 64])).shape == [2, 3])
    }

    @Test func trainAndEvalReachEveryDescendant() throws {
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 2, outputShape: 3) }
        #expect(model.isTraining && model.convBlock1[0].isTraining)
        model.eval()
        #expect(!model.isTraining && !model.convBlock1[0].isTraining && !model.classifier[1].isTraining)
        model.train()
        #expect(model.convBlock2[4].isTraining)
    }

    @Test func aModuleWithoutForwardThrows() throws {
        final class Empty: Module {}
        #expect(throws: TorchError.notImplemented("Empty does not implement forward(_:)")) {
            try Empty()(Tensor([1] as [Float]))
        }
    }

    @Test func invalidLayerArgumentsThrow() {
        func expectInvalid(_ operation: String, _ body: () throws -> Void) {
            let error = #expect(throws: TorchError.self) { try body() }
            guard case .invalidArgument(operation, _) = error else {
                Issue.record("\(operation): expected invalidArgument, got \(String(describing: error))")
                return
            }
        }
        expectInvalid("nn.Conv2d") { _ = try Conv2d(inChannels: 0, outChannels: 2, kernelSize: 3) }
        expectInvalid("nn.Linear") { _ = try Linear(inFeatures: 2, outFeatures: -1) }
        expectInvalid("nn.MaxPool2d") { _ = try MaxPool2d(kernelSize: 0) }
        expectInvalid("nn.MaxPool2d") { _ = try MaxPool2d(kernelSize: 2, padding: 2) }
        expectInvalid("torch.optim.Adam") { _ = try Adam([], lr: 0.1) }
        expectInvalid("torch.optim.SGD") { _ = try SGD([Tensor.zeros([1])], lr: .nan) }
    }

    @Test func shapeErrorsInForwardAreThrownNotCrashes() throws {
        let layer = try withGlobalGenerator { try Linear(inFeatures: 4, outFeatures: 2) }
        #expect(
            throws: TorchError.shapeMismatch(
                operation: "F.linear", message: "input [1, 3] does not fit weight [2, 4] ([out, in])")
        ) { try layer(Tensor([1, 2, 3] as [Float], shape: [1, 3])) }
        let conv = try withGlobalGenerator { try Conv2d(inChannels: 3, outChannels: 2, kernelSize: 3) }
        let error = #expect(throws: TorchError.self) { try conv(Tensor.zeros([1, 1, 8, 8])) }
        #expect(
            error?.description
                == "F.conv2d: input [1, 1, 8, 8], weight [2, 3, 3, 3]: 1 input channels, the weight expects 3")
    }

    @Test func initialWeightsAreInPyTorchsBounds() throws {
        let layer = try withGlobalGenerator { try Conv2d(inChannels: 4, outChannels: 8, kernelSize: 3) }
        let bound = 1 / Float(4 * 3 * 3).squareRoot()  // kaiming_uniform_(a=√5) and the bias both give 1/√fan_in
        for tensor in [layer.weight, layer.bias!] {
            let values = try tensor.floats()
            #expect(values.allSatisfy { Swift.abs($0) <= bound }, "within ±\(bound)")
            #expect(values.contains { Swift.abs($0) > bound / 2 }, "spread over the range, not zeros")
        }
        #expect(layer.weight.shape == [8, 4, 3, 3] && layer.bias?.shape == [8])
        #expect(try Linear(inFeatures: 3, outFeatures: 2, bias: false).namedParameters().map(\.0) == ["weight"])
    }
}
