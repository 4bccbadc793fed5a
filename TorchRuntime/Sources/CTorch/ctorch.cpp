// The shim: implements ctorch.h over libtorch's C++ API. Every entry point that can fail runs inside
// CT_TRY/CT_CATCH, so c10::Error, std::exception and anything else becomes a returned message.
#include "ctorch.h"
#include "ctorch_handles.hpp"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

struct ct_optimizer_s {
    std::unique_ptr<torch::optim::Optimizer> optimizer;
};

namespace {

std::atomic<int64_t> live_handles{0};
thread_local int64_t thread_handle_balance = 0;

void count_created() {
    live_handles.fetch_add(1, std::memory_order_relaxed);
    ++thread_handle_balance;
}

void count_freed() {
    live_handles.fetch_sub(1, std::memory_order_relaxed);
    --thread_handle_balance;
}

}  // namespace

namespace {

/// Returned when an error itself cannot be allocated; never freed.
ct_error_s out_of_memory_error{CT_ERROR_OUT_OF_MEMORY, "out of memory while reporting an error"};

/// A new error; never NULL.
ct_error make_error(ct_error_kind kind, const char *message) {
    try {
        return new ct_error_s{kind, message != nullptr ? message : "unknown libtorch error"};
    } catch (...) {
        return &out_of_memory_error;
    }
}

ct_tensor wrap(at::Tensor tensor) {
    auto *handle = new ct_tensor_s{std::move(tensor)};
    count_created();
    return handle;
}

at::ScalarType scalar_type(ct_dtype dtype) {
    switch (dtype) {
    case CT_FLOAT32: return at::kFloat;
    case CT_FLOAT64: return at::kDouble;
    case CT_INT64: return at::kLong;
    case CT_INT32: return at::kInt;
    case CT_UINT8: return at::kByte;
    case CT_BOOL: return at::kBool;
    }
    throw std::invalid_argument("unknown dtype code " + std::to_string(static_cast<int>(dtype)));
}

int32_t dtype_code(at::ScalarType type) {
    switch (type) {
    case at::kFloat: return CT_FLOAT32;
    case at::kDouble: return CT_FLOAT64;
    case at::kLong: return CT_INT64;
    case at::kInt: return CT_INT32;
    case at::kByte: return CT_UINT8;
    case at::kBool: return CT_BOOL;
    default: return -1;
    }
}

at::Device device_of(ct_device device) {
    switch (device.type) {
    case CT_DEVICE_CPU: return at::Device(at::kCPU);
    case CT_DEVICE_CUDA:
        if (device.index < 0) {
            throw std::invalid_argument("negative CUDA device index " + std::to_string(device.index));
        }
        return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device.index));
    }
    throw std::invalid_argument("unknown device type " + std::to_string(static_cast<int>(device.type)));
}

/// The key of a parameter's state in `optimizer.state()`: the TensorImpl address printed as a string in libtorch
/// 1.13 (`c10::guts::to_string`, gone in 2.x), the address itself where the map is keyed by pointer.
template <typename Key>
Key state_key(const at::Tensor &parameter) {
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream key;
        key << parameter.unsafeGetTensorImpl();
        return key.str();
    } else {
        return static_cast<Key>(parameter.unsafeGetTensorImpl());
    }
}

std::vector<int64_t> dims(const int64_t *values, size_t count) {
    return count == 0 ? std::vector<int64_t>{} : std::vector<int64_t>(values, values + count);
}

std::vector<at::Tensor> tensors(const ct_tensor *handles, size_t count) {
    std::vector<at::Tensor> result;
    result.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        result.push_back(handles[i]->tensor);
    }
    return result;
}

c10::optional<at::Tensor> optional_tensor(ct_tensor handle) {
    return handle != nullptr ? c10::optional<at::Tensor>(handle->tensor) : c10::nullopt;
}

/// Throws unless `state` (a loaded optimizer-state tensor named `name`) has the shape and dtype of `parameter`.
void check_state_tensor(const at::Tensor &state, const char *name, const at::Tensor &parameter, size_t index) {
    if (!state.defined()) {
        return;
    }
    if (state.sizes() != parameter.sizes() || state.scalar_type() != parameter.scalar_type()) {
        std::ostringstream message;
        message << "optimizer state " << name << " of parameter " << index << " has shape " << state.sizes() << " ("
                << state.scalar_type() << "), the parameter " << parameter.sizes() << " ("
                << parameter.scalar_type() << ")";
        throw std::invalid_argument(message.str());
    }
}

/// The algorithm's name, recorded in saved states so that loading into another kind of optimizer is a clear error.
std::string optimizer_kind(const torch::optim::Optimizer &optimizer) {
    if (dynamic_cast<const torch::optim::Adam *>(&optimizer) != nullptr) {
        return "Adam";
    }
    if (dynamic_cast<const torch::optim::SGD *>(&optimizer) != nullptr) {
        return "SGD";
    }
    return "unknown";
}

