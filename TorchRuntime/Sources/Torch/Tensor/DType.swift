import CTorch

/// A tensor's element type, named as in PyTorch (`torch.float32`, `torch.int64`, ...).
public enum DType: Sendable, Equatable, CustomStringConvertible {
    case float32
    case float64
    case int64
    case int32
    case uint8
    case bool

    init?(code: Int32) {
        switch code {
        case Int32(CT_FLOAT32.rawValue): self = .float32
        case Int32(CT_FLOAT64.rawValue): self = .float64
        case Int32(CT_INT64.rawValue): self = .int64
        case Int32(CT_INT32.rawValue): self = .int32
        case Int32(CT_UINT8.rawValue): self = .uint8
        case Int32(CT_BOOL.rawValue): self = .bool
        default: return nil
        }
    }

    var code: ct_dtype {
        switch self {
        case .float32: CT_FLOAT32
        case .float64: CT_FLOAT64
        case .int64: CT_INT64
        case .int32: CT_INT32
        case .uint8: CT_UINT8
        case .bool: CT_BOOL
        }
    }

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .uint8, .bool: 1
        }
    }

    /// PyTorch's spelling, e.g. `torch.float32`.
    public var description: String {
        switch self {
        case .float32: "torch.float32"
        case .float64: "torch.float64"
        case .int64: "torch.int64"
        case .int32: "torch.int32"
        case .uint8: "torch.uint8"
        case .bool: "torch.bool"
        }
    }
}
