// ctorch: a flat C API over libtorch (1.13 or 2.x; CPU or CUDA), the only door between Swift and C++.
//
// Conventions:
// - Handles are opaque pointers owned by the caller and released with the matching `*_free` function.
// - Every fallible call returns `ct_error`: NULL on success, otherwise an error the caller reads with
//   `ct_error_kind_of` / `ct_error_message` and releases with `ct_error_free`. The message is libtorch's
//   `what_without_backtrace()` (or the C++ exception's `what()`); the kind says which exception class was thrown.
//   Results are written through `out` pointers only on success. No C++ exception ever leaves the shim.
// - The shim stays flat and dumb: one C function per libtorch operation, no policy. Checks and names live above it,
//   in Swift's Tensor layer.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A tensor handle (an owning reference to an `at::Tensor`).
typedef struct ct_tensor_s *ct_tensor;
/// An optimizer handle (`torch::optim::Adam` or `torch::optim::SGD`).
typedef struct ct_optimizer_s *ct_optimizer;
/// NULL on success, otherwise an error to read with `ct_error_kind_of` / `ct_error_message` and release with
/// `ct_error_free`.
typedef struct ct_error_s *ct_error;

/// The class of C++ exception behind an error.
typedef enum ct_error_kind {
    /// `c10::Error` or another exception with no more specific class below.
    CT_ERROR_LIBTORCH = 0,
    /// `c10::IndexError`: an index or dimension outside the tensor.
    CT_ERROR_INDEX = 1,
    /// `c10::ValueError`, `c10::TypeError` or `std::invalid_argument`: an argument libtorch does not accept.
    CT_ERROR_VALUE = 2,
    /// `c10::NotImplementedError`: the operation has no kernel for these inputs (e.g. this dtype).
    CT_ERROR_NOT_IMPLEMENTED = 3,
    /// `std::bad_alloc` or `c10::OutOfMemoryError`.
    CT_ERROR_OUT_OF_MEMORY = 4,
} ct_error_kind;

/// Element types, numbered for this API (not libtorch's ScalarType values).
typedef enum ct_dtype {
    CT_FLOAT32 = 0,
    CT_FLOAT64 = 1,
    CT_INT64 = 2,
    CT_INT32 = 3,
    CT_UINT8 = 4,
    CT_BOOL = 5,
} ct_dtype;

ct_error_kind ct_error_kind_of(ct_error error);
/// The message, valid until `ct_error_free`.
const char *ct_error_message(ct_error error);
void ct_error_free(ct_error error);

/// Where a tensor's storage lives, numbered for this API.
typedef enum ct_device_type {
    CT_DEVICE_CPU = 0,
    CT_DEVICE_CUDA = 1,
} ct_device_type;

/// A device: its type and index (ignored for the CPU).
typedef struct ct_device {
    ct_device_type type;
    int32_t index;
} ct_device;

// MARK: Global state
/// Live tensor + optimizer handles (created and not yet freed): the leak test's counter.
int64_t ct_live_handles(void);
/// Handles created minus handles freed by the calling thread: a leak check unaffected by other threads' work.
int64_t ct_thread_handle_balance(void);
void ct_manual_seed(uint64_t seed);
ct_error ct_set_num_threads(int32_t count);
/// Whether this process has libtorch's CUDA backend (libtorch_cuda loaded), whatever the GPUs present.
bool ct_cuda_is_built(void);
/// The number of CUDA GPUs libtorch sees (0 without the CUDA backend or without a GPU).
int64_t ct_cuda_device_count(void);
/// `torch.get_rng_state()`: a copy of the default CPU generator's state, a uint8 tensor in libtorch's own layout
/// (the same bytes in libtorch 1.13 and 2.x).
ct_error ct_get_rng_state(ct_tensor *out);
/// `torch.set_rng_state(state)`: replaces the default CPU generator's state; libtorch refuses a tensor that is not
/// such a state.
ct_error ct_set_rng_state(ct_tensor state);
/// `torch.cuda.manual_seed_all(seed)`: seeds every GPU's generator (nothing without GPUs).
ct_error ct_cuda_manual_seed_all(uint64_t seed);
/// The version of the libtorch headers the shim was compiled against, e.g. "1.13.1".
const char *ct_torch_version(void);
int32_t ct_get_num_threads(void);
/// glibc's `mallopt(M_MMAP_THRESHOLD, block_size)` and `mallopt(M_TRIM_THRESHOLD, 8 * block_size)`: freed blocks
/// up to `block_size` bytes stay in the heap for reuse. False where the C library is not glibc or refuses the size.
bool ct_retain_freed_memory(int64_t block_size);
bool ct_is_grad_enabled(void);
void ct_set_grad_enabled(bool enabled);