/// Whether `optimizer` is an Adam with amsgrad on.
bool uses_amsgrad(torch::optim::Optimizer &optimizer) {
    for (auto &group : optimizer.param_groups()) {
        if (auto *adam = dynamic_cast<torch::optim::AdamOptions *>(&group.options())) {
            return adam->amsgrad();
        }
    }
    return false;
}

/// Throws unless every loaded per-parameter state of `optimizer` fits its parameter.
void check_loaded_state(torch::optim::Optimizer &optimizer) {
    size_t index = 0;
    for (auto &group : optimizer.param_groups()) {
        auto *adam_options = dynamic_cast<torch::optim::AdamOptions *>(&group.options());
        for (auto &parameter : group.params()) {
            auto found = optimizer.state().find(
                state_key<std::decay_t<decltype(optimizer.state())>::key_type>(parameter));
            if (found != optimizer.state().end()) {
                if (auto *adam = dynamic_cast<torch::optim::AdamParamState *>(found->second.get())) {
                    if (adam->step() < 0) {
                        throw std::invalid_argument(
                            "optimizer state of parameter " + std::to_string(index) + " has a negative step");
                    }
                    check_state_tensor(adam->exp_avg(), "exp_avg", parameter, index);
                    check_state_tensor(adam->exp_avg_sq(), "exp_avg_sq", parameter, index);
                    check_state_tensor(adam->max_exp_avg_sq(), "max_exp_avg_sq", parameter, index);
                    if (adam_options != nullptr && adam_options->amsgrad() && !adam->max_exp_avg_sq().defined()) {
                        throw std::invalid_argument(
                            "the state was saved without amsgrad; this Adam optimizer uses amsgrad");
                    }
                } else if (auto *sgd = dynamic_cast<torch::optim::SGDParamState *>(found->second.get())) {
                    check_state_tensor(sgd->momentum_buffer(), "momentum_buffer", parameter, index);
                }
            }
            ++index;
        }
    }
}

/// Parameter `index` of `optimizer`, counting through its groups in order.
const at::Tensor &parameter_at(torch::optim::Optimizer &optimizer, size_t index) {
    for (auto &group : optimizer.param_groups()) {
        if (index < group.params().size()) {
            return group.params()[index];
        }
        index -= group.params().size();
    }
    throw std::invalid_argument("parameter index " + std::to_string(index) + " out of range");
}

size_t parameter_count(torch::optim::Optimizer &optimizer) {
    size_t count = 0;
    for (auto &group : optimizer.param_groups()) {
        count += group.params().size();
    }
    return count;
}

/// The per-parameter state of `parameter` as `State`, or NULL when it has none (of that kind).
template <typename State>
State *parameter_state(torch::optim::Optimizer &optimizer, const at::Tensor &parameter) {
    auto found = optimizer.state().find(state_key<std::decay_t<decltype(optimizer.state())>::key_type>(parameter));
    return found == optimizer.state().end() ? nullptr : dynamic_cast<State *>(found->second.get());
}

/// A new handle to a copy of `tensor`, or NULL when it is undefined.
ct_tensor copied(const at::Tensor &tensor) {
    return tensor.defined() ? wrap(tensor.detach().clone()) : nullptr;
}

/// `source` copied to `parameter`'s dtype and device, after checking it has the parameter's shape.
at::Tensor state_for(ct_tensor source, const char *name, const at::Tensor &parameter, size_t index) {
    if (source->tensor.sizes() != parameter.sizes()) {
        std::ostringstream message;
        message << "optimizer state " << name << " of parameter " << index << " has shape "
                << source->tensor.sizes() << ", the parameter " << parameter.sizes();
        throw std::invalid_argument(message.str());
    }
    return source->tensor.detach().to(parameter.device(), parameter.scalar_type(), false, true);
}

template <typename Options>
Options &options_of(torch::optim::Optimizer &optimizer, const char *kind) {
    if (optimizer.param_groups().empty()) {
        throw std::invalid_argument("the optimizer has no parameter group");
    }
    auto *options = dynamic_cast<Options *>(&optimizer.param_groups().front().options());
    if (options == nullptr) {
        throw std::invalid_argument(std::string("not an ") + kind + " optimizer");
    }
    return *options;
}

}  // namespace

