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
        #expect(
            throws: TorchError.shapeMismatch(
                operation: "torch.tensor", message: "shape [2, 2] does not hold 3 elements")
        ) {
            try Tensor([1, 2, 3] as [Float], shape: [2, 2])
        }
    }

    @Test func libtorchErrorsBecomeSwiftErrors() throws {
        let a = try Tensor([1, 2, 3] as [Float], shape: [3])
        let error = #expect(throws: TorchError.self) { try a[5] }
        guard case .indexOutOfRange(let operation, let message) = error else {
            Issue.record("expected indexOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(operation == "Tensor.select")
        #expect(message.contains("index 5 out of range"), "libtorch's words: \(message)")
        #expect(!message.contains("Exception raised from"), "no C++ backtrace in messages")
        #expect(error?.description == "Tensor.select: \(message)")
    }

    @Test func bytesRoundTripThroughEveryDType() throws {
        let tensor = try Tensor([1.5, -2, 3.25, 0] as [Float], shape: [2, 2])
        for dtype in [DType.float32, .float64, .int64, .int32, .uint8, .bool] {
            let converted = try tensor.to(dtype)
            let bytes = try converted.bytes(as: dtype)
            #expect(bytes.count == 4 * dtype.byteCount)
            let back = try Tensor(bytes: bytes, shape: [2, 2], dtype: dtype)
            #expect(back.dtype == dtype)
            #expect(try back.doubles() == converted.doubles(), "\(dtype)")
        }
        #expect(try Tensor(bytes: [0, 0, 128, 63], shape: [1], dtype: .float32).floats() == [1])
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
