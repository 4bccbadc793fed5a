/// How a conversion ended; its raw value is the command line's exit status.
public enum ConversionStatus: Int32, Sendable, Equatable {
    /// Everything took effect (or `--check` found every file up to date).
    case success = 0
    /// `--check` found stale, missing or orphaned files.
    case checkFailed = 1
    /// A usage or input error (an unreadable input, two notebooks claiming one file, a rejected cell without
    /// `--allow-errors`, a failed write): nothing was written, or the write stopped at the file named.
    case failed = 2
    /// With `--allow-errors`, some cells or inputs were rejected and everything else took effect.
    case partial = 3
}
