import Foundation

/// A group of cooperating processes (ranks) that run collectives on libtorch's c10d engine with the Gloo backend:
/// PyTorch's default process group after `torch.distributed.init_process_group("gloo", init_method="env://")`.
///
/// Joining follows `init_process_group` of the libtorch the runtime is built against, step for step (a multi-tenant
/// TCP store hosted by rank 0, torchrun's agent store or a file store; the group's keys under `default_pg/0` in
/// PyTorch 1.13, under `default_pg/0//cpu/` in 2.x; the store barrier, always in 1.13, with
/// `TORCH_DIST_INIT_BARRIER=1` in 2.x), so Swift ranks and Python ranks of that torch version can share a group as
/// long as they issue the same collectives in the same order. Every collective blocks until it is done and fails
/// with a ``TorchError`` after the group's timeout when a peer is gone.
public final class ProcessGroup: Sendable {
    private let handle: ProcessGroupHandle

    /// This process's rank, `0 ..< worldSize`.
    public let rank: Int
    /// The number of ranks in the group.
    public let worldSize: Int
    /// How long joining and each collective may wait for the other ranks.
    public let timeout: Duration

    /// Joins the group whose TCP store listens at `masterAddress:masterPort`
    /// (``Rendezvous/tcp(host:port:agentRestartCount:)``).
    ///
    /// - Parameters:
    ///   - masterAddress: the host of the TCP store (`MASTER_ADDR`).
    ///   - masterPort: the port of the TCP store (`MASTER_PORT`).
    ///   - rank: this process's rank, `0 ..< worldSize` (`RANK`).
    ///   - worldSize: the number of ranks (`WORLD_SIZE`).
    ///   - timeout: how long joining may take in all, and each collective.
    ///   - agentRestartCount: `nil` when rank 0 hosts the store (plain env://); otherwise the store is torchrun's
    ///     agent's, every rank is its client, and this is the agent's restart count (`TORCHELASTIC_RESTART_COUNT`).
    ///   - networkInterface: the interface Gloo binds to (`GLOO_SOCKET_IFNAME`); by default the address of
    ///     `masterAddress` when it is a loopback address, else this machine's host name.
    /// - Throws: see ``init(rendezvous:rank:worldSize:timeout:networkInterface:)``.
    public convenience init(
        masterAddress: String, masterPort: Int, rank: Int, worldSize: Int, timeout: Duration = .seconds(30),
        agentRestartCount: Int? = nil, networkInterface: String? = nil
    ) throws {
        try self.init(
            rendezvous: .tcp(host: masterAddress, port: masterPort, agentRestartCount: agentRestartCount), rank: rank,
            worldSize: worldSize, timeout: timeout, networkInterface: networkInterface)
    }

    /// Joins the group that meets at `rendezvous`.
    ///
    /// Joining (connecting to the store, waiting for every other rank, the store barrier) ends within `timeout`,
    /// whatever step a missing rank holds it up at; each collective then gets `timeout` again. Gloo binds to the
    /// loopback address for a file store or a loopback master address, so a single-machine group opens nothing
    /// another machine can reach. libtorch's own log lines (c10d's connection retries) are off unless
    /// `TORCH_CPP_LOG_LEVEL` asks for them (`INFO` or `WARNING`): errors arrive as one thrown line.
    ///
    /// - Parameters:
    ///   - rendezvous: where the ranks meet.
    ///   - rank: this process's rank, `0 ..< worldSize` (`RANK`).
    ///   - worldSize: the number of ranks (`WORLD_SIZE`); at most what this process may hold sockets for (about
    ///     one per peer, three on rank 0 of a TCP store; see ``maximumWorldSize(hostingStore:)``).
    ///   - timeout: how long joining may take in all, and each collective.
    ///   - networkInterface: the interface Gloo binds to (`GLOO_SOCKET_IFNAME`); by default the loopback address for a
    ///     file store or a loopback master, else this machine's host name.
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for a bad rank, size, port or timeout, or a world
    ///   size beyond the open-file limit; ``TorchError/libtorch(operation:message:)`` when the store or a peer
    ///   cannot be reached within `timeout`.
    public init(
        rendezvous: Rendezvous, rank: Int, worldSize: Int, timeout: Duration = .seconds(30),
        networkInterface: String? = nil
    ) throws {
        let operation = "init_process_group"
        guard worldSize >= 1 else {
            throw TorchError.invalidArgument(operation: operation, message: "world size \(worldSize) is below 1")
        }
        guard (0..<worldSize).contains(rank) else {
            throw TorchError.invalidArgument(
                operation: operation, message: "rank \(rank) is outside 0..<\(worldSize)")
        }
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else {
            throw TorchError.invalidArgument(operation: operation, message: "timeout \(timeout) is not positive")
        }
        var options = ProcessGroupHandle.Options(
            masterAddress: "", masterPort: 0, rank: rank, worldSize: worldSize, timeoutMilliseconds: milliseconds,
            rankZeroHostsStore: true, agentRestartCount: 0, deviceInterface: networkInterface, deviceHostname: nil,
            storePath: nil)
        switch rendezvous {
        case .tcp(let host, let port, let restarts):
            guard let port = UInt16(exactly: port), port > 0 else {
                throw TorchError.invalidArgument(operation: operation, message: "port \(port) is not a TCP port")
            }
            if let restarts, !(0...Int(Int32.max)).contains(restarts) {
                throw TorchError.invalidArgument(
                    operation: operation, message: "restart count \(restarts) is outside 0...\(Int32.max)")
            }
            options.masterAddress = host
            options.masterPort = port
            options.rankZeroHostsStore = restarts == nil
            options.agentRestartCount = Int32(restarts ?? 0)
            let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
            options.deviceHostname = loopback ? host : nil
        case .file(let url):
            options.storePath = url.path
            options.deviceHostname = "127.0.0.1"
        }
        let hostsStore = options.rankZeroHostsStore && options.storePath == nil && rank == 0
        let limit = Self.maximumWorldSize(hostingStore: hostsStore)
        guard worldSize <= limit else {
            throw TorchError.invalidArgument(
                operation: operation,
                message: "world size \(worldSize) is more than this process can hold: about "
                    + "\(Self.filesNeeded(worldSize: worldSize, hostingStore: hostsStore)) open files (a socket per "
                    + "peer\(hostsStore ? " and per store client" : "")), but it may open \(Self.openFileLimit()) "
                    + "(ulimit -n): at most \(limit) ranks")
        }
        Self.quietLibtorchLog()
        handle = try ProcessGroupHandle(options)
        self.rank = rank
        self.worldSize = worldSize
        self.timeout = timeout
    }

