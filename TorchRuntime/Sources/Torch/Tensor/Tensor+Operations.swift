import CTorch

// PyTorch's tensor methods. Dimensions may be negative (counted from the end), as in PyTorch.
extension Tensor {
    /// The sub-tensor at `index` along the first dimension (`tensor[i]`), a view sharing storage.
    public subscript(index: Int) -> Tensor {
        get throws { try select(dim: 0, index: index) }
    }

    /// The sub-tensor at `index` along `dim` (`tensor.select(dim, index)`).
    public func select(dim: Int, index: Int) throws -> Tensor {
        try makeTensor("Tensor.select") { ct_tensor_select(handle, Int64(dim), Int64(index), $0) }
    }

    /// `length` elements along `dim` starting at `start` (`tensor.narrow(dim, start, length)`).
    public func narrow(dim: Int, start: Int, length: Int) throws -> Tensor {
        try makeTensor("Tensor.narrow") { ct_tensor_narrow(handle, Int64(dim), Int64(start), Int64(length), $0) }
    }

    /// The same elements with a new shape; one dimension may be -1 (`tensor.reshape(shape)`).
    public func reshape(_ shape: [Int]) throws -> Tensor {
        try Shapes.checkReshape(shape, count: count, from: self.shape)
        let sizes = shape.map(Int64.init)
        return try makeTensor("Tensor.reshape") { ct_tensor_reshape(handle, sizes, sizes.count, $0) }
    }

