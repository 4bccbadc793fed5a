// The shim's private handle types, shared by its C++ files (ctorch.cpp, ctorch_distributed.cpp): a tensor handle and
// an error. Not part of the C API (include/ stays opaque to Swift); one definition, so the files cannot drift apart.
#pragma once

#include "ctorch.h"

#include <ATen/ATen.h>

#include <string>

struct ct_tensor_s {
    at::Tensor tensor;
};

struct ct_error_s {
    ct_error_kind kind;
    std::string message;
};