#define CT_TRY try {
#define CT_CATCH                                                                                                   \
    }                                                                                                              \
    catch (const c10::IndexError &error) {                                                                         \
        return make_error(CT_ERROR_INDEX, error.what_without_backtrace());                                         \
    }                                                                                                              \
    catch (const c10::ValueError &error) {                                                                         \
        return make_error(CT_ERROR_VALUE, error.what_without_backtrace());                                         \
    }                                                                                                              \
    catch (const c10::TypeError &error) {                                                                          \
        return make_error(CT_ERROR_VALUE, error.what_without_backtrace());                                         \
    }                                                                                                              \
    catch (const c10::NotImplementedError &error) {                                                                \
        return make_error(CT_ERROR_NOT_IMPLEMENTED, error.what_without_backtrace());                               \
    }                                                                                                              \
    catch (const c10::OutOfMemoryError &error) {                                                                   \
        return make_error(CT_ERROR_OUT_OF_MEMORY, error.what_without_backtrace());                                 \
    }                                                                                                              \
    catch (const c10::Error &error) {                                                                              \
        return make_error(CT_ERROR_LIBTORCH, error.what_without_backtrace());                                      \
    }                                                                                                              \
    catch (const std::invalid_argument &error) {                                                                   \
        return make_error(CT_ERROR_VALUE, error.what());                                                           \
    }                                                                                                              \
    catch (const std::bad_alloc &error) {                                                                          \
        return make_error(CT_ERROR_OUT_OF_MEMORY, error.what());                                                   \
    }                                                                                                              \
    catch (const std::exception &error) {                                                                          \
        return make_error(CT_ERROR_LIBTORCH, error.what());                                                        \
    }                                                                                                              \
    catch (...) {                                                                                                  \
        return make_error(CT_ERROR_LIBTORCH, "unknown C++ exception in libtorch");                                 \
    }                                                                                                              \
    return nullptr;

/// Runs `expr` (an at::Tensor expression) and stores a new handle in `*out`.
#define CT_RETURN_TENSOR(expr)                                                                                     \
    CT_TRY *out = wrap(expr);                                                                                      \
    CT_CATCH

extern "C" {

ct_error_kind ct_error_kind_of(ct_error error) { return error->kind; }

const char *ct_error_message(ct_error error) { return error->message.c_str(); }

void ct_error_free(ct_error error) {
    if (error != nullptr && error != &out_of_memory_error) {
        delete error;
    }
}

// MARK: Global state

int64_t ct_live_handles(void) { return live_handles.load(std::memory_order_relaxed); }

int64_t ct_thread_handle_balance(void) { return thread_handle_balance; }

void ct_manual_seed(uint64_t seed) { torch::manual_seed(seed); }

ct_error ct_get_rng_state(ct_tensor *out) {
    CT_TRY
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    *out = wrap(generator.get_state());
    CT_CATCH
}

ct_error ct_set_rng_state(ct_tensor state) {
    CT_TRY
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state->tensor);
    CT_CATCH
}

ct_error ct_set_num_threads(int32_t count) {
    CT_TRY
    at::set_num_threads(count);
    CT_CATCH
}

bool ct_cuda_is_built(void) { return c10::impl::hasDeviceGuardImpl(c10::DeviceType::CUDA); }

int64_t ct_cuda_device_count(void) {
    try {
        return static_cast<int64_t>(torch::cuda::device_count());
    } catch (...) {
        return 0;
    }
}

ct_error ct_cuda_manual_seed_all(uint64_t seed) {
    CT_TRY
    torch::cuda::manual_seed_all(seed);
    CT_CATCH
}

const char *ct_torch_version(void) { return TORCH_VERSION; }

int32_t ct_get_num_threads(void) { return at::get_num_threads(); }

bool ct_is_grad_enabled(void) { return at::GradMode::is_enabled(); }

void ct_set_grad_enabled(bool enabled) { at::GradMode::set_enabled(enabled); }

// MARK: Tensors

ct_error ct_tensor_from_data(
    const void *data, size_t count, ct_dtype dtype, const int64_t *shape, size_t rank, ct_device device,
    ct_tensor *out) {
    CT_TRY
    const at::Device target = device_of(device);
    auto sizes = dims(shape, rank);
    int64_t expected = 1;
    for (auto size : sizes) {
        if (size < 0) {
            throw std::invalid_argument("negative dimension in shape");
        }
        expected *= size;
    }
    if (expected != static_cast<int64_t>(count)) {
        throw std::invalid_argument(
            "shape holds " + std::to_string(expected) + " elements but " + std::to_string(count) + " were given");
    }
    auto options = at::TensorOptions().dtype(scalar_type(dtype));
    at::Tensor tensor = at::empty(sizes, options);
    if (count > 0) {
        std::memcpy(tensor.data_ptr(), data, count * tensor.element_size());
    }
    *out = wrap(target.is_cpu() ? std::move(tensor) : tensor.to(target));
    CT_CATCH
}

ct_error ct_tensor_zeros(const int64_t *shape, size_t rank, ct_dtype dtype, ct_device device, ct_tensor *out) {
    CT_RETURN_TENSOR(
        at::zeros(dims(shape, rank), at::TensorOptions().dtype(scalar_type(dtype)).device(device_of(device))))
}

ct_error ct_tensor_empty(const int64_t *shape, size_t rank, ct_dtype dtype, ct_device device, ct_tensor *out) {
    CT_RETURN_TENSOR(
        at::empty(dims(shape, rank), at::TensorOptions().dtype(scalar_type(dtype)).device(device_of(device))))
}

ct_error ct_tensor_randn(const int64_t *shape, size_t rank, ct_device device, ct_tensor *out) {
    CT_RETURN_TENSOR(at::randn(dims(shape, rank), at::TensorOptions().device(device_of(device))))
}

