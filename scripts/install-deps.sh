#!/usr/bin/env bash
# Installs the Debian packages nb2swift needs, when they are missing. Safe to run again.
# Usage: scripts/install-deps.sh [converter|all]   (default: all)
set -euo pipefail

converter=(pkg-config "libcmark-dev=0.30.2*")
runtime=(libtorch-dev libgloo-dev libturbojpeg0-dev libpng-dev dataset-fashion-mnist python3-torch python3-torchvision)

want=("${converter[@]}")
[ "${1:-all}" = converter ] || want+=("${runtime[@]}")

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
