// The distributed part of the shim: implements ctorch_distributed.h over c10d's TCPStore, FileStore, PrefixStore
// and ProcessGroupGloo (built with USE_C10D_GLOO; libtorch_cpu exports the symbols, libgloo-dev gives the headers).
#include "ctorch_distributed.h"
#include "ctorch_handles.hpp"

#include <ATen/ATen.h>
#include <c10/util/Logging.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/version.h>

#if TORCH_VERSION_MAJOR < 2
#include <gloo/context.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/prctl.h>
#endif
#include <csignal>
#include <dlfcn.h>
#include <unistd.h>

namespace {

#if TORCH_VERSION_MAJOR < 2
/// Reaches a Gloo context's protected timeout through a subclass. libtorch 1.13 (Debian's) links the system's
/// libgloo, whose headers these are, and does not call `gloo::Context::setTimeout` itself; the shim does not link
/// libgloo, so it sets the member the headers place.
struct ContextTimeout : gloo::Context {
    static void set(gloo::Context &context, std::chrono::milliseconds timeout) {
        static_cast<ContextTimeout &>(context).timeout_ = timeout;
    }
};
#endif

/// ProcessGroupGloo, whose Gloo contexts take one timeout for connecting and for every collective. Joining gets
/// what is left of the rendezvous deadline; `setCollectiveTimeout` then gives the collectives the full timeout.
class DeadlineProcessGroupGloo : public c10d::ProcessGroupGloo {
  public:
    using c10d::ProcessGroupGloo::ProcessGroupGloo;

    void setCollectiveTimeout(std::chrono::milliseconds timeout) {
#if TORCH_VERSION_MAJOR < 2
        // The contexts are the base class's protected members.
        options_->timeout = timeout;
        for (auto &context : contexts_) {
            ContextTimeout::set(*context, timeout);
        }
#else
        // libtorch 2.x sets the options' and its own Gloo contexts' timeout (its Gloo is linked in, with headers
        // of its own that PyPI's wheel does not ship).
        setTimeout(timeout);
#endif
    }
};

/// The time left before `deadline`, at least 1 ms (a zero timeout means "wait forever" to c10d).
std::chrono::milliseconds remaining(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return std::max(left, std::chrono::milliseconds(1));
}

}  // namespace

struct ct_process_group_s {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<DeadlineProcessGroupGloo> group;
};

