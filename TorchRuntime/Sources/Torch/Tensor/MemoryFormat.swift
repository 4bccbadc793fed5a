import CTorch

/// How a tensor's elements are laid out in memory (`torch.memory_format`).
///
/// The shape and the values do not depend on the layout, only the order of the elements in storage and so the
/// speed of the kernels that read them. For convolutions on the CPU, libtorch's oneDNN kernels run fastest with
/// ``channelsLast`` (no reordering of every activation before and after each convolution), as PyTorch's
/// performance guide recommends: lay the model out with ``Module/to(memoryFormat:)`` and each input batch with
/// ``Tensor/contiguous(memoryFormat:)``.
public enum MemoryFormat: Sendable, Hashable, CustomStringConvertible {
    /// Row-major in the order of the dimensions (`torch.contiguous_format`; NCHW for a batch of images).
    case contiguous
    /// Channels innermost for a 4-D tensor of shape N×C×H×W (`torch.channels_last`: NHWC in memory).
    case channelsLast

    /// PyTorch's name for the format.
    public var description: String {
        switch self {
        case .contiguous: "torch.contiguous_format"
        case .channelsLast: "torch.channels_last"
        }
    }

    var shimValue: ct_memory_format {
        switch self {
        case .contiguous: CT_MEMORY_CONTIGUOUS
        case .channelsLast: CT_MEMORY_CHANNELS_LAST
        }
    }
}

extension Tensor {
    /// This tensor laid out in `memoryFormat` (`tensor.contiguous(memory_format=...)`): the tensor itself when it
    /// already is, else a copy that autograd records. ``MemoryFormat/channelsLast`` needs a 4-D tensor.
    public func contiguous(memoryFormat: MemoryFormat = .contiguous) throws -> Tensor {
        if memoryFormat == .channelsLast, rank != 4 {
            throw TorchError.invalidArgument(
                operation: "Tensor.contiguous(memoryFormat: .channelsLast)",
                message: "needs a 4-D tensor, got shape \(shape)")
        }
        return try makeTensor("Tensor.contiguous") { ct_tensor_contiguous(handle, memoryFormat.shimValue, $0) }
    }

    /// Whether the elements are laid out in `memoryFormat` (`tensor.is_contiguous(memory_format=...)`).
    public func isContiguous(memoryFormat: MemoryFormat = .contiguous) -> Bool {
        ct_tensor_is_contiguous(handle, memoryFormat.shimValue)
    }

    /// Lays this tensor's storage out in `memoryFormat` in place, keeping its identity, values and `requiresGrad`
    /// (`param.data = param.data.contiguous(memory_format=...)`, as ``Module/to(memoryFormat:)`` does): modules
    /// and optimizers holding it follow. A tensor that is not 4-D is left as it is for
    /// ``MemoryFormat/channelsLast``, as PyTorch leaves biases and linear weights.
    public func relayoutStorage(_ memoryFormat: MemoryFormat) throws {
        try check(ct_tensor_relayout_data_(handle, memoryFormat.shimValue), "Tensor.relayout(\(memoryFormat))")
    }
}