// MARK: Tensors: creation, metadata, reading
/// Copies `count` elements of `dtype` from `data` into a new tensor of `shape` (`count` must equal the shape's product).
/// The tensor is placed on `device`.
ct_error ct_tensor_from_data(
    const void *data, size_t count, ct_dtype dtype, const int64_t *shape, size_t rank, ct_device device,
    ct_tensor *out);
ct_error ct_tensor_zeros(const int64_t *shape, size_t rank, ct_dtype dtype, ct_device device, ct_tensor *out);
/// `torch.empty(shape, dtype=dtype, device=device)`: uninitialised values.
ct_error ct_tensor_empty(const int64_t *shape, size_t rank, ct_dtype dtype, ct_device device, ct_tensor *out);
ct_error ct_tensor_randn(const int64_t *shape, size_t rank, ct_device device, ct_tensor *out);
ct_error ct_tensor_rand(const int64_t *shape, size_t rank, ct_device device, ct_tensor *out);
void ct_tensor_free(ct_tensor tensor);
size_t ct_tensor_rank(ct_tensor tensor);
/// Writes `rank` sizes into `sizes`.
void ct_tensor_sizes(ct_tensor tensor, int64_t *sizes);
/// The tensor's dtype, or -1 for a dtype this API does not name.
int32_t ct_tensor_dtype(ct_tensor tensor);
int64_t ct_tensor_numel(ct_tensor tensor);
/// The device holding the tensor's storage.
ct_device ct_tensor_device(ct_tensor tensor);
/// Converts to `dtype` on the CPU and copies all `count` elements (row-major) into `out` (from any device).
ct_error ct_tensor_copy_to(ct_tensor tensor, ct_dtype dtype, void *out, size_t count);
/// The value of a one-element tensor, as a double.
ct_error ct_tensor_item(ct_tensor tensor, double *out);
bool ct_tensor_requires_grad(ct_tensor tensor);
ct_error ct_tensor_set_requires_grad(ct_tensor tensor, bool requires_grad);
/// The accumulated gradient; `*out` is NULL when there is none.
ct_error ct_tensor_grad(ct_tensor tensor, ct_tensor *out);
ct_error ct_tensor_backward(ct_tensor tensor);
/// `dst.copy_(src)` without recording autograd history (for loading weights into parameters).
ct_error ct_tensor_copy_(ct_tensor dst, ct_tensor src);
/// `tensor.uniform_(low, high)` without recording autograd history, drawing from the global generator (for
/// initialising parameters as `torch.nn.init` does).
ct_error ct_tensor_uniform_(ct_tensor tensor, double low, double high);

// MARK: Tensors: storages (serialization)
/// Where a tensor lies in its storage: an identity of the storage (equal for tensors sharing one; an identity only,
/// never an address to use), the storage's size in bytes, the tensor's offset into it in elements, and `rank`
/// strides in elements written into `strides`.
void ct_tensor_storage_layout(
    ct_tensor tensor, uint64_t *storage_id, int64_t *storage_nbytes, int64_t *offset, int64_t *strides);
/// Copies the first `nbytes` bytes of the tensor's whole storage (from any device) into `out`.
ct_error ct_tensor_storage_copy(ct_tensor tensor, void *out, size_t nbytes);
/// `tensor.as_strided(shape, strides, offset)`: a view of the tensor's storage (libtorch checks it stays inside).
ct_error ct_tensor_as_strided(
    ct_tensor tensor, const int64_t *shape, const int64_t *strides, size_t rank, int64_t offset, ct_tensor *out);