ct_error ct_tensor_rand(const int64_t *shape, size_t rank, ct_device device, ct_tensor *out) {
    CT_RETURN_TENSOR(at::rand(dims(shape, rank), at::TensorOptions().device(device_of(device))))
}

void ct_tensor_free(ct_tensor tensor) {
    if (tensor != nullptr) {
        delete tensor;
        count_freed();
    }
}

size_t ct_tensor_rank(ct_tensor tensor) { return static_cast<size_t>(tensor->tensor.dim()); }

void ct_tensor_sizes(ct_tensor tensor, int64_t *sizes) {
    auto values = tensor->tensor.sizes();
    for (size_t i = 0; i < values.size(); ++i) {
        sizes[i] = values[i];
    }
}

int32_t ct_tensor_dtype(ct_tensor tensor) { return dtype_code(tensor->tensor.scalar_type()); }

int64_t ct_tensor_numel(ct_tensor tensor) { return tensor->tensor.numel(); }

ct_device ct_tensor_device(ct_tensor tensor) {
    const at::Device device = tensor->tensor.device();
    if (device.is_cuda()) {
        return ct_device{CT_DEVICE_CUDA, device.has_index() ? static_cast<int32_t>(device.index()) : 0};
    }
    return ct_device{CT_DEVICE_CPU, -1};
}

ct_error ct_tensor_copy_to(ct_tensor tensor, ct_dtype dtype, void *out, size_t count) {
    CT_TRY
    at::Tensor source = tensor->tensor.detach().to(at::kCPU, scalar_type(dtype)).contiguous();
    if (static_cast<int64_t>(count) != source.numel()) {
        throw std::invalid_argument(
            "buffer holds " + std::to_string(count) + " elements but the tensor has " +
            std::to_string(source.numel()));
    }
    if (count > 0) {
        std::memcpy(out, source.data_ptr(), count * source.element_size());
    }
    CT_CATCH
}

ct_error ct_tensor_item(ct_tensor tensor, double *out) {
    CT_TRY
    *out = tensor->tensor.item<double>();
    CT_CATCH
}

bool ct_tensor_requires_grad(ct_tensor tensor) { return tensor->tensor.requires_grad(); }

ct_error ct_tensor_set_requires_grad(ct_tensor tensor, bool requires_grad) {
    CT_TRY
    tensor->tensor.set_requires_grad(requires_grad);
    CT_CATCH
}

ct_error ct_tensor_grad(ct_tensor tensor, ct_tensor *out) {
    CT_TRY
    const at::Tensor &grad = tensor->tensor.grad();
    *out = grad.defined() ? wrap(grad) : nullptr;
    CT_CATCH
}

ct_error ct_tensor_backward(ct_tensor tensor) {
    CT_TRY
    tensor->tensor.backward();
    CT_CATCH
}

ct_error ct_tensor_copy_(ct_tensor dst, ct_tensor src) {
    CT_TRY
    at::NoGradGuard guard;
    dst->tensor.copy_(src->tensor);
    CT_CATCH
}

ct_error ct_tensor_uniform_(ct_tensor tensor, double low, double high) {
    CT_TRY
    at::NoGradGuard guard;
    tensor->tensor.uniform_(low, high);
    CT_CATCH
}

// MARK: Tensor operations

ct_error ct_tensor_to_device(ct_tensor tensor, ct_device device, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.to(device_of(device)))
}

ct_error ct_tensor_move_data_(ct_tensor tensor, ct_device device) {
    CT_TRY
    const at::Device target = device_of(device);
    if (tensor->tensor.device() != target) {
        at::NoGradGuard guard;
        tensor->tensor.set_data(tensor->tensor.detach().to(target));
    }
    CT_CATCH
}

bool ct_retain_freed_memory(int64_t block_size) {
#ifdef __GLIBC__
    if (block_size <= 0 || block_size > INT_MAX / 8) return false;
    const int size = static_cast<int>(block_size);
    return mallopt(M_MMAP_THRESHOLD, size) == 1 && mallopt(M_TRIM_THRESHOLD, 8 * size) == 1;
#else
    (void)block_size;
    return false;
#endif
}

static at::MemoryFormat memory_format_of(ct_memory_format format) {
    switch (format) {
    case CT_MEMORY_CONTIGUOUS:
        return at::MemoryFormat::Contiguous;
    case CT_MEMORY_CHANNELS_LAST:
        return at::MemoryFormat::ChannelsLast;
    }
    throw std::invalid_argument("unknown memory format " + std::to_string(static_cast<int>(format)));
}

ct_error ct_tensor_contiguous(ct_tensor tensor, ct_memory_format format, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.contiguous(memory_format_of(format)))
}

bool ct_tensor_is_contiguous(ct_tensor tensor, ct_memory_format format) {
    try {
        return tensor->tensor.is_contiguous(memory_format_of(format));
    } catch (...) {
        return false;
    }
}

ct_error ct_tensor_relayout_data_(ct_tensor tensor, ct_memory_format format) {
    CT_TRY
    const at::MemoryFormat target = memory_format_of(format);
    const bool applies = target != at::MemoryFormat::ChannelsLast || tensor->tensor.dim() == 4;
    if (applies && !tensor->tensor.is_contiguous(target)) {
        at::NoGradGuard guard;
        tensor->tensor.set_data(tensor->tensor.detach().contiguous(target));
    }
    CT_CATCH
}

