import Testing
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
        let error = #expect(throws: TorchError.self) { try Empty()(Tensor([1] as [Float])) }
        #expect(error?.message.contains("does not implement forward") == true)
    }

    @Test func invalidLayerArgumentsThrow() {
        #expect(throws: TorchError.self) { try Conv2d(inChannels: 0, outChannels: 2, kernelSize: 3) }
        #expect(throws: TorchError.self) { try Linear(inFeatures: 2, outFeatures: -1) }
        #expect(throws: TorchError.self) { try MaxPool2d(kernelSize: 0) }
        #expect(throws: TorchError.self) { try Adam([], lr: 0.1) }
    }

    @Test func shapeErrorsInForwardAreThrownNotCrashes() throws {
        let layer = try withGlobalGenerator { try Linear(inFeatures: 4, outFeatures: 2) }
        let error = #expect(throws: TorchError.self) { try layer(Tensor([1, 2, 3] as [Float], shape: [1, 3])) }
        #expect(error?.message.contains("shapes cannot be multiplied") == true)
    }
}
