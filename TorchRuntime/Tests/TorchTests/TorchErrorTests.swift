import Foundation
import Testing
import Torch

/// Each kind of `TorchError`, from the place that raises it: a caller can tell a shape error from a bad index, a bad
/// argument, a libtorch failure and a file problem by the case alone.
@Suite("TorchError kinds")
struct TorchErrorTests {
    /// The case name of `error` (`shapeMismatch`, `file`, ...), for comparing kinds.
    private func kind(_ error: TorchError?) -> String {
        guard let error else { return "no error" }
        return String(String(describing: Mirror(reflecting: error).children.first?.label ?? "\(error)"))
    }

    @Test func shapeMismatchesNameTheOperationAndTheShapes() throws {
        let a = try Tensor.zeros([2, 3])
        #expect(
            throws: TorchError.shapeMismatch(
                operation: "torch.add", message: "shapes [2, 3] and [2] cannot be broadcast together")
        ) { try a.add(Tensor.zeros([2])) }
        #expect(try a.add(Tensor.zeros([3])).shape == [2, 3], "broadcasting still works")
        let cases: [(String, () throws -> Tensor)] = [
            ("torch.matmul", { try a.matmul(Tensor.zeros([2, 3])) }),
            ("torch.matmul", { try Tensor.zeros([4, 2, 3]).matmul(Tensor.zeros([3, 3, 5])) }),
            ("Tensor.reshape", { try a.reshape([4]) }),
            ("Tensor.reshape", { try a.reshape([-1, 4]) }),
            ("F.linear", { try a.linear(Tensor.zeros([4, 2])) }),
            ("F.linear", { try a.linear(Tensor.zeros([4, 3]), bias: Tensor.zeros([3])) }),
            ("F.conv2d", { try Tensor.zeros([1, 3, 2, 2]).conv2d(Tensor.zeros([4, 3, 3, 3])) }),
            ("F.conv2d", { try Tensor.zeros([3, 8]).conv2d(Tensor.zeros([4, 3, 3, 3])) }),
            ("F.max_pool2d", { try Tensor.zeros([1, 1, 1, 1]).maxPool2d(kernelSize: 2) }),
            ("F.cross_entropy", { try a.crossEntropy(Tensor([0, 1, 2] as [Int64])) }),
            ("F.nll_loss", { try a.nllLoss(Tensor([0] as [Int64])) }),
        ]
        for (operation, body) in cases {
            let error = #expect(throws: TorchError.self) { _ = try body() }
            guard case .shapeMismatch(operation, _) = error else {
                Issue.record("\(operation): expected shapeMismatch, got \(String(describing: error))")
                continue
            }
        }
        #expect(try a.matmul(Tensor.zeros([3])).shape == [2])
        #expect(try Tensor.zeros([4, 2, 3]).matmul(Tensor.zeros([1, 3, 5])).shape == [4, 2, 5])
        #expect(try a.reshape([-1]).shape == [6])
    }

    @Test func indexErrorsComeFromLibtorchsIndexError() throws {
        let logits = try Tensor.zeros([2, 3])
        for (operation, body) in [
            ("Tensor.select", { try logits.select(dim: 0, index: 2) }),
            ("Tensor.argmax", { try logits.argmax(dim: 2) }),
            ("F.cross_entropy", { try logits.crossEntropy(Tensor([0, 3] as [Int64])) }),
        ] as [(String, () throws -> Tensor)] {
            let error = #expect(throws: TorchError.self) { _ = try body() }
            guard case .indexOutOfRange(operation, let message) = error else {
                Issue.record("\(operation): expected indexOutOfRange, got \(String(describing: error))")
                continue
            }
            #expect(!message.isEmpty && !message.contains("Exception raised from"))
        }
    }

    @Test func invalidArgumentsAreCaughtBeforeLibtorch() throws {
        let image = try Tensor.zeros([1, 1, 4, 4])
        let cases: [(String, () throws -> Void)] = [
            ("Tensor(bytes:shape:dtype:)", { _ = try Tensor(bytes: [1, 2, 3], shape: [1], dtype: .float32) }),
            ("torch.tensor", { _ = try Tensor([1] as [Float], shape: [-1, -1]) }),
            ("Tensor.reshape", { _ = try image.reshape([-1, -1]) }),
            ("Tensor.uniform_", { try image.fillUniform(from: 1, to: 0) }),
            ("F.conv2d", { _ = try image.conv2d(Tensor.zeros([1, 1, 1, 1]), stride: 0) }),
            ("F.max_pool2d", { _ = try image.maxPool2d(kernelSize: 2, padding: 3) }),
            ("F.cross_entropy", { _ = try image.crossEntropy(image, labelSmoothing: 2) }),
        ]
        for (operation, body) in cases {
            let error = #expect(throws: TorchError.self) { try body() }
            guard case .invalidArgument(operation, _) = error else {
                Issue.record("\(operation): expected invalidArgument, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func otherLibtorchFailuresKeepLibtorchsMessage() throws {
        let vector = try Tensor([1, 2] as [Float]).setRequiresGrad(true)
        let error = #expect(throws: TorchError.self) { try vector.mul(2).backward() }
        #expect(
            error
                == .libtorch(
                    operation: "Tensor.backward", message: "grad can be implicitly created only for scalar outputs"))
        #expect(error?.description == "Tensor.backward: grad can be implicitly created only for scalar outputs")
    }

    @Test func fileProblemsSayWhatIsWrongWithTheFile() throws {
        let corrupt = TorchError.file(path: "/m.pth", .corrupt("not a readable PyTorch zip archive (no zip signature)"))
        #expect(corrupt.description == "/m.pth: not a readable PyTorch zip archive (no zip signature)")
        #expect(corrupt != .file(path: "/m.pth", .unsupported(corrupt.message)))
        #expect(throws: TorchError.file(path: "bytes", .corrupt("not a readable PyTorch zip archive (file too short)")))
        {
            try StateDict(data: Data([0x50, 0x4B]), describedAs: "bytes")
        }
    }
}