ct_error ct_tensor_to_dtype(ct_tensor tensor, ct_dtype dtype, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.to(scalar_type(dtype)))
}

ct_error ct_tensor_detach(ct_tensor tensor, ct_tensor *out) { CT_RETURN_TENSOR(tensor->tensor.detach()) }

ct_error ct_tensor_clone(ct_tensor tensor, ct_tensor *out) { CT_RETURN_TENSOR(tensor->tensor.clone()) }

ct_error ct_tensor_reshape(ct_tensor tensor, const int64_t *shape, size_t rank, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.reshape(dims(shape, rank)))
}

ct_error ct_tensor_flatten(ct_tensor tensor, int64_t start_dim, int64_t end_dim, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.flatten(start_dim, end_dim))
}

ct_error ct_tensor_unsqueeze(ct_tensor tensor, int64_t dim, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.unsqueeze(dim))
}

ct_error ct_tensor_squeeze(ct_tensor tensor, int64_t dim, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.squeeze(dim))
}

ct_error ct_tensor_permute(ct_tensor tensor, const int64_t *order, size_t rank, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.permute(dims(order, rank)))
}

ct_error ct_tensor_select(ct_tensor tensor, int64_t dim, int64_t index, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.select(dim, index))
}

ct_error ct_tensor_narrow(ct_tensor tensor, int64_t dim, int64_t start, int64_t length, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.narrow(dim, start, length))
}

ct_error ct_tensor_cat(const ct_tensor *handles, size_t count, int64_t dim, ct_tensor *out) {
    CT_RETURN_TENSOR(at::cat(tensors(handles, count), dim))
}

ct_error ct_tensor_stack(const ct_tensor *handles, size_t count, int64_t dim, ct_tensor *out) {
    CT_RETURN_TENSOR(at::stack(tensors(handles, count), dim))
}

ct_error ct_tensor_binary(ct_binary_op op, ct_tensor lhs, ct_tensor rhs, ct_tensor *out) {
    CT_TRY
    const at::Tensor &a = lhs->tensor;
    const at::Tensor &b = rhs->tensor;
    switch (op) {
    case CT_ADD: *out = wrap(a + b); break;
    case CT_SUB: *out = wrap(a - b); break;
    case CT_MUL: *out = wrap(a * b); break;
    case CT_DIV: *out = wrap(a / b); break;
    case CT_EQ: *out = wrap(a.eq(b)); break;
    case CT_MATMUL: *out = wrap(a.matmul(b)); break;
    case CT_MAXIMUM: *out = wrap(at::maximum(a, b)); break;
    case CT_MINIMUM: *out = wrap(at::minimum(a, b)); break;
    default: throw std::invalid_argument("unknown binary operation");
    }
    CT_CATCH
}

ct_error ct_tensor_binary_scalar(ct_binary_op op, ct_tensor lhs, double rhs, ct_tensor *out) {
    CT_TRY
    const at::Tensor &a = lhs->tensor;
    at::Scalar b(rhs);
    switch (op) {
    case CT_ADD: *out = wrap(a + b); break;
    case CT_SUB: *out = wrap(a - b); break;
    case CT_MUL: *out = wrap(a * b); break;
    case CT_DIV: *out = wrap(a / b); break;
    case CT_EQ: *out = wrap(a.eq(b)); break;
    default: throw std::invalid_argument("operation not available with a scalar operand");
    }
    CT_CATCH
}

ct_error ct_tensor_unary(ct_unary_op op, ct_tensor tensor, ct_tensor *out) {
    CT_TRY
    const at::Tensor &a = tensor->tensor;
    switch (op) {
    case CT_NEG: *out = wrap(a.neg()); break;
    case CT_EXP: *out = wrap(a.exp()); break;
    case CT_LOG: *out = wrap(a.log()); break;
    case CT_SQRT: *out = wrap(a.sqrt()); break;
    case CT_ABS: *out = wrap(a.abs()); break;
    case CT_RELU: *out = wrap(a.relu()); break;
    case CT_SIGMOID: *out = wrap(a.sigmoid()); break;
    case CT_TANH: *out = wrap(a.tanh()); break;
    default: throw std::invalid_argument("unknown unary operation");
    }
    CT_CATCH
}

ct_error ct_tensor_reduce(ct_reduction reduction, ct_tensor tensor, ct_tensor *out) {
    CT_TRY
    const at::Tensor &a = tensor->tensor;
    switch (reduction) {
    case CT_SUM: *out = wrap(a.sum()); break;
    case CT_MEAN: *out = wrap(a.mean()); break;
    case CT_MAX: *out = wrap(a.max()); break;
    case CT_MIN: *out = wrap(a.min()); break;
    default: throw std::invalid_argument("unknown reduction");
    }
    CT_CATCH
}

