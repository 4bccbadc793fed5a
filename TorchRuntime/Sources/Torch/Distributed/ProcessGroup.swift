import Foundation

/// A group of cooperating processes (ranks) that run collectives on libtorch's c10d engine with the Gloo backend:
/// PyTorch's default process group after `torch.distributed.init_process_group("gloo", init_method="env://")`.
///
/// Joining follows PyTorch 1.13 step for step (a multi-tenant TCP store hosted by rank 0, the group under the key
/// prefixes `default_pg` and `0`, the store barrier, the sequence number), so Swift and Python ranks can share a
/// group as long as they issue the same collectives in the same order. Every collective blocks until it is done and
/// fails with a ``TorchError`` after the group's timeout when a peer is gone.
public final class ProcessGroup: Sendable {
    private let handle: ProcessGroupHandle

    /// This process's rank, `0 ..< worldSize`.
    public let rank: Int
    /// The number of ranks in the group.
    public let worldSize: Int
    /// How long joining and each collective may wait for the other ranks.
    public let timeout: Duration

    /// Joins the group whose TCP store listens at `masterAddress:masterPort`.
    ///
    /// - Parameters:
    ///   - masterAddress: the host of the TCP store (`MASTER_ADDR`).
    ///   - masterPort: the port of the TCP store (`MASTER_PORT`).
    ///   - rank: this process's rank, `0 ..< worldSize` (`RANK`).
    ///   - worldSize: the number of ranks (`WORLD_SIZE`).
    ///   - timeout: how long joining and each collective may wait for the other ranks.
    ///   - storeKeyPrefix: `nil` when rank 0 hosts the store (plain env://); otherwise the store belongs to a launcher
    ///     (torchrun's agent), every rank is its client, and keys live under this prefix.
    ///   - networkInterface: the interface Gloo binds to (`GLOO_SOCKET_IFNAME`); by default the address of
    ///     `masterAddress` when it is a loopback address, else this machine's host name.
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for a bad rank or size,
    ///   ``TorchError/libtorch(operation:message:)`` when the store or a peer cannot be reached within `timeout`.
    public init(
        masterAddress: String, masterPort: Int, rank: Int, worldSize: Int, timeout: Duration = .seconds(30),
        storeKeyPrefix: String? = nil, networkInterface: String? = nil
    ) throws {
        let operation = "init_process_group"
        guard worldSize >= 1 else {
            throw TorchError.invalidArgument(operation: operation, message: "world size \(worldSize) is below 1")
        }
        guard (0..<worldSize).contains(rank) else {
            throw TorchError.invalidArgument(
                operation: operation, message: "rank \(rank) is outside 0..<\(worldSize)")
        }
        guard let port = UInt16(exactly: masterPort), port > 0 else {
            throw TorchError.invalidArgument(operation: operation, message: "port \(masterPort) is not a TCP port")
        }
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else {
            throw TorchError.invalidArgument(operation: operation, message: "timeout \(timeout) is not positive")
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(masterAddress)
        handle = try ProcessGroupHandle(
            .init(
                masterAddress: masterAddress, masterPort: port, rank: rank, worldSize: worldSize,
                timeoutMilliseconds: milliseconds, rankZeroHostsStore: storeKeyPrefix == nil, keyPrefix: storeKeyPrefix,
                deviceInterface: networkInterface, deviceHostname: loopback ? masterAddress : nil))
        self.rank = rank
        self.worldSize = worldSize
        self.timeout = timeout
    }

    /// Joins the group described by torchrun's variables (`init_method="env://"`): `MASTER_ADDR`, `MASTER_PORT`,
    /// `RANK`, `WORLD_SIZE`; with `TORCHELASTIC_USE_AGENT_STORE=True` the store is the agent's and keys live under
    /// `/worker/attempt_<TORCHELASTIC_RESTART_COUNT>`; `GLOO_SOCKET_IFNAME` picks Gloo's interface.
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` naming a missing or malformed variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(30)
    ) throws -> ProcessGroup {
        let operation = "init_process_group(env://)"
        func value(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw TorchError.invalidArgument(
                    operation: operation, message: "environment variable \(name) is not set")
            }
            return value
        }
        func integer(_ name: String) throws -> Int {
            let text = try value(name)
            guard let number = Int(text) else {
                throw TorchError.invalidArgument(
                    operation: operation, message: "environment variable \(name)=\(text) is not an integer")
            }
            return number
        }
        let address = try value("MASTER_ADDR")
        let port = try integer("MASTER_PORT")
        let rank = try integer("RANK")
        let worldSize = try integer("WORLD_SIZE")
        var prefix: String?
        if environment["TORCHELASTIC_USE_AGENT_STORE"] == "True" {
            prefix = "/worker/attempt_\(try integer("TORCHELASTIC_RESTART_COUNT"))"
        }
        return try ProcessGroup(
            masterAddress: address, masterPort: port, rank: rank, worldSize: worldSize, timeout: timeout,
            storeKeyPrefix: prefix, networkInterface: environment["GLOO_SOCKET_IFNAME"])
    }

    /// Whether torchrun's variables (`RANK`, `WORLD_SIZE`, `MASTER_ADDR`, `MASTER_PORT`) are all set.
    public static func environmentDescribesGroup(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        ["RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"].allSatisfy { environment[$0] != nil }
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
