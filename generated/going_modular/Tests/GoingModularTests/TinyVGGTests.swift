import ModelBuilder
import Testing
import Torch

extension GoingModularTests {
    @Suite struct TinyVGGTests {
        @Test func outputsOneLogitPerClassForEachImage() throws {
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
            let logits = try model(try Tensor.rand([2, 3, 64, 64]))
            #expect(logits.shape == [2, 3])
        }

        @Test func parametersCarryPyTorchNamesAndShapes() throws {
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
            let named = model.namedParameters().map { ($0.0, $0.1.shape) }
            // PyTorch's TinyVGG: nn.Sequential children are numbered; ReLU and MaxPool2d have no parameters.
            let expected: [(String, [Int])] = [
                ("conv_block_1.0.weight", [10, 3, 3, 3]), ("conv_block_1.0.bias", [10]),
                ("conv_block_1.2.weight", [10, 10, 3, 3]), ("conv_block_1.2.bias", [10]),
                ("conv_block_2.0.weight", [10, 10, 3, 3]), ("conv_block_2.0.bias", [10]),
                ("conv_block_2.2.weight", [10, 10, 3, 3]), ("conv_block_2.2.bias", [10]),
                ("classifier.1.weight", [3, 1690]), ("classifier.1.bias", [3]),
            ]
            #expect(named.map(\.0) == expected.map(\.0))
            #expect(named.map(\.1) == expected.map(\.1))
        }

        @Test func classifierWidthFollowsHiddenUnits() throws {
            let model = try TinyVGG(inputShape: 1, hiddenUnits: 4, outputShape: 5)
            let classifierWeight = model.namedParameters().first { $0.0 == "classifier.1.weight" }?.1
            #expect(classifierWeight?.shape == [5, 4 * 13 * 13])
            #expect(try model(try Tensor.rand([1, 1, 64, 64])).shape == [1, 5])
        }

        @Test func rejectsImagesOfTheWrongSize() throws {
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
            #expect(throws: (any Error).self) { try model(try Tensor.rand([1, 3, 32, 32])) }
        }
    }
}