ct_error ct_tensor_reduce_dim(ct_reduction reduction, ct_tensor tensor, int64_t dim, bool keepdim, ct_tensor *out) {
    CT_TRY
    const at::Tensor &a = tensor->tensor;
    switch (reduction) {
    case CT_SUM: *out = wrap(a.sum(dim, keepdim)); break;
    case CT_MEAN: *out = wrap(a.mean(dim, keepdim)); break;
    case CT_MAX: *out = wrap(std::get<0>(a.max(dim, keepdim))); break;
    case CT_MIN: *out = wrap(std::get<0>(a.min(dim, keepdim))); break;
    default: throw std::invalid_argument("unknown reduction");
    }
    CT_CATCH
}

ct_error ct_tensor_argmax(ct_tensor tensor, int64_t dim, bool keepdim, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.argmax(dim, keepdim))
}

ct_error ct_tensor_softmax(ct_tensor tensor, int64_t dim, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.softmax(dim))
}

ct_error ct_tensor_log_softmax(ct_tensor tensor, int64_t dim, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.log_softmax(dim))
}

// MARK: Neural-network functions

ct_error ct_conv2d(
    ct_tensor input, ct_tensor weight, ct_tensor bias, int64_t stride_h, int64_t stride_w, int64_t padding_h,
    int64_t padding_w, int64_t dilation_h, int64_t dilation_w, int64_t groups, ct_tensor *out) {
    CT_RETURN_TENSOR(at::conv2d(
        input->tensor, weight->tensor, optional_tensor(bias), {stride_h, stride_w}, {padding_h, padding_w},
        {dilation_h, dilation_w}, groups))
}

ct_error ct_max_pool2d(
    ct_tensor input, int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t padding_h,
    int64_t padding_w, ct_tensor *out) {
    CT_RETURN_TENSOR(
        at::max_pool2d(input->tensor, {kernel_h, kernel_w}, {stride_h, stride_w}, {padding_h, padding_w}))
}

ct_error ct_linear(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor *out) {
    CT_RETURN_TENSOR(at::linear(input->tensor, weight->tensor, optional_tensor(bias)))
}

ct_error ct_cross_entropy(
    ct_tensor logits, ct_tensor target, ct_reduction_mode reduction, double label_smoothing, ct_tensor *out) {
    CT_RETURN_TENSOR(at::cross_entropy_loss(
        logits->tensor, target->tensor, c10::nullopt, static_cast<int64_t>(reduction), -100, label_smoothing))
}

ct_error ct_nll_loss(ct_tensor log_probabilities, ct_tensor target, ct_reduction_mode reduction, ct_tensor *out) {
    CT_RETURN_TENSOR(
        at::nll_loss(log_probabilities->tensor, target->tensor, c10::nullopt, static_cast<int64_t>(reduction)))
}

// MARK: Tensors: storages (serialization)

void ct_tensor_storage_layout(
    ct_tensor tensor, uint64_t *storage_id, int64_t *storage_nbytes, int64_t *offset, int64_t *strides) {
    const at::Tensor &value = tensor->tensor;
    *storage_id = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(value.storage().unsafeGetStorageImpl()));
    *storage_nbytes = static_cast<int64_t>(value.storage().nbytes());
    *offset = value.storage_offset();
    const auto values = value.strides();
    std::copy(values.begin(), values.end(), strides);
}

ct_error ct_tensor_storage_copy(ct_tensor tensor, void *out, size_t nbytes) {
    CT_TRY
    const at::Tensor &value = tensor->tensor;
    if (nbytes > value.storage().nbytes()) {
        throw std::invalid_argument("the storage holds fewer bytes than requested");
    }
    if (nbytes == 0) {
        return nullptr;
    }
    // The storage's bytes as a uint8 tensor on the storage's device, then on the CPU.
    at::Tensor bytes = at::empty({0}, value.options().dtype(at::kByte));
    bytes.set_(value.storage(), 0, {static_cast<int64_t>(nbytes)}, {1});
    at::Tensor host = bytes.to(at::kCPU).contiguous();
    std::memcpy(out, host.data_ptr(), nbytes);
    CT_CATCH
}

ct_error ct_tensor_as_strided(
    ct_tensor tensor, const int64_t *shape, const int64_t *strides, size_t rank, int64_t offset, ct_tensor *out) {
    CT_RETURN_TENSOR(tensor->tensor.as_strided(dims(shape, rank), dims(strides, rank), offset))
}

// MARK: Optimizers

ct_error ct_adam_new(
    const ct_tensor *parameters, size_t count, double lr, double beta1, double beta2, double eps,
    double weight_decay, bool amsgrad, ct_optimizer *out) {
    CT_TRY
    auto options = torch::optim::AdamOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(
        amsgrad);
    auto optimizer = std::make_unique<torch::optim::Adam>(tensors(parameters, count), options);
    *out = new ct_optimizer_s{std::move(optimizer)};
    count_created();
    CT_CATCH
}

