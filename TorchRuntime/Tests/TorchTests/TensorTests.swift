import Testing
import Torch

@Suite("Tensor basics")
struct TensorTests {
    @Test func createsFromFloatsAndReadsBack() throws {
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        let tensor = try Tensor(values, shape: [2, 3])
        #expect(tensor.shape == [2, 3])
        #expect(tensor.dtype == .float32)
        #expect(tensor.count == 6)
        #expect(try tensor.floats() == values)
        #expect(try tensor[1].floats() == [4, 5, 6])
        #expect(try tensor[1][2].item() == 6)
    }

    @Test func createsFromInt64s() throws {
        let tensor = try Tensor([3, -1, 7] as [Int64], shape: [3])
        #expect(tensor.dtype == .int64)
        #expect(try tensor.int64s() == [3, -1, 7])
        #expect(try tensor.floats() == [3, -1, 7])
    }

    @Test func rejectsAShapeThatDoesNotMatchTheValues() {
        #expect(throws: TorchError.self) { try Tensor([1, 2, 3] as [Float], shape: [2, 2]) }
    }

    @Test func libtorchErrorsBecomeSwiftErrors() throws {
        let a = try Tensor([1, 2, 3] as [Float], shape: [3])
        let b = try Tensor([1, 2] as [Float], shape: [2])
        let error = #expect(throws: TorchError.self) { try a.add(b) }
        #expect(error?.message.contains("size of tensor a (3) must match") == true)
        #expect(!(error?.message.contains("Exception raised from") ?? true), "no C++ backtrace in messages")
        #expect(throws: TorchError.self) { try a[5] }
    }

    @Test func argmaxSoftmaxSumEq() throws {
        let logits = try Tensor([1, 3, 2, 0, -1, 5] as [Float], shape: [2, 3])
        #expect(try logits.argmax(dim: 1).int64s() == [1, 2])
        let probabilities = try logits.softmax(dim: 1)
        let rowSums = try probabilities.sum(dim: 1).floats()
        #expect(rowSums.allSatisfy { Swift.abs($0 - 1) < 1e-6 })
        let same = try logits.argmax(dim: 1).eq(Tensor([1, 0] as [Int64]))
        #expect(try same.bools() == [true, false])
        #expect(try same.sum().item() == 1)
        #expect(try logits.unsqueeze(0).shape == [1, 2, 3])
    }

    @Test func noGradTurnsRecordingOffAndRestoresIt() throws {
        let before = Torch.isGradEnabled
        let inside = noGrad { Torch.isGradEnabled }
        let after = Torch.isGradEnabled
        #expect(before && !inside && after)
        struct Failure: Error {}
        #expect(throws: Failure.self) { try noGrad { throw Failure() } }
        let afterThrow = Torch.isGradEnabled
        #expect(afterThrow)
    }
}
