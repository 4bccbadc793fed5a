import Foundation

/// How a training program spreads over processes (ranks), torchrun's options, and the one call that runs it:
/// ``launch(arguments:environment:_:)`` starts this machine's ranks, joins a job as one of its ranks, or runs
/// alone.
///
/// ```swift
/// let configuration = try LaunchConfiguration(processesPerNode: 2)   // train --nproc-per-node 2
/// try configuration.launch { group in                                 // nil: one process
///     // ... build the model, wrap it in DistributedDataParallel when `group` is there, train ...
/// }
/// ```
///
/// What a job exposes:
/// - **One machine** (`nodes == 1`, no `masterAddress` or `masterPort` given, as `torchrun --standalone`): the ranks
///   meet through c10d's file store in a fresh folder only this user can open, and Gloo binds to 127.0.0.1. Nothing
///   listens on a network port, so other machines cannot reach the job, and any number of jobs run side by side.
/// - **Several machines** (`nodes > 1`, or a master address or port given): rank 0 hosts c10d's TCP store on
///   `masterPort` (default 29500) **on every interface**, and every rank listens for its Gloo peers on the address
///   that reaches `masterAddress`. A host that can reach those ports can read and change the job's keys: run such
///   jobs on a network you trust.
public struct LaunchConfiguration: Sendable, Equatable {
    /// The accepted numbers of ranks per machine and of machines.
    public static let rankCounts = 1...1024
    /// The accepted timeouts, in seconds.
    public static let timeoutSeconds = 1...86_400
    /// The TCP store's port when a multi-machine job names none (torchrun's).
    public static let defaultMasterPort = 29500

    /// Ranks started on this machine (`--nproc-per-node`); nil: no launch, this process trains alone (or is a rank
    /// started by someone else). Several machines without it start one rank each, as torchrun's default.
    public let processesPerNode: Int?
    /// Machines taking part (`--nnodes`), each starting `processesPerNode` ranks.
    public let nodes: Int
    /// This machine's number, `0 ..< nodes` (`--node-rank`): its ranks are `nodeRank * processesPerNode + 0, 1, ...`.
    public let nodeRank: Int
    /// The address of the machine of rank 0 (`--master-addr`); nil for a single-machine job.
    public let masterAddress: String?
    /// The TCP store's port (`--master-port`); nil: ``defaultMasterPort`` on several machines, no port on one.
    public let masterPort: Int?
    /// How long a rank waits for the others when joining, and for each exchange (`--dist-timeout`).
    public let timeout: Duration

    /// Checks every setting against its range; the errors name torchrun's flags.
    ///
    /// - Throws: ``LaunchError/outOfRange(option:range:value:)``, or ``LaunchError/missingMasterAddress(nodes:)``
    ///   when several machines are asked for without the address of the first.
    public init(
        processesPerNode: Int? = nil, nodes: Int = 1, nodeRank: Int = 0, masterAddress: String? = nil,
        masterPort: Int? = nil, timeout: Duration = .seconds(30)
    ) throws(LaunchError) {
        func check(_ option: String, _ value: Int, _ range: ClosedRange<Int>) throws(LaunchError) {
            guard range.contains(value) else { throw .outOfRange(option: option, range: range, value: value) }
        }
        if let processesPerNode { try check("--nproc-per-node", processesPerNode, Self.rankCounts) }
        try check("--nnodes", nodes, Self.rankCounts)
        try check("--node-rank", nodeRank, 0...(nodes - 1))
        if let masterPort { try check("--master-port", masterPort, 1...65_535) }
        try check("--dist-timeout", Int(timeout.components.seconds), Self.timeoutSeconds)
        guard nodes == 1 || !(masterAddress ?? "").isEmpty else { throw .missingMasterAddress(nodes: nodes) }
        self.processesPerNode = processesPerNode ?? (nodes > 1 ? 1 : nil)
        self.nodes = nodes
        self.nodeRank = nodeRank
        self.masterAddress = masterAddress
        self.masterPort = masterPort
        self.timeout = timeout
    }

    /// Whether the ranks meet through a private file store on this machine: one machine, and neither a master
    /// address nor a port asked for. Such a job opens no network port.
    public var isStandalone: Bool {
        nodes == 1 && masterAddress == nil && masterPort == nil
    }

    /// Runs the job, the one call a training program makes:
    ///
    /// - In a process that torchrun's variables describe as a rank (``ProcessGroup/environmentDescribesGroup(_:)``,
    ///   under `torchrun` or this launcher), joins the group and calls `body` with it. Ranks other than 0 have their
    ///   standard output sent to `/dev/null`, so a program prints once, as one process would (their standard error
    ///   stays).
    /// - With ``processesPerNode`` set, starts this machine's ranks: this executable again with `arguments`, each
    ///   with torchrun's variables (`RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `LOCAL_WORLD_SIZE`, `GROUP_RANK`, where to
    ///   meet, `OMP_NUM_THREADS=1` unless set) and `TORCH_RUNTIME_LAUNCHER_PID`, so that each rank ends when the
    ///   launcher does, even by SIGKILL. It waits for them and returns when all succeed; when one fails, it stops the
    ///   others and throws. SIGTERM or SIGINT sent to the launcher stops the ranks (SIGTERM, then SIGKILL after 5 s)
    ///   and throws. A rank that ends with ``StandardOutput/lostOutputStatus`` finished its work: the launcher
    ///   records the lost output (``StandardOutput/wasLost``) and goes on. Call it from a thread that lives until the
    ///   ranks end, as a command's `run()` on the main thread does: Linux sends the parent-death signal when the
    ///   thread that started a child exits.
    /// - Otherwise calls `body(nil)`: one process.
    ///
    /// - Parameters:
    ///   - arguments: the ranks' arguments (by default this process's own).
    ///   - environment: the environment to read and to pass on.
    ///   - body: the training, given the rank's process group or nil.
    /// - Throws: ``LaunchError`` from the launcher; the errors of joining (``ProcessGroup/fromEnvironment(_:timeout:)``)
    ///   and of `body`.
    public func launch(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment, _ body: (ProcessGroup?) throws -> Void
    ) throws {
        if ProcessGroup.environmentDescribesGroup(environment) {
            let group = try ProcessGroup.fromEnvironment(environment, timeout: timeout)
            if group.rank != 0 { StandardOutput.discard() }
            try body(group)
        } else if let processesPerNode {
            try RankLauncher(configuration: self, processesPerNode: processesPerNode)
                .run(arguments: arguments, environment: environment)
        } else {
            try body(nil)
        }
    }
}
