/// Why a data-parallel launch cannot start or did not finish: each case is one line.
public enum LaunchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting is outside its range (`option` is torchrun's flag, e.g. `--nnodes`).
    case outOfRange(option: String, range: ClosedRange<Int>, value: Int)
    /// Several machines need the address of the one running rank 0.
    case missingMasterAddress(nodes: Int)
    /// A rank could not be started (the executable, a temporary folder).
    case cannotStart(String)
    /// A rank exited with an error or was killed; the launcher stopped the others.
    case rankFailed(rank: Int, processID: Int32, reason: String)
    /// The launcher got a signal (SIGTERM, SIGINT) and stopped its ranks.
    case stopped(signal: Int32)

    public var description: String {
        switch self {
        case .outOfRange(let option, let range, let value):
            "\(option) must be between \(range.lowerBound) and \(range.upperBound), got \(value)"
        case .missingMasterAddress(let nodes):
            "--nnodes \(nodes) needs --master-addr: the address of the machine of node rank 0, which hosts the store"
        case .cannotStart(let reason):
            "cannot start the ranks: \(reason)"
        case .rankFailed(let rank, let processID, let reason):
            "rank \(rank) (pid \(processID)) \(reason); the other ranks were stopped"
        case .stopped(let signal):
            "stopped by signal \(signal); the ranks were stopped"
        }
    }
}
