#!/usr/bin/env bash
# Makes the venv that `make test-torch2` builds the runtime against: PyPI's torch, pinned, in .venvs/torch2
# (git-ignored). The wheel brings libtorch's headers and libraries (torch/include, torch/lib) and, as a dependency,
# the CUDA runtime libraries (~5 GB in all; libtorch_cpu.so needs them even on a CPU-only machine).
# Prints the torch package folder, the value for TORCH_RUNTIME_LIBTORCH.
#   scripts/install-torch2.sh            # create or reuse .venvs/torch2
#   TORCH2_VERSION=2.15.0 PYTHON=python3 scripts/install-torch2.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version="${TORCH2_VERSION:-2.15.0}"
venv="${TORCH2_VENV:-.venvs/torch2}"
python="${PYTHON:-python3}"

installed() {
    [ -x "$venv/bin/python" ] &&
        [ "$("$venv/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null)" = "$version" ]
}

if ! installed; then
    echo "+ creating $venv with torch==$version (a large download)" >&2
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "torch==$version" >&2
fi
installed || { echo "error: $venv does not hold torch $version" >&2; exit 1; }
"$venv/bin/python" -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2>/dev/null
