import Foundation
import Testing
import TinyVGGFixture
import Torch

@Suite("Memory formats")
struct MemoryFormatTests {
    @Test func channelsLastKeepsShapeAndValuesAndChangesTheLayout() throws {
        let values = (0..<(2 * 3 * 4 * 5)).map(Float.init)
        let tensor = try Tensor(values, shape: [2, 3, 4, 5])
        #expect(tensor.isContiguous() && !tensor.isContiguous(memoryFormat: .channelsLast))

        let channelsLast = try tensor.contiguous(memoryFormat: .channelsLast)
        #expect(channelsLast.shape == [2, 3, 4, 5])
        #expect(channelsLast.isContiguous(memoryFormat: .channelsLast) && !channelsLast.isContiguous())
        // Reading gives the logical (row-major NCHW) order whatever the layout.
        #expect(try channelsLast.floats() == values)
        // NHWC in memory: the permuted view of a channels-last tensor is row-major.
        #expect(try channelsLast.permute([0, 2, 3, 1]).isContiguous())

        let back = try channelsLast.contiguous()
        #expect(back.isContiguous())
        #expect(try back.floats() == values)
    }

    @Test func channelsLastNeedsFourDimensions() throws {
        let error = #expect(throws: TorchError.self) {
            _ = try Tensor.zeros([3, 4, 5]).contiguous(memoryFormat: .channelsLast)
        }
        guard case .invalidArgument(let operation, let message) = error else {
            Issue.record("expected invalidArgument, got \(String(describing: error))")
            return
        }
        #expect(operation == "Tensor.contiguous(memoryFormat: .channelsLast)")
        #expect(message.contains("[3, 4, 5]"))
    }

    @Test func gradientsFlowThroughARelayout() throws {
        let input = try Tensor.rand([1, 2, 3, 3]).setRequiresGrad(true)
        let weights = try Tensor((0..<18).map { Float($0) / 10 }, shape: [1, 2, 3, 3])
        try input.contiguous(memoryFormat: .channelsLast).mul(weights).sum().backward()
        let grad = try #require(try input.grad())
        #expect(try grad.floats() == (try weights.floats()))
    }

    @Test func moduleRelayoutKeepsParametersAndValues() throws {
        let model = try withGlobalGenerator {
            Torch.manualSeed(7)
            return try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3)
        }
        let parameters = model.parameters()
        let before = try parameters.map { try $0.floats() }
        try model.to(memoryFormat: .channelsLast)
        let after = model.parameters()
        #expect(zip(parameters, after).allSatisfy { $0 === $1 })
        #expect(try after.map { try $0.floats() } == before)
        for (name, parameter) in model.namedParameters() {
            // 4-D convolution weights change layout; biases and the linear weight stay as they are.
            if parameter.rank == 4 {
                #expect(parameter.isContiguous(memoryFormat: .channelsLast) && !parameter.isContiguous(), "\(name)")
            } else {
                #expect(parameter.isContiguous(), "\(name)")
            }
            #expect(parameter.requiresGrad, "\(name)")
        }
    }

    @Test func aChannelsLastModelSavesTheSameFileAsAContiguousOne() throws {
        let (contiguous, channelsLast) = try withGlobalGenerator {
            Torch.manualSeed(11)
            let first = try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3)
            Torch.manualSeed(11)
            let second = try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3)
            return (first, try second.to(memoryFormat: .channelsLast))
        }
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The same file name in two folders: PyTorch's archive names its top folder after the file.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("a"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("b"), withIntermediateDirectories: false)
        let first = folder.appendingPathComponent("a/model.pth")
        let second = folder.appendingPathComponent("b/model.pth")
        try contiguous.stateDict().save(to: first)
        try channelsLast.stateDict().save(to: second)
        #expect(try Data(contentsOf: first) == (try Data(contentsOf: second)))

        // Loading into a channels-last model keeps its layout.
        try channelsLast.loadStateDict(StateDict(contentsOf: first))
        #expect(channelsLast.convBlock1[0].parameters()[0].isContiguous(memoryFormat: .channelsLast))
    }

    /// Training in channels-last order computes the same thing as in the default order: with one thread the same
    /// kernels' arithmetic gives the same losses to float rounding.
    @Test func trainingStepsAgreeAcrossLayouts() throws {
        func losses(_ memoryFormat: MemoryFormat) throws -> [Double] {
            let (model, inputs, labels) = try withGlobalGenerator {
                Torch.manualSeed(3)
                let model = try TinyVGG(inputShape: 3, hiddenUnits: 6, outputShape: 3)
                return (model, try Tensor.rand([8, 3, 64, 64]), try Tensor([0, 1, 2, 0, 1, 2, 0, 1] as [Int64]))
            }
            try model.to(memoryFormat: memoryFormat)
            let optimizer = try Adam(model.parameters(), lr: 0.01)
            let loss = CrossEntropyLoss()
            let batch = memoryFormat == .channelsLast ? try inputs.contiguous(memoryFormat: .channelsLast) : inputs
            return try (0..<4).map { _ in
                try optimizer.zeroGrad()
                let value = try loss(model(batch), labels)
                try value.backward()
                try optimizer.step()
                return try value.item()
            }
        }
        let reference = try losses(.contiguous)
        let relaidOut = try losses(.channelsLast)
        for (a, b) in zip(reference, relaidOut) {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(a)), "\(reference) vs \(relaidOut)")
        }
    }
}