// MARK: Tensor operations
/// `tensor.to(device)`: the tensor itself when it is already there, else a copy on `device` (autograd records it).
ct_error ct_tensor_to_device(ct_tensor tensor, ct_device device, ct_tensor *out);
/// `tensor.data = tensor.data.to(device)` without recording history: moves a parameter in place, keeping its
/// identity (so optimizers and modules holding it follow), as `module.to(device)` does.
ct_error ct_tensor_move_data_(ct_tensor tensor, ct_device device);
ct_error ct_tensor_to_dtype(ct_tensor tensor, ct_dtype dtype, ct_tensor *out);
/// How a tensor's elements are laid out in memory (`torch.memory_format`).
typedef enum ct_memory_format {
    /// Row-major in the order of the dimensions (`torch.contiguous_format`: NCHW for images).
    CT_MEMORY_CONTIGUOUS = 0,
    /// Channels innermost for 4-D tensors (`torch.channels_last`: NHWC in memory, NCHW in shape).
    CT_MEMORY_CHANNELS_LAST = 1,
} ct_memory_format;
/// `tensor.contiguous(memory_format=format)`: the tensor itself when already laid out so, else a copy (autograd
/// records it). CT_MEMORY_CHANNELS_LAST needs a 4-D tensor.
ct_error ct_tensor_contiguous(ct_tensor tensor, ct_memory_format format, ct_tensor *out);
/// Whether the tensor is laid out in `format` (`tensor.is_contiguous(memory_format=format)`).
bool ct_tensor_is_contiguous(ct_tensor tensor, ct_memory_format format);
/// `tensor.data = tensor.data.contiguous(memory_format=format)` without recording history: lays a parameter out
/// again in place, keeping its identity, as `module.to(memory_format=format)` does (non-4-D tensors are left as
/// they are, as PyTorch does).
ct_error ct_tensor_relayout_data_(ct_tensor tensor, ct_memory_format format);
ct_error ct_tensor_detach(ct_tensor tensor, ct_tensor *out);
ct_error ct_tensor_clone(ct_tensor tensor, ct_tensor *out);
ct_error ct_tensor_reshape(ct_tensor tensor, const int64_t *shape, size_t rank, ct_tensor *out);
ct_error ct_tensor_flatten(ct_tensor tensor, int64_t start_dim, int64_t end_dim, ct_tensor *out);
ct_error ct_tensor_unsqueeze(ct_tensor tensor, int64_t dim, ct_tensor *out);
ct_error ct_tensor_squeeze(ct_tensor tensor, int64_t dim, ct_tensor *out);
ct_error ct_tensor_permute(ct_tensor tensor, const int64_t *dims, size_t rank, ct_tensor *out);
/// `tensor.select(dim, index)`: indexing with one integer (negative counts from the end).
ct_error ct_tensor_select(ct_tensor tensor, int64_t dim, int64_t index, ct_tensor *out);
ct_error ct_tensor_narrow(ct_tensor tensor, int64_t dim, int64_t start, int64_t length, ct_tensor *out);
ct_error ct_tensor_cat(const ct_tensor *tensors, size_t count, int64_t dim, ct_tensor *out);
ct_error ct_tensor_stack(const ct_tensor *tensors, size_t count, int64_t dim, ct_tensor *out);

typedef enum ct_binary_op {
    CT_ADD = 0,
    CT_SUB = 1,
    CT_MUL = 2,
    CT_DIV = 3,
    CT_EQ = 4,
    CT_MATMUL = 5,
    CT_MAXIMUM = 6,
    CT_MINIMUM = 7,
} ct_binary_op;
ct_error ct_tensor_binary(ct_binary_op op, ct_tensor lhs, ct_tensor rhs, ct_tensor *out);
/// `op` between a tensor and a scalar (CT_ADD, CT_SUB, CT_MUL, CT_DIV, CT_EQ).
ct_error ct_tensor_binary_scalar(ct_binary_op op, ct_tensor lhs, double rhs, ct_tensor *out);

typedef enum ct_unary_op {
    CT_NEG = 0,
    CT_EXP = 1,
    CT_LOG = 2,
    CT_SQRT = 3,
    CT_ABS = 4,
    CT_RELU = 5,
    CT_SIGMOID = 6,
    CT_TANH = 7,
} ct_unary_op;
ct_error ct_tensor_unary(ct_unary_op op, ct_tensor tensor, ct_tensor *out);

typedef enum ct_reduction {
    CT_SUM = 0,
    CT_MEAN = 1,
    CT_MAX = 2,
    CT_MIN = 3,
} ct_reduction;
/// A reduction over all elements.
ct_error ct_tensor_reduce(ct_reduction reduction, ct_tensor tensor, ct_tensor *out);
/// A reduction over one dimension (for CT_MAX / CT_MIN: the values).
ct_error ct_tensor_reduce_dim(ct_reduction reduction, ct_tensor tensor, int64_t dim, bool keepdim, ct_tensor *out);
ct_error ct_tensor_argmax(ct_tensor tensor, int64_t dim, bool keepdim, ct_tensor *out);
ct_error ct_tensor_softmax(ct_tensor tensor, int64_t dim, ct_tensor *out);
ct_error ct_tensor_log_softmax(ct_tensor tensor, int64_t dim, ct_tensor *out);

// MARK: Neural-network functions
/// `torch.nn.functional.conv2d`; `bias` may be NULL.
ct_error ct_conv2d(
    ct_tensor input, ct_tensor weight, ct_tensor bias, int64_t stride_h, int64_t stride_w, int64_t padding_h,
    int64_t padding_w, int64_t dilation_h, int64_t dilation_w, int64_t groups, ct_tensor *out);
/// `torch.nn.functional.max_pool2d` (dilation 1, floor mode).
ct_error ct_max_pool2d(
    ct_tensor input, int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t padding_h,
    int64_t padding_w, ct_tensor *out);
/// `torch.nn.functional.linear`; `bias` may be NULL.
ct_error ct_linear(ct_tensor input, ct_tensor weight, ct_tensor bias, ct_tensor *out);

