import CTorch

/// Where a tensor's storage lives, PyTorch's `torch.device`: the CPU or one CUDA GPU.
///
/// Parse one from the strings PyTorch accepts for these two types, `"cpu"`, `"cuda"` and `"cuda:1"`:
///
/// ```swift
/// let device = try Device("cuda:1")   // .cuda(1)
/// try model.to(device)                // fails with the reason where CUDA is not available
/// ```
public enum Device: Hashable, Sendable, CustomStringConvertible {
    /// The CPU (`torch.device("cpu")`).
    case cpu
    /// The CUDA GPU with this index (`torch.device("cuda", index)`); `.cuda()` is GPU 0.
    case cuda(Int = 0)

    /// Parses `"cpu"`, `"cuda"` (GPU 0) or `"cuda:N"`; anything else (`"tpu"`, `"cuda:x"`, `"cuda:-1"`) is
    /// `TorchError.invalidArgument` with a one-line message.
    public init(_ string: String) throws {
        let digits = string.hasPrefix("cuda:") ? string.dropFirst(5) : ""
        if string == "cpu" {
            self = .cpu
        } else if string == "cuda" {
            self = .cuda(0)
        } else if !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let index = Int(digits) {
            self = .cuda(index)
        } else {
            throw TorchError.invalidArgument(
                operation: "torch.device",
                message: "unknown device \"\(string)\": expected cpu, cuda or cuda:N (N a GPU index from 0)")
        }
    }

    /// PyTorch's spelling: `cpu`, `cuda:0`.
    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let index): "cuda:\(index)"
        }
    }

    /// Whether this is a CUDA device.
    public var isCUDA: Bool {
        if case .cuda = self { true } else { false }
    }

    /// Throws `TorchError.deviceUnavailable` naming the reason unless tensors can be placed on this device here:
    /// the CPU always; a CUDA GPU only with a CUDA build of libtorch and that GPU present.
    public func checkAvailable() throws {
        guard case .cuda(let index) = self else { return }
        if let reason = CUDA.unavailability(index: index) {
            throw TorchError.deviceUnavailable(device: description, reason: reason)
        }
    }

    var shimValue: ct_device {
        switch self {
        case .cpu: ct_device(type: CT_DEVICE_CPU, index: -1)
        case .cuda(let index): ct_device(type: CT_DEVICE_CUDA, index: Int32(clamping: index))
        }
    }

    init(shimValue: ct_device) {
        self = shimValue.type == CT_DEVICE_CUDA ? .cuda(Int(shimValue.index)) : .cpu
    }
}

/// libtorch's CUDA backend as seen from this process, PyTorch's `torch.cuda`: reached as `Torch.cuda`.
public struct CUDA: Sendable {
    /// Whether this libtorch was built with CUDA and its CUDA library is loaded (`torch.backends.cuda.is_built()`).
    public func isBuilt() -> Bool { ct_cuda_is_built() }

    /// Whether a CUDA GPU can be used (`torch.cuda.is_available()`): a CUDA build of libtorch and at least one GPU.
    public func isAvailable() -> Bool { deviceCount() > 0 }

    /// The number of CUDA GPUs visible (`torch.cuda.device_count()`); 0 without a CUDA build or without a GPU.
    public func deviceCount() -> Int { Int(ct_cuda_device_count()) }

    /// Seeds the generator of every GPU (`torch.cuda.manual_seed_all(seed)`); does nothing without GPUs.
    public func manualSeedAll(_ seed: UInt64) throws {
        try check(ct_cuda_manual_seed_all(seed), "torch.cuda.manual_seed_all")
    }

    /// Why `cuda:index` cannot be used here, or `nil` when it can.
    static func unavailability(index: Int) -> String? {
        guard ct_cuda_is_built() else {
            return "this libtorch (\(torchVersion)) has no CUDA support (a CPU-only build, or libtorch_cuda not linked)"
        }
        let count = Int(ct_cuda_device_count())
        guard count > 0 else { return "no CUDA GPU is visible (libtorch \(torchVersion) has CUDA, the machine no GPU)" }
        guard index < count else {
            return "GPU \(index) does not exist (\(count) visible: cuda:0 to cuda:\(count - 1))"
        }
        return nil
    }
}

/// libtorch's CUDA backend (`torch.cuda`): `Torch.cuda.isAvailable()`, `Torch.cuda.deviceCount()`,
/// `Torch.cuda.manualSeedAll(_:)`.
public let cuda = CUDA()

/// The version of libtorch the runtime was compiled against (`torch.__version__`, without a local suffix), e.g.
/// `1.13.1`.
public var torchVersion: String { String(cString: ct_torch_version()) }
