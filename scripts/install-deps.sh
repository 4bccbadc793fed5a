#!/usr/bin/env bash
# Installs the Debian packages nb2swift needs, when they are missing, and (for the runtime) the interop venv.
# Safe to run again.
# Usage: scripts/install-deps.sh [converter|docs|all]   (default: all; docs: the converter's and chromium, which
# scripts/docs-preview.sh drives to check the rendered lesson in `make docs`)
set -euo pipefail
cd "$(dirname "$0")/.."

converter=(pkg-config "libcmark-dev=0.30.2*")
runtime=(libtorch-dev libgloo-dev libturbojpeg0-dev libpng-dev dataset-fashion-mnist python3-torch python3-torchvision
    python3-venv)

docs=(chromium)

want=("${converter[@]}")
case "${1:-all}" in
    converter) ;;
    docs) want+=("${docs[@]}") ;;
    *) want+=("${runtime[@]}") ;;
esac

missing=()
for spec in "${want[@]}"; do
    pkg=${spec%%=*}
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$spec")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# libcmark's output changes in 0.31: the converter is pinned to 0.30.2.
version=$(dpkg-query -W -f='${Version}' libcmark-dev)
case "$version" in
    0.30.2*) ;;
    *) echo "warning: libcmark-dev $version is installed; nb2swift's markdown output is pinned to 0.30.2" >&2 ;;
esac
case "${1:-all}" in converter | docs) exit 0 ;; esac

# The interop venv (.venvs/interop, git-ignored): Debian's Python 3.11 and torch 1.13 (--system-site-packages) plus
# PyPI's tensorboard, whose EventAccumulator reads the runtime's event files in TorchTests, and torchinfo 1.8, whose
# tables TorchTests/Fixtures/make_summary_fixtures.py records. Made once, remade when a pinned version is missing;
# INTEROP_VENV chooses the folder (the tests read TORCH_RUNTIME_INTEROP_PYTHON).
interop="${INTEROP_VENV:-.venvs/interop}"
interop_pins=("tensorboard==2.21.0" "torchinfo==1.8.0")
interop_ready() {
    [ -x "$interop/bin/python" ] && "$interop/bin/python" - "${interop_pins[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import torch, tensorboard, torchinfo  # noqa: F401  (torch: Debian's, through the system site-packages)
sys.exit(any(version(name) != wanted for name, wanted in (pin.split("==") for pin in sys.argv[1:])))
PY
}
if ! interop_ready; then
    echo "+ creating $interop (tensorboard, torchinfo from PyPI over Debian's torch)" >&2
    rm -rf "$interop"
    /usr/bin/python3 -m venv --system-site-packages "$interop"
    "$interop/bin/python" -m pip install --quiet --disable-pip-version-check "${interop_pins[@]}" >&2
    interop_ready || { echo "error: $interop does not import torch, tensorboard and torchinfo" >&2; exit 1; }
fi