/// How a loss combines the per-sample values (numbered as libtorch's `at::Reduction`).
typedef enum ct_reduction_mode {
    CT_REDUCTION_NONE = 0,
    CT_REDUCTION_MEAN = 1,
    CT_REDUCTION_SUM = 2,
} ct_reduction_mode;
/// `torch.nn.functional.cross_entropy(logits, target, reduction=..., label_smoothing=...)`.
ct_error ct_cross_entropy(
    ct_tensor logits, ct_tensor target, ct_reduction_mode reduction, double label_smoothing, ct_tensor *out);
/// `torch.nn.functional.nll_loss(log_probabilities, target, reduction=...)`.
ct_error ct_nll_loss(ct_tensor log_probabilities, ct_tensor target, ct_reduction_mode reduction, ct_tensor *out);

// MARK: Optimizers
ct_error ct_adam_new(
    const ct_tensor *parameters, size_t count, double lr, double beta1, double beta2, double eps,
    double weight_decay, bool amsgrad, ct_optimizer *out);
ct_error ct_sgd_new(
    const ct_tensor *parameters, size_t count, double lr, double momentum, double dampening, double weight_decay,
    bool nesterov, ct_optimizer *out);
ct_error ct_optimizer_zero_grad(ct_optimizer optimizer);
ct_error ct_optimizer_step(ct_optimizer optimizer);
ct_error ct_optimizer_set_lr(ct_optimizer optimizer, double lr);
/// Serialises the optimizer's per-parameter state (`optimizer.save(archive)`: Adam's step, exp_avg, exp_avg_sq,
/// max_exp_avg_sq; SGD's momentum_buffer) into a new heap buffer of `*size` bytes, released with `ct_bytes_free`.
ct_error ct_optimizer_save_state(ct_optimizer optimizer, uint8_t **data, size_t *size);
/// Replaces the optimizer's state with the one in `data` (bytes from `ct_optimizer_save_state` of the same kind of
/// optimizer over parameters of the same shapes), placed on the device of the optimizer's first parameter (a state
/// saved on a GPU loads on the CPU and back). On any error the previous state is kept unchanged.
ct_error ct_optimizer_load_state(ct_optimizer optimizer, const uint8_t *data, size_t size);
/// The number of parameters the optimizer updates, over all its groups (the indices of the functions below).
size_t ct_optimizer_parameter_count(ct_optimizer optimizer);
/// Adam's state of parameter `index`: `*has_state` is false before its first step; otherwise its step count and new
/// handles to copies of exp_avg, exp_avg_sq and max_exp_avg_sq (`*max_exp_avg_sq` NULL when libtorch has none).
ct_error ct_adam_state(
    ct_optimizer optimizer, size_t index, bool *has_state, int64_t *step, ct_tensor *exp_avg, ct_tensor *exp_avg_sq,
    ct_tensor *max_exp_avg_sq);
/// Replaces Adam's whole per-parameter state. Entry i of each array belongs to parameter i (`count` must be the
/// parameter count): no state when `has_state[i]` is false; `max_exp_avg_sq[i]` may be NULL. The tensors are copied
/// to the parameter's dtype and device and must have its shape; steps must not be negative. All or nothing.
ct_error ct_adam_set_state(
    ct_optimizer optimizer, size_t count, const bool *has_state, const int64_t *steps, const ct_tensor *exp_avg,
    const ct_tensor *exp_avg_sq, const ct_tensor *max_exp_avg_sq);
/// Adam's hyper-parameters (those of its first group).
ct_error ct_adam_options(
    ct_optimizer optimizer, double *lr, double *beta1, double *beta2, double *eps, double *weight_decay,
    bool *amsgrad);
/// Sets Adam's hyper-parameters in every group.
ct_error ct_adam_set_options(
    ct_optimizer optimizer, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad);
/// SGD's momentum buffer of parameter `index`: a new handle to a copy, NULL when there is none.
ct_error ct_sgd_state(ct_optimizer optimizer, size_t index, ct_tensor *momentum_buffer);
/// Replaces SGD's whole per-parameter state: `momentum_buffer[i]` (NULL: none) belongs to parameter i, copied to
/// its dtype and device, of its shape. All or nothing.
ct_error ct_sgd_set_state(ct_optimizer optimizer, size_t count, const ct_tensor *momentum_buffer);
/// SGD's hyper-parameters (those of its first group).
ct_error ct_sgd_options(
    ct_optimizer optimizer, double *lr, double *momentum, double *dampening, double *weight_decay, bool *nesterov);
/// Sets SGD's hyper-parameters in every group.
ct_error ct_sgd_set_options(
    ct_optimizer optimizer, double lr, double momentum, double dampening, double weight_decay, bool nesterov);
void ct_optimizer_free(ct_optimizer optimizer);
/// Releases a buffer returned by the shim.
void ct_bytes_free(uint8_t *data);

#ifdef __cplusplus
}
#endif
