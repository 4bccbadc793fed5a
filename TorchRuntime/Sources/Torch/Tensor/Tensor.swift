import CTorch

/// An n-dimensional array in libtorch, with autograd: PyTorch's `torch.Tensor`.
///
/// A `Tensor` owns one libtorch reference and releases it in `deinit`. Views (`unsqueeze`, `self[i]`, ...) share
/// storage with their base, as in PyTorch. `Tensor` and its extensions in this folder (the Tensor layer) are the only
/// Swift code that calls the C shim; modules, optimizers and serialization are built on them.
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

    /// A tensor of `dtype` and `shape` from its elements' little-endian bytes in row-major order (the in-memory
    /// layout on every host libtorch runs on here): `torch.frombuffer(bytes, dtype=dtype).reshape(shape)`.
    public convenience init(bytes: [UInt8], shape: [Int], dtype: DType) throws {
        guard bytes.count.isMultiple(of: dtype.byteCount) else {
            throw TorchError.invalidArgument(
                operation: "Tensor(bytes:shape:dtype:)",
                message: "\(bytes.count) bytes is not a whole number of \(dtype) elements")
        }
        try self.init(elements: bytes, count: bytes.count / dtype.byteCount, dtype: dtype, shape: shape)
    }

    private convenience init<Element>(elements: [Element], dtype: DType, shape: [Int]) throws {
        try self.init(elements: elements, count: elements.count, dtype: dtype, shape: shape)
    }

    private convenience init<Element>(elements: [Element], count: Int, dtype: DType, shape: [Int]) throws {
        Runtime.ensureDefaults()
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TorchError.invalidArgument(operation: "torch.tensor", message: "negative dimension in shape \(shape)")
        }
        guard Shapes.elementCount(shape) == count else {
            throw TorchError.shapeMismatch(
                operation: "torch.tensor", message: "shape \(shape) does not hold \(count) elements")
        }
        let sizes = shape.map(Int64.init)
        var handle: ct_tensor?
        try elements.withUnsafeBytes { bytes in
            try check(
                ct_tensor_from_data(bytes.baseAddress, count, dtype.code, sizes, sizes.count, &handle), "torch.tensor")
        }
        guard let handle else {
            throw TorchError.libtorch(operation: "torch.tensor", message: "libtorch returned no tensor")
        }
        self.init(handle: handle)
    }

    /// A tensor of `shape` filled with zeros (`torch.zeros(shape, dtype=dtype)`).
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor("torch.zeros") { out in ct_tensor_zeros(sizes, sizes.count, dtype.code, out) }
    }

    /// A tensor of `shape` whose values are not initialised (`torch.empty(shape, dtype=dtype)`), to be filled in
    /// place, e.g. by `fillUniform(from:to:)`.
    public static func empty(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor("torch.empty") { out in ct_tensor_empty(sizes, sizes.count, dtype.code, out) }
    }

    /// A float32 tensor of `shape` drawn from N(0, 1) with the global generator (`torch.randn`).
    public static func randn(_ shape: [Int]) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor("torch.randn") { out in ct_tensor_randn(sizes, sizes.count, out) }
    }

    /// A float32 tensor of `shape` drawn from U[0, 1) with the global generator (`torch.rand`).
    public static func rand(_ shape: [Int]) throws -> Tensor {
        Runtime.ensureDefaults()
        let sizes = shape.map(Int64.init)
        return try makeTensor("torch.rand") { out in ct_tensor_rand(sizes, sizes.count, out) }
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
            try check(ct_tensor_copy_to(handle, dtype.code, buffer.baseAddress, count), "Tensor.to(\(dtype))")
            initialized = count
        }
    }

    /// The elements converted to `dtype`, row-major, as their little-endian in-memory bytes: the inverse of
    /// `init(bytes:shape:dtype:)`.
    public func bytes(as dtype: DType) throws -> [UInt8] {
        let count = self.count
        let byteCount = count * dtype.byteCount
        return try [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            try check(ct_tensor_copy_to(handle, dtype.code, buffer.baseAddress, count), "Tensor.bytes(as:)")
            initialized = byteCount
        }
    }

    /// The value of a one-element tensor (`tensor.item()`).
    public func item() throws -> Double {
        var value = 0.0
        try check(ct_tensor_item(handle, &value), "Tensor.item")
        return value
    }

    // MARK: Autograd

    /// Whether operations on this tensor are recorded for autograd (`tensor.requires_grad`).
    public var requiresGrad: Bool { ct_tensor_requires_grad(handle) }

    /// Turns autograd recording on or off for this leaf tensor (`tensor.requires_grad_(flag)`).
    @discardableResult
    public func setRequiresGrad(_ flag: Bool) throws -> Tensor {
        try check(ct_tensor_set_requires_grad(handle, flag), "Tensor.requires_grad_")
        return self
    }

    /// The gradient accumulated by `backward()`, or `nil` before any (`tensor.grad`).
    public func grad() throws -> Tensor? {
        var out: ct_tensor?
        try check(ct_tensor_grad(handle, &out), "Tensor.grad")
        return out.map { Tensor(handle: $0) }
    }

    /// Back-propagates from this scalar tensor into the leaves' gradients (`loss.backward()`).
    public func backward() throws {
        try check(ct_tensor_backward(handle), "Tensor.backward")
    }

    /// Copies `source`'s values into this tensor in place without recording history (`with no_grad: t.copy_(s)`).
    public func copyFrom(_ source: Tensor) throws {
        try withExtendedLifetime(source) {
            try check(ct_tensor_copy_(handle, source.handle), "Tensor.copy_")
        }
    }

    /// Fills this tensor in place with values drawn from U[`low`, `high`) with the global generator, without
    /// recording history (`with no_grad: t.uniform_(low, high)`, as `torch.nn.init` does).
    @discardableResult
    public func fillUniform(from low: Double, to high: Double) throws -> Tensor {
        guard low.isFinite, high.isFinite, low <= high else {
            throw TorchError.invalidArgument(
                operation: "Tensor.uniform_", message: "needs finite bounds with from <= to, got \(low), \(high)")
        }
        try check(ct_tensor_uniform_(handle, low, high), "Tensor.uniform_")
        return self
    }
}

extension Tensor: CustomStringConvertible {
    /// A short summary: shape and dtype, e.g. `Tensor([32, 3, 64, 64], torch.float32)`.
    public var description: String {
        "Tensor(\(shape), \(dtype.map(String.init(describing:)) ?? "unsupported dtype"))"
    }
}
