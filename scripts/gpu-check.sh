#!/usr/bin/env bash
# The prepared GPU check for `train --device cuda` (issue: device-agnostic training). On a machine with an NVIDIA GPU
# and PyTorch 2.x it:
#   1. asks Python's torch which GPU it sees (name, count, torch version) and checks that `train` uses cuda:0;
#   2. trains 1 epoch on the CPU and 1 epoch on the GPU from the same seed (same initial weights, same batch order)
#      and compares the first epoch's metrics: |Δ| <= TOLERANCE (default 0.01) for train/test loss and accuracy
#      (cuDNN's convolution algorithms and TF32 round differently from the CPU's);
#   3. times EPOCHS epochs (default 3) on each device and prints seconds per epoch.
# Without a visible CUDA GPU it says so and exits 77 (skipped): nothing is trained.
#
#   scripts/gpu-check.sh                       # builds generated/going_modular against .venvs/torch2's libtorch
#   scripts/gpu-check.sh --bin DIR --torch-lib /path/to/site-packages/torch/lib --data DIR
#
# --bin: a folder with `train` built elsewhere against the same torch version, for a GPU machine without a Swift
# toolchain: build it with `TORCH_RUNTIME_LIBTORCH=... swift build -c release --static-swift-stdlib
# --package-path generated/going_modular`, send it gzipped, and give this machine's torch/lib as --torch-lib.
# --data: a folder with train/ and test/ image folders (default: get_data's stand-in in data/).
# PYTHON: a Python with torch 2.x (default: .venvs/torch2/bin/python, else python3).
# GPU_CHECK_DEVICE: the device compared with the CPU (default cuda); `cpu` dry-runs the comparison and timing
# without a GPU, to check the script itself.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="" torch_lib="" data="" epochs="${EPOCHS:-3}" tolerance="${TOLERANCE:-0.01}"
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --torch-lib) torch_lib="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --epochs) epochs="$2"; shift 2 ;;
        *) echo "gpu-check: unknown argument '$1'" >&2; exit 64 ;;
    esac
done
python="${PYTHON:-}"
[ -n "$python" ] || { [ -x .venvs/torch2/bin/python ] && python=.venvs/torch2/bin/python || python=python3; }

report=$("$python" - <<'PY' 2>/dev/null || echo "none"
import os, torch
available = torch.cuda.is_available()
name = torch.cuda.get_device_name(0) if available else "-"
print(torch.__version__, available, torch.cuda.device_count(), os.path.dirname(torch.__file__), name, sep="|")
PY
)
if [ "$report" = none ]; then
    echo "gpu-check: skipped: $python cannot import torch (run scripts/install-torch2.sh, or set PYTHON)" >&2
    exit 77
fi
IFS='|' read -r version available count torch_dir gpu_name <<<"$report"
echo "gpu-check: Python torch $version, cuda available: $available, GPUs: $count, GPU 0: $gpu_name"
gpu="${GPU_CHECK_DEVICE:-cuda}"
if [ "$available" != True ] && [ "$gpu" != cpu ]; then
    echo "gpu-check: skipped: no CUDA GPU is visible to torch $version on $(hostname); nothing was run on a GPU" >&2
    exit 77
fi

torch_lib="${torch_lib:-$torch_dir/lib}"
if [ -z "$bin" ]; then
    echo "+ building generated/going_modular (release) against $torch_dir"
    TORCH_RUNTIME_LIBTORCH="$torch_dir" swift build -c release --package-path generated/going_modular \
        --scratch-path "$PWD/.build-going_modular-torch2"
    bin="$PWD/.build-going_modular-torch2/release"
fi
export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -z "$data" ]; then
    "$bin/get_data" --data-dir data >/dev/null
    if [ -d data/pizza_steak_sushi/train ]; then data=data/pizza_steak_sushi; else data=data/fashion_mnist_standin; fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # device epochs -> output in $work/$1-$2.out, seconds in $work/$1-$2.time
    local start end
    start=$(date +%s.%N)
    "$bin/train" --device "$1" --num-epochs "$2" --train-dir "$data/train" --test-dir "$data/test" \
        --seed 42 --model-dir "$work/$1-$2" >"$work/$1-$2.out"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }' >"$work/$1-$2.time"
}
metrics() { grep '^Epoch: 1 ' "$1" | sed 's/[^0-9. ]//g' | awk '{print $2, $3, $4, $5}'; }

expected=$([ "$gpu" = cuda ] && echo cuda:0 || echo "$gpu")
run cpu 1
run "$gpu" 1
grep -q "^\[INFO\] Using device: $expected\$" "$work/$gpu-1.out" ||
    { echo "gpu-check: FAIL: train did not use $expected" >&2; exit 1; }
read -r -a on_cpu <<<"$(metrics "$work/cpu-1.out")"
read -r -a on_gpu <<<"$(metrics "$work/$gpu-1.out")"
echo "epoch 1 on cpu:  ${on_cpu[*]}   (train_loss train_acc test_loss test_acc)"
echo "epoch 1 on $gpu: ${on_gpu[*]}"
status=0
for i in 0 1 2 3; do
    if ! awk -v a="${on_cpu[$i]}" -v b="${on_gpu[$i]}" -v t="$tolerance" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; then
        echo "gpu-check: FAIL: metric $((i + 1)) differs by more than $tolerance" >&2
        status=1
    fi
done

run cpu "$epochs"
[ "$gpu" = cpu ] || run "$gpu" "$epochs"
for device in cpu $([ "$gpu" = cpu ] || echo "$gpu"); do
    seconds=$(cat "$work/$device-$epochs.time")
    awk -v d="$device" -v n="$epochs" -v s="$seconds" 'BEGIN {
        printf "gpu-check: %s: %d epochs in %.1f s (%.2f s/epoch, process start and data loading included)\n", d, n, s, s / n }' 
done
[ "$status" -eq 0 ] && echo "gpu-check: passed ($gpu, GPU 0: $gpu_name, torch $version, tolerance $tolerance)"
exit "$status"
