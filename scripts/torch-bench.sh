#!/usr/bin/env bash
# Swift (torch-bench on libtorch) vs Python torch: TinyVGG training steps at batch 32, 64x64, hidden 10, Adam.
# Runs the two interleaved, ROUNDS times at each thread count, and prints the Swift/Python ratio of median
# step times (< 1.0: Swift is faster).
#
# Usage: scripts/torch-bench.sh [ROUNDS] [STEPS]     (defaults: 5 rounds of 30 timed steps after 5 warm-up steps)
#
# glibc malloc's adaptive mmap threshold makes step times bimodal (large tensor buffers flip between mmap and the
# heap as the threshold adapts). Both processes get fixed thresholds through the environment, which turns the
# adaptation off: MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ below.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
steps=${2:-30}
python=/usr/bin/python3
scratch=${TORCH_BENCH_SCRATCH:-.build-torch-bench}

echo "Building torch-bench (release)..." >&2
swift build -c release --product torch-bench --scratch-path "$scratch" >&2
bench="$scratch/release/torch-bench"

export MALLOC_MMAP_THRESHOLD_=$((64 * 1024 * 1024))
export MALLOC_TRIM_THRESHOLD_=$((128 * 1024 * 1024))

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A swift_times python_times ratios
for round in $(seq 1 "$rounds"); do
    for threads in 1 2; do
        s=$("$bench" --threads "$threads" --steps "$steps")
        p=$("$python" scripts/torch_bench.py --threads "$threads" --steps "$steps")
        echo "round $round/$rounds  $s" >&2
        echo "round $round/$rounds  $p" >&2
        swift_times[$threads]+="$(echo "$s" | field median_ms) "
        python_times[$threads]+="$(echo "$p" | field median_ms) "
        ratios[$threads]+="$(awk "BEGIN {print $(echo "$s" | field median_ms) / $(echo "$p" | field median_ms)}") "
    done
done

echo
echo "TinyVGG step (batch 32, 64x64, hidden 10, Adam), median over $rounds rounds of per-run medians ($steps steps)"
echo "MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_ MALLOC_TRIM_THRESHOLD_=$MALLOC_TRIM_THRESHOLD_"
echo "ratio = Swift/Python of the medians; paired = median of the per-round Swift/Python ratios"
printf "%-8s %12s %12s %8s %8s\n" threads swift_ms python_ms ratio paired
for threads in 1 2; do
    s=$(echo "${swift_times[$threads]}" | tr ' ' '\n' | grep . | median)
    p=$(echo "${python_times[$threads]}" | tr ' ' '\n' | grep . | median)
    r=$(echo "${ratios[$threads]}" | tr ' ' '\n' | grep . | median)
    printf "%-8s %12.3f %12.3f %8.3f %8.3f\n" "$threads" "$s" "$p" "$(awk "BEGIN {print $s / $p}")" "$r"
done