namespace {

ct_error make_distributed_error(ct_error_kind kind, const std::string &message) {
    try {
        return new ct_error_s{kind, message};
    } catch (...) {
        static ct_error_s out_of_memory{CT_ERROR_OUT_OF_MEMORY, "out of memory while reporting an error"};
        return &out_of_memory;
    }
}

std::vector<at::Tensor> tensors_of(const ct_tensor *tensors, size_t count) {
    std::vector<at::Tensor> result;
    result.reserve(count);
    for (size_t index = 0; index < count; ++index) {
        result.push_back(tensors[index]->tensor);
    }
    return result;
}

/// The first line of a message (Gloo's and c10d's errors can carry a second line of detail).
std::string first_line(const std::string &message) {
    const auto end = message.find('\n');
    return end == std::string::npos ? message : message.substr(0, end);
}

/// The version of the libtorch the shim is compiled against, as one number: 113 for 1.13, 215 for 2.15.
constexpr int torch_version = TORCH_VERSION_MAJOR * 100 + TORCH_VERSION_MINOR;

#if TORCH_VERSION_MAJOR < 2
/// PyTorch 1.13's `_store_based_barrier`: count in, then poll until every rank has or `deadline` passes.
void store_based_barrier(c10d::Store &store, int32_t world_size, std::chrono::steady_clock::time_point deadline) {
    const std::string key = "store_based_barrier_key:1";
    store.add(key, 1);
    for (;;) {
        const auto count = store.add(key, 0);
        if (count == world_size) {
            return;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error(
                std::to_string(count) + " of " + std::to_string(world_size) + " ranks arrived in time");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}
#else
/// PyTorch 2.x's `_store_based_barrier` for the default group (named "0"): count in; the rank that makes the count
/// complete sets `<key>:last_worker`, which every rank waits for until `deadline`.
void store_based_barrier(c10d::Store &store, int32_t world_size, std::chrono::steady_clock::time_point deadline) {
    const std::string key = "store_based_barrier_key:0";
    const std::string last_worker = key + ":last_worker";
    if (store.add(key, 1) == world_size) {
        const std::string one = "1";
        store.set(last_worker, std::vector<uint8_t>(one.begin(), one.end()));
    }
    try {
        store.wait({last_worker}, remaining(deadline));
    } catch (const c10::Error &) {
        const auto count = store.add(key, 0);
        throw std::runtime_error(
            std::to_string(count) + " of " + std::to_string(world_size) + " ranks arrived in time");
    }
}

/// Whether init_process_group ends with the store barrier: `TORCH_DIST_INIT_BARRIER=1` from PyTorch 2.1, always in
/// 2.0.
bool barrier_after_init() {
    if (torch_version < 201) {
        return true;
    }
    const char *value = std::getenv("TORCH_DIST_INIT_BARRIER");
    return value != nullptr && std::atoi(value) == 1;
}
#endif

/// Counts this rank in under `key`, then polls until `world_size` ranks have, or throws at `deadline`.
void arrival_barrier(
    c10d::Store &store, const std::string &key, int32_t world_size, std::chrono::steady_clock::time_point deadline) {
    store.add(key, 1);
    for (;;) {
        const auto count = store.add(key, 0);
        if (count >= world_size) {
            return;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error(
                std::to_string(count) + " of " + std::to_string(world_size) + " ranks arrived in time");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

/// Runs one step of joining; a c10d or Gloo timeout becomes one line naming the step and the whole timeout.
template <typename Step>
auto joining(const char *step, std::chrono::milliseconds timeout, Step &&body) -> decltype(body()) {
    try {
        return body();
    } catch (const c10::Error &error) {
        throw std::runtime_error(
            std::string(step) + ": " + first_line(error.what_without_backtrace()) + " (the rendezvous timeout is " +
            std::to_string(timeout.count() / 1000) + "s)");
    } catch (const std::runtime_error &error) {
        throw std::runtime_error(
            std::string(step) + ": " + first_line(error.what()) + " (the rendezvous timeout is " +
            std::to_string(timeout.count() / 1000) + "s)");
    }
}

}  // namespace

#define CT_DIST_TRY try {
#define CT_DIST_CATCH                                                                                              \
    }                                                                                                              \
    catch (const c10::Error &error) {                                                                              \
        return make_distributed_error(CT_ERROR_LIBTORCH, error.what_without_backtrace());                         \
    }                                                                                                              \
    catch (const std::invalid_argument &error) {                                                                   \
        return make_distributed_error(CT_ERROR_VALUE, error.what());                                               \
    }                                                                                                              \
    catch (const std::bad_alloc &error) {                                                                          \
        return make_distributed_error(CT_ERROR_OUT_OF_MEMORY, error.what());                                       \
    }                                                                                                              \
    catch (const std::exception &error) {                                                                          \
        return make_distributed_error(CT_ERROR_LIBTORCH, error.what());                                            \
    }                                                                                                              \
    catch (...) {                                                                                                  \
        return make_distributed_error(CT_ERROR_LIBTORCH, "unknown C++ exception in c10d");                         \
    }                                                                                                              \
    return nullptr;

extern "C" {

ct_error ct_process_group_create(const ct_process_group_options *options, ct_process_group *out) {
    CT_DIST_TRY
    const std::chrono::milliseconds timeout(options->timeout_ms);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    c10::intrusive_ptr<c10d::Store> store;
    if (options->store_path != nullptr) {
        store = joining("opening the file store", timeout, [&] {
            return c10::intrusive_ptr<c10d::Store>(
                c10::make_intrusive<c10d::FileStore>(std::string(options->store_path), options->world_size));
        });
        // Only this runtime's ranks meet in a file store: they count themselves in, so that no rank builds its Gloo
        // connections (a socket per peer, slow to tear down) before every rank is there.
        joining("waiting for the other ranks", timeout, [&] {
            arrival_barrier(*store, "torch_runtime_arrived", options->world_size, deadline);
        });
    } else {
        const bool server = options->rank0_hosts_store && options->rank == 0;
        c10d::TCPStoreOptions store_options;
        store_options.port = options->master_port;
        store_options.isServer = server;
        store_options.numWorkers = static_cast<std::size_t>(options->world_size);
        // Clients count themselves in ("init/") as Python's do; the server waits for them below, on the deadline.
        store_options.waitWorkers = !server;
        store_options.timeout = remaining(deadline);
        store_options.multiTenant = options->rank0_hosts_store;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        // Python's env:// rendezvous: the libuv server unless USE_LIBUV=0 (the default since 2.4).
        const char *use_libuv = std::getenv("USE_LIBUV");
        store_options.useLibUV = use_libuv == nullptr || std::string(use_libuv) == "1";
#endif
        auto tcp_store = joining("connecting to the store", timeout, [&] {
            return c10::make_intrusive<c10d::TCPStore>(std::string(options->master_addr), store_options);
        });
        if (server) {
            // c10d's wait for the clients stops at the store's timeout without an error (and checks whole seconds):
            // give it what is left less a second, and call it a timeout when it used all of that.
            const auto budget = std::max(remaining(deadline) - std::chrono::milliseconds(1000),
                                         std::chrono::milliseconds(1));
            tcp_store->setTimeout(budget);
            const auto started = std::chrono::steady_clock::now();
            joining("waiting for the other ranks", timeout, [&] {
                tcp_store->waitForWorkers();  // libtorch 2.x throws its own timeout error here; 1.13 returns
                if (std::chrono::steady_clock::now() - started >= budget) {
                    throw std::runtime_error(
                        "fewer than " + std::to_string(options->world_size) + " ranks reached the store at port " +
                        std::to_string(options->master_port) + " in time");
                }
            });
        }
        store = tcp_store;
    }
    if (options->store_path == nullptr && !options->rank0_hosts_store && torch_version < 206) {
        // torchrun's agent store before PyTorch 2.6: one store for every attempt, the keys under the attempt's prefix.
        store = c10::make_intrusive<c10d::PrefixStore>(
            "/worker/attempt_" + std::to_string(options->agent_restart_count), store);
    }
    store->setTimeout(remaining(deadline));
    auto default_pg_store = c10::make_intrusive<c10d::PrefixStore>("default_pg", store);
#if TORCH_VERSION_MAJOR < 2
    c10::intrusive_ptr<c10d::Store> group_store = c10::make_intrusive<c10d::PrefixStore>("0", default_pg_store);
#else
    // The group's name and its device: the backend of a 2.x process group keeps its keys under both.
    c10::intrusive_ptr<c10d::Store> group_store = c10::make_intrusive<c10d::PrefixStore>(
        "cpu/", c10::make_intrusive<c10d::PrefixStore>("0/", default_pg_store));
#endif

    auto gloo_options = c10d::ProcessGroupGloo::Options::create(remaining(deadline));
    if (options->device_interface != nullptr) {
        gloo_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForInterface(std::string(options->device_interface)));
    } else if (options->device_hostname != nullptr) {
        gloo_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(std::string(options->device_hostname)));
    } else {
        gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    auto group = joining("waiting for the other ranks", timeout, [&] {
        return c10::make_intrusive<DeadlineProcessGroupGloo>(
            group_store, options->rank, options->world_size, gloo_options);
    });
    store->setTimeout(remaining(deadline));
#if TORCH_VERSION_MAJOR < 2
    joining("the store barrier", timeout, [&] {
        store_based_barrier(*default_pg_store, options->world_size, deadline);
    });
#else
    if (barrier_after_init()) {
        joining("the store barrier", timeout, [&] {
            store_based_barrier(*default_pg_store, options->world_size, deadline);
        });
    }
#endif
    group->setCollectiveTimeout(timeout);
    store->setTimeout(timeout);
#if TORCH_VERSION_MAJOR < 2
    // PyTorch 1.13's init_process_group does this; in 2.x sequence numbers always start at 0 (the call is a
    // deprecated no-op that prints a warning).
    group->setSequenceNumberForGroup();
#endif
    *out = new ct_process_group_s{store, group};
    CT_DIST_CATCH
}

void ct_process_group_free(ct_process_group group) { delete group; }

int32_t ct_process_group_rank(ct_process_group group) { return group->group->getRank(); }

int32_t ct_process_group_size(ct_process_group group) { return group->group->getSize(); }

ct_error ct_process_group_broadcast(ct_process_group group, const ct_tensor *tensors, size_t count, int32_t root) {
    CT_DIST_TRY
    auto list = tensors_of(tensors, count);
    c10d::BroadcastOptions options;
    options.rootRank = root;
    for (auto &tensor : list) {
        std::vector<at::Tensor> one{tensor};
        group->group->broadcast(one, options)->wait();
    }
    CT_DIST_CATCH
}

ct_error ct_process_group_all_reduce_sum(ct_process_group group, const ct_tensor *tensors, size_t count) {
    CT_DIST_TRY
    auto list = tensors_of(tensors, count);
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    for (auto &tensor : list) {
        std::vector<at::Tensor> one{tensor};
        group->group->allreduce(one, options)->wait();
    }
    CT_DIST_CATCH
}

ct_error ct_process_group_barrier(ct_process_group group) {
    CT_DIST_TRY
    group->group->barrier()->wait();
    CT_DIST_CATCH
}

void ct_set_log_level(int32_t level) {
    // c10's own threshold (libtorch without glog, as PyPI's), and glog's where libtorch logs through it (Debian's;
    // c10::UpdateLoggingLevelsFromFlags only ever lowers glog's). glog's flag is looked up in the loaded libraries,
    // so the shim does not link glog itself.
    FLAGS_caffe2_log_level = level;
    if (auto *glog_level = static_cast<int32_t *>(dlsym(RTLD_DEFAULT, "_ZN3fLI17FLAGS_minloglevelE"))) {
        *glog_level = level;
    }
}

int32_t ct_exit_with_parent(int32_t expected_parent) {
#if defined(__linux__)
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) {
        return -1;
    }
    // The parent may have died between fork and the call above: the process then belongs to another one.
    return getppid() == static_cast<pid_t>(expected_parent) ? 0 : 1;
#else
    (void)expected_parent;
    return -1;
#endif
}

}  // extern "C"
