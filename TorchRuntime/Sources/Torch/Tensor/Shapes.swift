/// PyTorch's shape rules, checked before an operation so that operands that do not fit are a
/// `TorchError.shapeMismatch` naming the shapes, rather than one of libtorch's many phrasings.
enum Shapes {
    /// The number of elements of `shape`, or `nil` when a size is negative or the product overflows.
    static func elementCount(_ shape: [Int]) -> Int? {
        var product = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (value, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            product = value
        }
        return product
    }

    /// The broadcast shape of `a` and `b` (NumPy's rule: sizes aligned from the right must be equal or 1), or `nil`.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result: [Int] = []
        result.reserveCapacity(rank)
        for offset in (0..<rank).reversed() {
            let x = offset < a.count ? a[a.count - 1 - offset] : 1
            let y = offset < b.count ? b[b.count - 1 - offset] : 1
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(x == 1 ? y : x)
        }
        return result
    }

    /// Throws unless `a` and `b` broadcast together.
    static func checkBroadcast(_ a: [Int], _ b: [Int], _ operation: String) throws(TorchError) {
        guard broadcast(a, b) != nil else {
            throw .shapeMismatch(operation: operation, message: "shapes \(a) and \(b) cannot be broadcast together")
        }
    }

    /// Throws unless `a @ b` is defined (`torch.matmul`: 1-D and 2-D operands, batched operands broadcast).
    static func checkMatmul(_ a: [Int], _ b: [Int]) throws(TorchError) {
        func fail(_ why: String) -> TorchError {
            .shapeMismatch(operation: "torch.matmul", message: "shapes \(a) and \(b) cannot be multiplied (\(why))")
        }
        guard !a.isEmpty, !b.isEmpty else { throw fail("both operands need at least one dimension") }
        let inner = b.count == 1 ? b[0] : b[b.count - 2]
        guard a[a.count - 1] == inner else { throw fail("\(a[a.count - 1]) against \(inner)") }
        let batchA = Array(a.dropLast(a.count >= 2 ? 2 : 1))
        let batchB = Array(b.dropLast(b.count >= 2 ? 2 : 1))
        guard broadcast(batchA, batchB) != nil else { throw fail("batch dimensions do not broadcast") }
    }

    /// Throws unless a tensor of `count` elements can be viewed as `shape` (one size may be -1).
    static func checkReshape(_ shape: [Int], count: Int, from original: [Int]) throws(TorchError) {
        let inferred = shape.filter { $0 == -1 }.count
        guard inferred <= 1, shape.allSatisfy({ $0 >= -1 }) else {
            throw .invalidArgument(
                operation: "Tensor.reshape", message: "shape \(shape) has a size below -1 or more than one -1")
        }
        let known = elementCount(shape.filter { $0 != -1 })
        let fits: Bool
        if inferred == 1 {
            fits = known.map { $0 > 0 && count.isMultiple(of: $0) } ?? false
        } else {
            fits = known == count
        }
        guard fits else {
            throw .shapeMismatch(
                operation: "Tensor.reshape", message: "shape \(shape) is invalid for a tensor of shape \(original)")
        }
    }
}
