// ctorch_distributed: a flat C API over libtorch's c10d (TCPStore + ProcessGroupGloo), the distributed part of the
// shim. Same conventions as ctorch.h: opaque owning handles, every fallible call returns a `ct_error` (NULL on
// success), no C++ exception ever leaves the shim, no policy (checks and names live in Swift's Tensor layer).
#pragma once

#include "ctorch.h"

#ifdef __cplusplus
extern "C" {
#endif

/// A process group handle (a `c10d::ProcessGroupGloo` with the stores it was built on).
typedef struct ct_process_group_s *ct_process_group;

/// How the group reaches its store and its peers, mirroring `init_process_group("gloo", init_method="env://")`.
typedef struct ct_process_group_options {
    /// The store's host (`MASTER_ADDR`).
    const char *master_addr;
    /// The store's port (`MASTER_PORT`).
    uint16_t master_port;
    int32_t rank;
    int32_t world_size;
    /// The timeout of the rendezvous, the store barrier and every collective, in milliseconds.
    int64_t timeout_ms;
    /// True: rank 0 runs the TCP store (multi-tenant), as plain env:// does. False: every rank is a client of a store
    /// torchrun's agent runs (`TORCHELASTIC_USE_AGENT_STORE=True`).
    bool rank0_hosts_store;
    /// With the agent's store: torchrun's restart count (`TORCHELASTIC_RESTART_COUNT`). libtorch before 2.6 puts
    /// every key under `/worker/attempt_<count>`; 2.6 and later, whose agent makes a new store for every attempt,
    /// under no prefix. The shim follows the libtorch it is compiled against.
    int32_t agent_restart_count;
    /// The network interface Gloo binds to (`GLOO_SOCKET_IFNAME`), or NULL.
    const char *device_interface;
    /// The host name or address Gloo binds to, used when `device_interface` is NULL, or NULL for Gloo's default
    /// device (this machine's host name).
    const char *device_hostname;
    /// A file every rank of this machine can open (c10d's `FileStore`, `init_method="file://..."`), or NULL for the
    /// TCP store at `master_addr:master_port`. A file store opens no port: only processes that can open the file
    /// take part.
    const char *store_path;
} ct_process_group_options;

/// Connects to the store and joins the default group as `init_process_group("gloo")` of the libtorch the shim is
/// compiled against does (`TORCH_VERSION_MAJOR`/`MINOR`), so Python ranks of that version share the group:
///
/// - PyTorch 1.x: the Gloo group on `PrefixStore("0", PrefixStore("default_pg", store))`, then the store barrier
///   (`store_based_barrier_key:1`, counted) and the sequence number.
/// - PyTorch 2.x: the Gloo group on the device level of the group's store,
///   `PrefixStore("cpu/", PrefixStore("0/", PrefixStore("default_pg", store)))` (keys `default_pg/0//cpu//...`); the
///   store barrier (`store_based_barrier_key:0` and its `:last_worker` key) only when `TORCH_DIST_INIT_BARRIER=1`
///   (from 2.1; 2.0 always), and a TCP store server on libuv unless `USE_LIBUV=0` (from 2.4).
///
/// The whole of it (connecting, waiting for the other ranks, the barrier) ends within `timeout_ms`: each step gets
/// the time the ones before left. The group's collectives then each get the full `timeout_ms`.
ct_error ct_process_group_create(const ct_process_group_options *options, ct_process_group *out);
void ct_process_group_free(ct_process_group group);
int32_t ct_process_group_rank(ct_process_group group);
int32_t ct_process_group_size(ct_process_group group);
/// Broadcasts `tensors` (in place) from `root` to every rank, and waits.
ct_error ct_process_group_broadcast(ct_process_group group, const ct_tensor *tensors, size_t count, int32_t root);
/// Sums `tensors` (in place) over all ranks, and waits.
ct_error ct_process_group_all_reduce_sum(ct_process_group group, const ct_tensor *tensors, size_t count);
/// Waits until every rank has reached the barrier.
ct_error ct_process_group_barrier(ct_process_group group);

/// Sets the lowest severity libtorch's own log (glog: c10d's connection retries and warnings) prints: 0 INFO,
/// 1 WARNING, 2 ERROR, 3 FATAL, as the `TORCH_CPP_LOG_LEVEL` variable does when libtorch loads.
void ct_set_log_level(int32_t level);

/// Makes the kernel send this process SIGKILL when its parent exits (Linux's `PR_SET_PDEATHSIG`), then checks that
/// the parent is still `expected_parent`: a parent that died before the call left the process to another one.
/// Returns 0 when armed and the parent is there, 1 when the parent is already gone, -1 when the kernel refused
/// (not Linux).
int32_t ct_exit_with_parent(int32_t expected_parent);

#ifdef __cplusplus
}
#endif