    /// The variable that names the launcher a rank ends with: ``LaunchConfiguration`` sets it to its process ID.
    public static let launcherVariable = "TORCH_RUNTIME_LAUNCHER_PID"

    /// Joins the group described by torchrun's variables (`init_method="env://"`): `RANK`, `WORLD_SIZE` and where to
    /// meet (``Rendezvous/fromEnvironment(_:)``: `MASTER_ADDR` and `MASTER_PORT`, or `TORCH_RUNTIME_STORE_FILE`);
    /// `GLOO_SOCKET_IFNAME` picks Gloo's interface.
    ///
    /// A rank whose `TORCH_RUNTIME_LAUNCHER_PID` names its launcher (``LaunchConfiguration`` sets it) ends with it:
    /// the kernel kills the rank when the launcher exits, even by SIGKILL (Linux's parent-death signal), and a rank
    /// whose launcher is already gone stops at once.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` naming a missing or malformed variable; the
    ///   errors of ``init(rendezvous:rank:worldSize:timeout:networkInterface:)``.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(30)
    ) throws -> ProcessGroup {
        if let launcher = environment[launcherVariable].flatMap(Int32.init) {
            endWithLauncher(launcher)
        }
        let variables = EnvironmentVariables(environment)
        let rendezvous = try Rendezvous.fromEnvironment(environment)
        return try ProcessGroup(
            rendezvous: rendezvous, rank: try variables.integer("RANK"), worldSize: try variables.integer("WORLD_SIZE"),
            timeout: timeout, networkInterface: environment["GLOO_SOCKET_IFNAME"])
    }

    /// Whether torchrun's variables (`RANK`, `WORLD_SIZE`, and `MASTER_ADDR` with `MASTER_PORT` or
    /// `TORCH_RUNTIME_STORE_FILE`) are set.
    public static func environmentDescribesGroup(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        environment["RANK"] != nil && environment["WORLD_SIZE"] != nil && Rendezvous.isDescribed(by: environment)
    }

    /// The most ranks a group may have here: each rank holds a Gloo socket per peer, and rank 0 of a TCP store
    /// two more per rank for the store's clients; 64 files are kept for everything else. Counted against this
    /// process's open-file limit (`ulimit -n`, `RLIMIT_NOFILE`).
    public static func maximumWorldSize(hostingStore: Bool) -> Int {
        max(1, (openFileLimit() - reservedFiles) / (hostingStore ? 3 : 1))
    }

    private static let reservedFiles = 64

    private static func filesNeeded(worldSize: Int, hostingStore: Bool) -> Int {
        worldSize * (hostingStore ? 3 : 1) + reservedFiles
    }

    /// This process's open-file limit (the soft `RLIMIT_NOFILE`).
    static func openFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return min(Int(clamping: limit.rlim_cur), Int.max / 4)  // RLIM_INFINITY is the largest rlim_t
    }

    /// Turns libtorch's own log off (glog's INFO, WARNING and ERROR lines: c10d prints one per failed connection
    /// attempt) unless `TORCH_CPP_LOG_LEVEL` chose a level; the errors that matter are thrown instead.
    private static func quietLibtorchLog() {
        guard ProcessInfo.processInfo.environment["TORCH_CPP_LOG_LEVEL"] == nil else { return }
        ProcessGroupHandle.setLogLevel(3)
    }

    /// Arms the parent-death signal for the launcher `launcher`; when it is already gone, ends this process as the
    /// signal would have.
    private static func endWithLauncher(_ launcher: Int32) {
        guard ProcessGroupHandle.exitWithParent(launcher) else {
            FileHandle.standardError.write(
                Data("rank \(getpid()): its launcher (pid \(launcher)) is gone; stopping\n".utf8))
            kill(getpid(), SIGKILL)
            return
        }
    }

    /// Overwrites each tensor, in place, with `root`'s (`dist.broadcast(t, src=root)` for each, in order).
    public func broadcast(_ tensors: [Tensor], from root: Int = 0) throws {
        guard (0..<worldSize).contains(root) else {
            throw TorchError.invalidArgument(
                operation: "broadcast", message: "root \(root) is outside 0..<\(worldSize)")
        }
        try handle.broadcast(tensors, root: root)
    }

    /// Replaces each tensor, in place, with its sum over all ranks (`dist.all_reduce(t, op=ReduceOp.SUM)` for each,
    /// in order). Gloo has no average: divide by ``worldSize``.
    public func allReduceSum(_ tensors: [Tensor]) throws {
        try handle.allReduceSum(tensors)
    }

    /// Returns when every rank has called `barrier()` (`dist.barrier()`).
    public func barrier() throws {
        try handle.barrier()
    }
}