    /// Merges dimensions `startDim...endDim` into one (`tensor.flatten(start_dim, end_dim)`).
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        try makeTensor("Tensor.flatten") { ct_tensor_flatten(handle, Int64(startDim), Int64(endDim), $0) }
    }

    /// Inserts a dimension of size 1 at `dim` (`tensor.unsqueeze(dim)`).
    public func unsqueeze(_ dim: Int) throws -> Tensor {
        try makeTensor("Tensor.unsqueeze") { ct_tensor_unsqueeze(handle, Int64(dim), $0) }
    }

    /// Removes dimension `dim` if its size is 1 (`tensor.squeeze(dim)`).
    public func squeeze(_ dim: Int) throws -> Tensor {
        try makeTensor("Tensor.squeeze") { ct_tensor_squeeze(handle, Int64(dim), $0) }
    }

    /// Reorders the dimensions (`tensor.permute(dims)`), a view.
    public func permute(_ dims: [Int]) throws -> Tensor {
        let order = dims.map(Int64.init)
        return try makeTensor("Tensor.permute") { ct_tensor_permute(handle, order, order.count, $0) }
    }

    /// A copy converted to `dtype` (`tensor.to(dtype)`).
    public func to(_ dtype: DType) throws -> Tensor {
        try makeTensor("Tensor.to") { ct_tensor_to_dtype(handle, dtype.code, $0) }
    }

    /// The same values cut from the autograd graph (`tensor.detach()`).
    public func detach() throws -> Tensor {
        try makeTensor("Tensor.detach") { ct_tensor_detach(handle, $0) }
    }

    /// A copy with its own storage (`tensor.clone()`).
    public func clone() throws -> Tensor {
        try makeTensor("Tensor.clone") { ct_tensor_clone(handle, $0) }
    }

    /// Concatenates `tensors` along `dim` (`torch.cat`).
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        try withHandles(tensors) { handles in
            try makeTensor("torch.cat") { ct_tensor_cat(handles.baseAddress, handles.count, Int64(dim), $0) }
        }
    }

    /// Stacks `tensors` along a new dimension `dim` (`torch.stack`).
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        try withHandles(tensors) { handles in
            try makeTensor("torch.stack") { ct_tensor_stack(handles.baseAddress, handles.count, Int64(dim), $0) }
        }
    }

    // MARK: Arithmetic

    private func binary(_ op: ct_binary_op, _ other: Tensor, _ operation: String) throws -> Tensor {
        if op == CT_MATMUL {
            try Shapes.checkMatmul(shape, other.shape)
        } else {
            try Shapes.checkBroadcast(shape, other.shape, operation)
        }
        return try withExtendedLifetime(other) {
            try makeTensor(operation) { ct_tensor_binary(op, handle, other.handle, $0) }
        }
    }

    private func binary(_ op: ct_binary_op, _ scalar: Double, _ operation: String) throws -> Tensor {
        try makeTensor(operation) { ct_tensor_binary_scalar(op, handle, scalar, $0) }
    }

    private func unary(_ op: ct_unary_op, _ operation: String) throws -> Tensor {
        try makeTensor(operation) { ct_tensor_unary(op, handle, $0) }
    }

    /// Element-wise sum with broadcasting (`a + b`).
    public func add(_ other: Tensor) throws -> Tensor { try binary(CT_ADD, other, "torch.add") }
    /// Element-wise difference with broadcasting (`a - b`).
    public func sub(_ other: Tensor) throws -> Tensor { try binary(CT_SUB, other, "torch.sub") }
    /// Element-wise product with broadcasting (`a * b`).
    public func mul(_ other: Tensor) throws -> Tensor { try binary(CT_MUL, other, "torch.mul") }
    /// Element-wise true division with broadcasting (`a / b`).
    public func div(_ other: Tensor) throws -> Tensor { try binary(CT_DIV, other, "torch.div") }
    /// Matrix product (`a @ b`).
    public func matmul(_ other: Tensor) throws -> Tensor { try binary(CT_MATMUL, other, "torch.matmul") }
    /// Element-wise maximum (`torch.maximum`).
    public func maximum(_ other: Tensor) throws -> Tensor { try binary(CT_MAXIMUM, other, "torch.maximum") }
    /// Element-wise minimum (`torch.minimum`).
    public func minimum(_ other: Tensor) throws -> Tensor { try binary(CT_MINIMUM, other, "torch.minimum") }
    /// Element-wise equality, a bool tensor (`a == b`, `a.eq(b)`).
    public func eq(_ other: Tensor) throws -> Tensor { try binary(CT_EQ, other, "torch.eq") }

    /// Adds a scalar (`a + s`).
    public func add(_ scalar: Double) throws -> Tensor { try binary(CT_ADD, scalar, "torch.add") }
    /// Subtracts a scalar (`a - s`).
    public func sub(_ scalar: Double) throws -> Tensor { try binary(CT_SUB, scalar, "torch.sub") }
    /// Multiplies by a scalar (`a * s`).
    public func mul(_ scalar: Double) throws -> Tensor { try binary(CT_MUL, scalar, "torch.mul") }
    /// Divides by a scalar (`a / s`).
    public func div(_ scalar: Double) throws -> Tensor { try binary(CT_DIV, scalar, "torch.div") }
    /// Element-wise equality with a scalar, a bool tensor (`a == s`).
    public func eq(_ scalar: Double) throws -> Tensor { try binary(CT_EQ, scalar, "torch.eq") }

    /// `-a`.
    public func neg() throws -> Tensor { try unary(CT_NEG, "torch.neg") }
    /// `a.exp()`.
    public func exp() throws -> Tensor { try unary(CT_EXP, "torch.exp") }
    /// `a.log()`.
    public func log() throws -> Tensor { try unary(CT_LOG, "torch.log") }
    /// `a.sqrt()`.
    public func sqrt() throws -> Tensor { try unary(CT_SQRT, "torch.sqrt") }
    /// `a.abs()`.
    public func abs() throws -> Tensor { try unary(CT_ABS, "torch.abs") }
    /// `a.relu()` (`F.relu`).
    public func relu() throws -> Tensor { try unary(CT_RELU, "torch.relu") }
    /// `a.sigmoid()`.
    public func sigmoid() throws -> Tensor { try unary(CT_SIGMOID, "torch.sigmoid") }
    /// `a.tanh()`.
    public func tanh() throws -> Tensor { try unary(CT_TANH, "torch.tanh") }

    // MARK: Reductions

    private func reduce(_ reduction: ct_reduction, dim: Int?, keepDim: Bool, _ operation: String) throws -> Tensor {
        if let dim {
            return try makeTensor(operation) { ct_tensor_reduce_dim(reduction, handle, Int64(dim), keepDim, $0) }
        }
        return try makeTensor(operation) { ct_tensor_reduce(reduction, handle, $0) }
    }

    /// The sum of all elements (`a.sum()`), or along `dim` (`a.sum(dim, keepdim)`).
    public func sum(dim: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(CT_SUM, dim: dim, keepDim: keepDim, "Tensor.sum")
    }

    /// The mean of all elements (`a.mean()`), or along `dim`.
    public func mean(dim: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(CT_MEAN, dim: dim, keepDim: keepDim, "Tensor.mean")
    }

    /// The largest element (`a.max()`), or the largest values along `dim` (`a.max(dim).values`).
    public func max(dim: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(CT_MAX, dim: dim, keepDim: keepDim, "Tensor.max")
    }

    /// The smallest element (`a.min()`), or the smallest values along `dim` (`a.min(dim).values`).
    public func min(dim: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(CT_MIN, dim: dim, keepDim: keepDim, "Tensor.min")
    }

    /// The indices of the largest values along `dim`, an int64 tensor (`a.argmax(dim)`).
    public func argmax(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try makeTensor("Tensor.argmax") { ct_tensor_argmax(handle, Int64(dim), keepDim, $0) }
    }

    /// Softmax along `dim` (`a.softmax(dim)`, `torch.softmax(a, dim=dim)`).
    public func softmax(dim: Int) throws -> Tensor {
        try makeTensor("Tensor.softmax") { ct_tensor_softmax(handle, Int64(dim), $0) }
    }

    /// Log-softmax along `dim` (`a.log_softmax(dim)`).
    public func logSoftmax(dim: Int) throws -> Tensor {
        try makeTensor("Tensor.log_softmax") { ct_tensor_log_softmax(handle, Int64(dim), $0) }
    }
}
