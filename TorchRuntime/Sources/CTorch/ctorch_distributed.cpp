// The distributed part of the shim: implements ctorch_distributed.h over c10d's TCPStore, PrefixStore and
// ProcessGroupGloo (built with USE_C10D_GLOO; libtorch_cpu exports the symbols, libgloo-dev gives the headers).
#include "ctorch_distributed.h"
#include "ctorch_handles.hpp"

#include <ATen/ATen.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/version.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

struct ct_process_group_s {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
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

/// PyTorch 1.13's `_store_based_barrier`: count in, then poll until every rank has.
void store_based_barrier(c10d::Store &store, int32_t world_size, std::chrono::milliseconds timeout) {
    const std::string key = "store_based_barrier_key:1";
    store.add(key, 1);
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
        const auto count = store.add(key, 0);
        if (count == world_size) {
            return;
        }
        if (std::chrono::steady_clock::now() - start > timeout) {
            throw std::runtime_error(
                "timed out in the store barrier after " + std::to_string(timeout.count()) + " ms: " +
                std::to_string(count) + " of " + std::to_string(world_size) + " ranks arrived");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
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
    c10d::TCPStoreOptions store_options;
    store_options.port = options->master_port;
    store_options.isServer = options->rank0_hosts_store && options->rank == 0;
    store_options.numWorkers = static_cast<std::size_t>(options->world_size);
    store_options.waitWorkers = true;
    store_options.timeout = timeout;
    store_options.multiTenant = options->rank0_hosts_store;
    c10::intrusive_ptr<c10d::Store> store =
        c10::make_intrusive<c10d::TCPStore>(std::string(options->master_addr), store_options);
    if (options->key_prefix != nullptr) {
        store = c10::make_intrusive<c10d::PrefixStore>(std::string(options->key_prefix), store);
    }
    store->setTimeout(timeout);
    auto default_pg_store = c10::make_intrusive<c10d::PrefixStore>("default_pg", store);
    auto group_store = c10::make_intrusive<c10d::PrefixStore>("0", default_pg_store);

    auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
    if (options->device_interface != nullptr) {
        gloo_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForInterface(std::string(options->device_interface)));
    } else if (options->device_hostname != nullptr) {
        gloo_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(std::string(options->device_hostname)));
    } else {
        gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(
        group_store, options->rank, options->world_size, gloo_options);
    store_based_barrier(*default_pg_store, options->world_size, timeout);
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

}  // extern "C"
