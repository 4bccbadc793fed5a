// Placeholder: the shim over <torch/torch.h> (issue 3).
#include "ctorch.h"
