#!/usr/bin/env bash
# Installs the Debian packages nb2swift needs, when they are missing. Safe to run again.
# Usage: scripts/install-deps.sh [converter|all]   (default: all)
set -euo pipefail

converter=(pkg-config libcmark-dev)
runtime=(libtorch-dev libturbojpeg0-dev libpng-dev dataset-fashion-mnist python3-torch python3-torchvision)

want=("${converter[@]}")
[ "${1:-all}" = converter ] || want+=("${runtime[@]}")

missing=()
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
echo "Installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# libcmark's output changes in 0.31: the converter is pinned to 0.30.2.
version=$(dpkg-query -W -f='${Version}' libcmark-dev)
case "$version" in
    0.30.2*) ;;
    *) echo "warning: libcmark-dev $version installed; nb2swift is pinned to 0.30.2" >&2 ;;
esac
