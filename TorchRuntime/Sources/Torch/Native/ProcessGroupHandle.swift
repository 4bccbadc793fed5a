import CTorch

/// An owning reference to a c10d Gloo process group (`ProcessGroupGloo` on a TCP store): the Tensor layer's door to
/// the distributed part of the shim. `ProcessGroup` (in `Distributed/`) is the public API built on it.
final class ProcessGroupHandle: @unchecked Sendable {
    private let handle: ct_process_group

    /// Where the store is, who this rank is, and how Gloo binds; see `ct_process_group_options`.
    struct Options {
        var masterAddress: String
        var masterPort: UInt16
        var rank: Int
        var worldSize: Int
        var timeoutMilliseconds: Int64
        var rankZeroHostsStore: Bool
        /// With torchrun's agent store (`rankZeroHostsStore` false), its restart count; the shim decides what it
        /// means for the keys (libtorch's own layout).
        var agentRestartCount: Int32
        var deviceInterface: String?
        var deviceHostname: String?
        /// A file store's path (every rank of one machine), or nil for the TCP store at the master's address.
        var storePath: String?
    }

    /// Connects to the store and joins the group (rendezvous, store barrier, sequence number), or throws after the
    /// timeout.
    init(_ options: Options) throws(TorchError) {
        Runtime.ensureDefaults()
        var handle: ct_process_group?
        let status = options.masterAddress.withCString { address in
            withOptionalCString(options.deviceInterface) { interface in
                withOptionalCString(options.deviceHostname) { hostname in
                    withOptionalCString(options.storePath) { storePath in
                        var raw = ct_process_group_options(
                            master_addr: address, master_port: options.masterPort, rank: Int32(options.rank),
                            world_size: Int32(options.worldSize), timeout_ms: options.timeoutMilliseconds,
                            rank0_hosts_store: options.rankZeroHostsStore,
                            agent_restart_count: options.agentRestartCount, device_interface: interface,
                            device_hostname: hostname, store_path: storePath)
                        return ct_process_group_create(&raw, &handle)
                    }
                }
            }
        }
        try check(status, "init_process_group")
        guard let handle else { throw .libtorch(operation: "init_process_group", message: "c10d returned no group") }
        self.handle = handle
    }

    deinit {
        ct_process_group_free(handle)
    }

    var rank: Int { Int(ct_process_group_rank(handle)) }
    var worldSize: Int { Int(ct_process_group_size(handle)) }

    /// `dist.broadcast(t, src=root)` for each tensor in order, in place.
    func broadcast(_ tensors: [Tensor], root: Int) throws(TorchError) {
        let status = withHandles(tensors) { handles in
            ct_process_group_broadcast(handle, handles.baseAddress, handles.count, Int32(root))
        }
        try check(status, "broadcast")
    }

    /// `dist.all_reduce(t, op=SUM)` for each tensor in order, in place.
    func allReduceSum(_ tensors: [Tensor]) throws(TorchError) {
        let status = withHandles(tensors) { handles in
            ct_process_group_all_reduce_sum(handle, handles.baseAddress, handles.count)
        }
        try check(status, "all_reduce")
    }

    /// `dist.barrier()`.
    func barrier() throws(TorchError) {
        try check(ct_process_group_barrier(handle), "barrier")
    }

    /// Sets the lowest severity of libtorch's own log: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL (`TORCH_CPP_LOG_LEVEL`).
    static func setLogLevel(_ level: Int32) {
        ct_set_log_level(level)
    }

    /// Arms SIGKILL for this process when its parent exits; false when the parent is no longer `parent` (it died
    /// first) or the kernel cannot do it.
    static func exitWithParent(_ parent: Int32) -> Bool {
        ct_exit_with_parent(parent) == 0
    }
}

private func withOptionalCString<Result>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
    guard let string else { return body(nil) }
    return string.withCString(body)
}
