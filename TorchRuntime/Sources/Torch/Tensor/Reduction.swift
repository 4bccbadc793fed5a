import CTorch

/// How a loss combines its per-sample values, PyTorch's `reduction=` argument.
public enum Reduction: Sendable, Equatable {
    /// One value per sample (`reduction="none"`).
    case none
    /// The mean over the samples (`reduction="mean"`, PyTorch's default).
    case mean
    /// The sum over the samples (`reduction="sum"`).
    case sum

    var code: ct_reduction_mode {
        switch self {
        case .none: CT_REDUCTION_NONE
        case .mean: CT_REDUCTION_MEAN
        case .sum: CT_REDUCTION_SUM
        }
    }
}
