import ArgumentParser
import Foundation
import Torch

/// torchrun's options as one option group, and the one call that runs the job:
///
/// ```swift
/// @OptionGroup(title: "Data-parallel ranks") var distributed: DistributedOptions
///
/// func run() throws {
///     try distributed.launch { group in
///         // one process (group == nil), or one rank of the job
///     }
/// }
/// ```
///
/// `--nproc-per-node N` starts N ranks on this machine; `--nnodes`, `--node-rank`, `--master-addr` and
/// `--master-port` span machines; `--dist-timeout` bounds joining and every exchange. A process that torchrun's
/// variables describe as a rank joins that job instead. Every value is checked where it enters, by
/// `LaunchConfiguration`, in one usage line naming the flag.
///
/// What a job exposes: on one machine (no `--master-addr`, `--master-port` or `--nnodes` above 1) nothing listens on
/// the network: the ranks meet through a private file store and talk over 127.0.0.1, so two jobs run side by side
/// without choosing ports. Across machines, rank 0 listens on `--master-port` (29500) on every interface and every
/// rank opens Gloo ports on the interface that reaches `--master-addr`: any host that reaches them can read and
/// change the job's keys, so use a trusted network.
public struct DistributedOptions: ParsableArguments {
    /// `--nproc-per-node`.
    @Option(
        name: [.customLong("nproc-per-node"), .customLong("nproc_per_node")], parsing: .unconditional,
        help: "Start this many ranks on this machine, as torchrun does (1...1024).")
    public var nprocPerNode: Int?

    /// `--nnodes`.
    @Option(parsing: .unconditional, help: "Machines taking part, each running --nproc-per-node ranks (1...1024).")
    public var nnodes = 1

    /// `--node-rank`.
    @Option(
        name: [.customLong("node-rank"), .customLong("node_rank")], parsing: .unconditional,
        help: "This machine's number, 0..<--nnodes (its ranks are NODE_RANK * NPROC_PER_NODE + 0, 1, ...).")
    public var nodeRank = 0

    /// `--master-addr`.
    @Option(
        name: [.customLong("master-addr"), .customLong("master_addr")],
        help: """
            The address of the machine of rank 0 (needed with --nnodes above 1). Without it, and without \
            --master-port, a single-machine job opens no network port: its ranks meet through a private file and \
            talk over 127.0.0.1.
            """)
    public var masterAddr: String?

    /// `--master-port`.
    @Option(
        name: [.customLong("master-port"), .customLong("master_port")], parsing: .unconditional,
        help: """
            The TCP port of the rendezvous store (default 29500 across machines). When set, or with --nnodes above \
            1, rank 0 listens on it on every interface and the ranks open Gloo ports reachable from the network: \
            any host that reaches them can read and change the job's keys. Use a trusted network.
            """)
    public var masterPort: Int?

    /// `--dist-timeout`.
    @Option(
        name: .customLong("dist-timeout"), parsing: .unconditional,
        help: "Seconds a rank waits for the others (joining, and each exchange) before it stops with an error.")
    public var distTimeout = 30

    public init() {}

    /// The launch these flags ask for.
    ///
    /// - Throws: `ValidationError` with `LaunchConfiguration`'s one line (a number out of range, several machines
    ///   without `--master-addr`).
    public func configuration() throws -> LaunchConfiguration {
        do {
            return try LaunchConfiguration(
                processesPerNode: nprocPerNode, nodes: nnodes, nodeRank: nodeRank, masterAddress: masterAddr,
                masterPort: masterPort, timeout: .seconds(distTimeout))
        } catch {
            throw ValidationError(error.description)
        }
    }

    public func validate() throws {
        _ = try configuration()
    }

    /// Runs the job (`LaunchConfiguration.launch`): starts this machine's ranks with this command's own arguments,
    /// or joins a job as one rank and calls `body` with its group, or calls `body(nil)`.
    public func launch(_ body: (ProcessGroup?) throws -> Void) throws {
        try configuration().launch(body)
    }
}