ct_error ct_sgd_new(
    const ct_tensor *parameters, size_t count, double lr, double momentum, double dampening, double weight_decay,
    bool nesterov, ct_optimizer *out) {
    CT_TRY
    auto options = torch::optim::SGDOptions(lr)
                       .momentum(momentum)
                       .dampening(dampening)
                       .weight_decay(weight_decay)
                       .nesterov(nesterov);
    auto optimizer = std::make_unique<torch::optim::SGD>(tensors(parameters, count), options);
    *out = new ct_optimizer_s{std::move(optimizer)};
    count_created();
    CT_CATCH
}

ct_error ct_optimizer_zero_grad(ct_optimizer optimizer) {
    CT_TRY
    optimizer->optimizer->zero_grad();
    CT_CATCH
}

ct_error ct_optimizer_step(ct_optimizer optimizer) {
    CT_TRY
    optimizer->optimizer->step();
    CT_CATCH
}

ct_error ct_optimizer_set_lr(ct_optimizer optimizer, double lr) {
    CT_TRY
    for (auto &group : optimizer->optimizer->param_groups()) {
        group.options().set_lr(lr);
    }
    CT_CATCH
}

ct_error ct_optimizer_save_state(ct_optimizer optimizer, uint8_t **data, size_t *size) {
    CT_TRY
    torch::serialize::OutputArchive archive;
    optimizer->optimizer->save(archive);
    archive.write("ctorch_optimizer", c10::IValue(optimizer_kind(*optimizer->optimizer)));
    // libtorch 2.x keeps max_exp_avg_sq in a plain Adam's state too: record amsgrad itself.
    archive.write("ctorch_amsgrad", c10::IValue(uses_amsgrad(*optimizer->optimizer)));
    std::ostringstream stream;
    archive.save_to(stream);
    const std::string bytes = stream.str();
    auto *buffer = static_cast<uint8_t *>(std::malloc(bytes.empty() ? 1 : bytes.size()));
    if (buffer == nullptr) {
        throw std::bad_alloc();
    }
    std::memcpy(buffer, bytes.data(), bytes.size());
    *data = buffer;
    *size = bytes.size();
    CT_CATCH
}

ct_error ct_optimizer_load_state(ct_optimizer optimizer, const uint8_t *data, size_t size) {
    CT_TRY
    torch::optim::Optimizer &target = *optimizer->optimizer;
    // Load into an empty state, check it, and put the previous state back on any failure.
    auto previous = std::move(target.state());
    target.state().clear();
    try {
        torch::serialize::InputArchive archive;
        c10::optional<at::Device> device;
        for (auto &group : target.param_groups()) {
            if (!group.params().empty()) {
                device = group.params().front().device();
                break;
            }
        }
        archive.load_from(reinterpret_cast<const char *>(data), size, device);
        c10::IValue kind;
        if (!archive.try_read("ctorch_optimizer", kind) || !kind.isString()) {
            throw std::invalid_argument("the archive holds no optimizer state saved by ctorch");
        }
        if (kind.toStringRef() != optimizer_kind(target)) {
            throw std::invalid_argument(
                "the state of an " + kind.toStringRef() + " optimizer cannot be loaded into " +
                optimizer_kind(target));
        }
        c10::IValue amsgrad;
        if (archive.try_read("ctorch_amsgrad", amsgrad) && amsgrad.isBool() && !amsgrad.toBool() &&
            uses_amsgrad(target)) {
            throw std::invalid_argument("the state was saved without amsgrad; this Adam optimizer uses amsgrad");
        }
        target.load(archive);
        check_loaded_state(target);
    } catch (...) {
        target.state() = std::move(previous);
        throw;
    }
    CT_CATCH
}

size_t ct_optimizer_parameter_count(ct_optimizer optimizer) { return parameter_count(*optimizer->optimizer); }

ct_error ct_adam_state(
    ct_optimizer optimizer, size_t index, bool *has_state, int64_t *step, ct_tensor *exp_avg, ct_tensor *exp_avg_sq,
    ct_tensor *max_exp_avg_sq) {
    CT_TRY
    options_of<torch::optim::AdamOptions>(*optimizer->optimizer, "Adam");
    const at::Tensor &parameter = parameter_at(*optimizer->optimizer, index);
    auto *state = parameter_state<torch::optim::AdamParamState>(*optimizer->optimizer, parameter);
    *has_state = state != nullptr;
    if (state != nullptr) {
        *step = state->step();
        *exp_avg = copied(state->exp_avg());
        *exp_avg_sq = copied(state->exp_avg_sq());
        *max_exp_avg_sq = copied(state->max_exp_avg_sq());
    }
    CT_CATCH
}

