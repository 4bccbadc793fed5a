import CTorch

/// An n-dimensional array in libtorch, with autograd: PyTorch's `torch.Tensor`.
///
/// A `Tensor` owns one libtorch reference and releases it in `deinit`. Views (`unsqueeze`, `self[i]`, ...) share
/// storage with their base, as in PyTorch.
///
/// The Swift object's own state (the handle) never changes, and libtorch's reference counting is atomic, so a
/// tensor may be handed to another task; as in PyTorch, mutating one tensor from two threads at once is a race.
public final class Tensor: @unchecked Sendable {
    let handle: ct_tensor

    init(handle: ct_tensor) {
        self.handle = handle
    }

    deinit {
        ct_tensor_free(handle)
    }

    /// A tensor of `shape` holding `values` in row-major order (`torch.tensor(values).reshape(shape)`), dtype float32.
    public convenience init(_ values: [Float], shape: [Int]) throws {
        try self.init(elements: values, dtype: .float32, shape: shape)
    }

    /// A float64 tensor of `shape` holding `values` in row-major order.
    public convenience init(_ values: [Double], shape: [Int]) throws {
        try self.init(elements: values, dtype: .float64, shape: shape)
    }

    /// An int64 tensor of `shape` holding `values` in row-major order (class labels, indices).
    public convenience init(_ values: [Int64], shape: [Int]) throws {
        try self.init(elements: values, dtype: .int64, shape: shape)
    }

    /// A uint8 tensor of `shape` holding `values` in row-major order (image bytes).
    public convenience init(_ values: [UInt8], shape: [Int]) throws {
        try self.init(elements: values, dtype: .uint8, shape: shape)
    }

    /// A one-dimensional float32 tensor holding `values`.
    public convenience init(_ values: [Float]) throws {
        try self.init(values, shape: [values.count])
    }

    /// A one-dimensional int64 tensor holding `values`.
    public convenience init(_ values: [Int64]) throws {
        try self.init(values, shape: [values.count])
    }

    /// A tensor of `dtype` and `shape` from little-endian element bytes (the in-memory layout on every host
    /// libtorch runs on here).
    convenience init(rawBytes: [UInt8], dtype: DType, shape: [Int]) throws {
        guard rawBytes.count.isMultiple(of: dtype.byteCount) else {
            throw TorchError("\(rawBytes.count) bytes is not a whole number of \(dtype) elements")
        }
        try self.init(elements: rawBytes, count: rawBytes.count / dtype.byteCount, dtype: dtype, shape: shape)
    }

    private convenience init<Element>(elements: [Element], dtype: DType, shape: [Int]) throws {
        try self.init(elements: elements, count: elements.count, dtype: dtype, shape: shape)
    }

    private convenience init<Element>(elements: [Element], count: Int, dtype: DType, shape: [Int]) throws {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        var handle: ct_tensor?
        try elements.withUnsafeBytes { bytes in
            try sizes.withUnsafeBufferPointer { dims in
                try check(
                    ct_tensor_from_data(
                        bytes.baseAddress, count, dtype.code, dims.baseAddress, dims.count, &handle))
            }
        }
        guard let handle else { throw TorchError("libtorch returned no tensor") }
        self.init(handle: handle)
    }

    /// A tensor of `shape` filled with zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor { out in ct_tensor_zeros(sizes, sizes.count, dtype.code, out) }
    }

    /// A float32 tensor of `shape` drawn from N(0, 1) with the global generator (`torch.randn`).
    public static func randn(_ shape: [Int]) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor { out in ct_tensor_randn(sizes, sizes.count, out) }
    }

    /// A float32 tensor of `shape` drawn from U[0, 1) with the global generator (`torch.rand`).
    public static func rand(_ shape: [Int]) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor { out in ct_tensor_rand(sizes, sizes.count, out) }
    }

    // MARK: Metadata

    /// The size of each dimension (`tensor.shape`).
    public var shape: [Int] {
        let rank = ct_tensor_rank(handle)
        var sizes = [Int64](repeating: 0, count: rank)
        sizes.withUnsafeMutableBufferPointer { ct_tensor_sizes(handle, $0.baseAddress) }
        return sizes.map(Int.init)
    }

    /// The number of dimensions (`tensor.dim()`).
    public var rank: Int { Int(ct_tensor_rank(handle)) }

    /// The number of elements (`tensor.numel()`).
    public var count: Int { Int(ct_tensor_numel(handle)) }

    /// The element type. Types this API does not name (half, complex, ...) report as `nil`.
    public var dtype: DType? { DType(code: ct_tensor_dtype(handle)) }

    // MARK: Reading values

    /// All elements in row-major order, converted to Float.
    public func floats() throws -> [Float] { try elements(as: Float.self, dtype: .float32) }

    /// All elements in row-major order, converted to Double.
    public func doubles() throws -> [Double] { try elements(as: Double.self, dtype: .float64) }

    /// All elements in row-major order, converted to Int64 (floats truncate toward zero, as `.long()` does).
    public func int64s() throws -> [Int64] { try elements(as: Int64.self, dtype: .int64) }

    /// All elements in row-major order, converted to UInt8.
    public func bytes() throws -> [UInt8] { try elements(as: UInt8.self, dtype: .uint8) }

    /// All elements in row-major order, converted to Bool.
    public func bools() throws -> [Bool] { try elements(as: Bool.self, dtype: .bool) }

    private func elements<Element>(as type: Element.Type, dtype: DType) throws -> [Element] {
        let count = self.count
        return try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            try check(ct_tensor_copy_to(handle, dtype.code, buffer.baseAddress, count))
            initialized = count
        }
    }

    /// The elements converted to `dtype`, row-major, as their in-memory bytes.
    func rawBytes(as dtype: DType) throws -> [UInt8] {
        let count = self.count
        let byteCount = count * dtype.byteCount
        return try [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            try check(ct_tensor_copy_to(handle, dtype.code, buffer.baseAddress, count))
            initialized = byteCount
        }
    }

    /// The value of a one-element tensor (`tensor.item()`).
    public func item() throws -> Double {
        var value = 0.0
        try check(ct_tensor_item(handle, &value))
        return value
    }

    // MARK: Autograd

    /// Whether operations on this tensor are recorded for autograd (`tensor.requires_grad`).
    public var requiresGrad: Bool { ct_tensor_requires_grad(handle) }

    /// Turns autograd recording on or off for this leaf tensor (`tensor.requires_grad_(flag)`).
    @discardableResult
    public func setRequiresGrad(_ flag: Bool) throws -> Tensor {
        try check(ct_tensor_set_requires_grad(handle, flag))
        return self
    }

    /// The gradient accumulated by `backward()`, or `nil` before any (`tensor.grad`).
    public func grad() throws -> Tensor? {
        var out: ct_tensor?
        try check(ct_tensor_grad(handle, &out))
        return out.map { Tensor(handle: $0) }
    }

    /// Back-propagates from this scalar tensor into the leaves' gradients (`loss.backward()`).
    public func backward() throws {
        try check(ct_tensor_backward(handle))
    }

    /// Copies `source`'s values into this tensor in place without recording history (`with no_grad: t.copy_(s)`).
    public func copyFrom(_ source: Tensor) throws {
        try check(ct_tensor_copy_(handle, source.handle))
    }
}

extension Tensor: CustomStringConvertible {
    /// A short summary: shape and dtype, e.g. `Tensor([32, 3, 64, 64], torch.float32)`.
    public var description: String {
        "Tensor(\(shape), \(dtype.map(String.init(describing:)) ?? "unsupported dtype"))"
    }
}
