// Placeholder: the flat C API over libtorch (issue 3).
#pragma once