ct_error ct_adam_set_state(
    ct_optimizer optimizer, size_t count, const bool *has_state, const int64_t *steps, const ct_tensor *exp_avg,
    const ct_tensor *exp_avg_sq, const ct_tensor *max_exp_avg_sq) {
    CT_TRY
    torch::optim::Optimizer &target = *optimizer->optimizer;
    options_of<torch::optim::AdamOptions>(target, "Adam");
    if (count != parameter_count(target)) {
        throw std::invalid_argument(
            "state for " + std::to_string(count) + " parameters, the optimizer has " +
            std::to_string(parameter_count(target)));
    }
    std::decay_t<decltype(target.state())> replacement;
    for (size_t index = 0; index < count; ++index) {
        if (!has_state[index]) {
            continue;
        }
        const at::Tensor &parameter = parameter_at(target, index);
        if (steps[index] < 0 || exp_avg[index] == nullptr || exp_avg_sq[index] == nullptr) {
            throw std::invalid_argument("incomplete Adam state for parameter " + std::to_string(index));
        }
        auto state = std::make_unique<torch::optim::AdamParamState>();
        state->step(steps[index]);
        state->exp_avg(state_for(exp_avg[index], "exp_avg", parameter, index));
        state->exp_avg_sq(state_for(exp_avg_sq[index], "exp_avg_sq", parameter, index));
        if (max_exp_avg_sq[index] != nullptr) {
            state->max_exp_avg_sq(state_for(max_exp_avg_sq[index], "max_exp_avg_sq", parameter, index));
        }
        replacement[state_key<std::decay_t<decltype(target.state())>::key_type>(parameter)] = std::move(state);
    }
    target.state() = std::move(replacement);
    CT_CATCH
}

ct_error ct_adam_options(
    ct_optimizer optimizer, double *lr, double *beta1, double *beta2, double *eps, double *weight_decay,
    bool *amsgrad) {
    CT_TRY
    auto &options = options_of<torch::optim::AdamOptions>(*optimizer->optimizer, "Adam");
    *lr = options.lr();
    *beta1 = std::get<0>(options.betas());
    *beta2 = std::get<1>(options.betas());
    *eps = options.eps();
    *weight_decay = options.weight_decay();
    *amsgrad = options.amsgrad();
    CT_CATCH
}

ct_error ct_adam_set_options(
    ct_optimizer optimizer, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad) {
    CT_TRY
    options_of<torch::optim::AdamOptions>(*optimizer->optimizer, "Adam");
    for (auto &group : optimizer->optimizer->param_groups()) {
        auto &options = static_cast<torch::optim::AdamOptions &>(group.options());
        options.lr(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad);
    }
    CT_CATCH
}

ct_error ct_sgd_state(ct_optimizer optimizer, size_t index, ct_tensor *momentum_buffer) {
    CT_TRY
    options_of<torch::optim::SGDOptions>(*optimizer->optimizer, "SGD");
    const at::Tensor &parameter = parameter_at(*optimizer->optimizer, index);
    auto *state = parameter_state<torch::optim::SGDParamState>(*optimizer->optimizer, parameter);
    *momentum_buffer = state != nullptr ? copied(state->momentum_buffer()) : nullptr;
    CT_CATCH
}

ct_error ct_sgd_set_state(ct_optimizer optimizer, size_t count, const ct_tensor *momentum_buffer) {
    CT_TRY
    torch::optim::Optimizer &target = *optimizer->optimizer;
    options_of<torch::optim::SGDOptions>(target, "SGD");
    if (count != parameter_count(target)) {
        throw std::invalid_argument(
            "state for " + std::to_string(count) + " parameters, the optimizer has " +
            std::to_string(parameter_count(target)));
    }
    std::decay_t<decltype(target.state())> replacement;
    for (size_t index = 0; index < count; ++index) {
        if (momentum_buffer[index] == nullptr) {
            continue;
        }
        const at::Tensor &parameter = parameter_at(target, index);
        auto state = std::make_unique<torch::optim::SGDParamState>();
        state->momentum_buffer(state_for(momentum_buffer[index], "momentum_buffer", parameter, index));
        replacement[state_key<std::decay_t<decltype(target.state())>::key_type>(parameter)] = std::move(state);
    }
    target.state() = std::move(replacement);
    CT_CATCH
}

ct_error ct_sgd_options(
    ct_optimizer optimizer, double *lr, double *momentum, double *dampening, double *weight_decay, bool *nesterov) {
    CT_TRY
    auto &options = options_of<torch::optim::SGDOptions>(*optimizer->optimizer, "SGD");
    *lr = options.lr();
    *momentum = options.momentum();
    *dampening = options.dampening();
    *weight_decay = options.weight_decay();
    *nesterov = options.nesterov();
    CT_CATCH
}

ct_error ct_sgd_set_options(
    ct_optimizer optimizer, double lr, double momentum, double dampening, double weight_decay, bool nesterov) {
    CT_TRY
    options_of<torch::optim::SGDOptions>(*optimizer->optimizer, "SGD");
    for (auto &group : optimizer->optimizer->param_groups()) {
        auto &options = static_cast<torch::optim::SGDOptions &>(group.options());
        options.lr(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay).nesterov(nesterov);
    }
    CT_CATCH
}

void ct_bytes_free(uint8_t *data) { std::free(data); }

void ct_optimizer_free(ct_optimizer optimizer) {
    if (optimizer != nullptr) {
        delete optimizer;
        count_freed();
    }
}

}  // extern "C"
