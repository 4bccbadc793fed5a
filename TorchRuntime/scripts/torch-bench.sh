#!/usr/bin/env bash
# Swift (torch-bench on libtorch) vs Python torch: TinyVGG training steps at batch 32, 64x64, hidden 10, Adam.
# Runs the two interleaved, ROUNDS times at each thread count (1 and 2), and prints Swift/Python ratios of the
# step times (< 1.0: Swift is faster).
#
# Usage: scripts/torch-bench.sh [ROUNDS] [STEPS]     (defaults: 5 rounds of 30 timed steps after 5 warm-up steps)
#        CHANNELS_LAST=1 scripts/torch-bench.sh ...   both sides with the model and the batch in channels-last order
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
# libgomp's worker threads spin between parallel regions by default; on a machine with more runnable threads than
# cores the spinning steals the cores the other worker needs, and 2-thread steps become 5-10x slower at random.
# Both processes wait passively unless OMP_WAIT_POLICY is set by the caller (e.g. OMP_WAIT_POLICY=ACTIVE).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}

layout=()
[ -n "${CHANNELS_LAST:-}" ] && layout=(--channels-last)

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Per run, three per-step figures: median wall time, minimum wall time (least disturbed by other processes on a
# shared machine) and median process CPU time. Each is collected per thread count; the table gives medians over
# rounds and the ratios Swift/Python.
metrics=(median_ms min_ms cpu_ms)
declare -A values
for round in $(seq 1 "$rounds"); do
    for threads in 1 2; do
        s=$("$bench" --threads "$threads" --steps "$steps" "${layout[@]}")
        p=$("$python" scripts/torch_bench.py --threads "$threads" --steps "$steps" "${layout[@]}")
        echo "round $round/$rounds  $s" >&2
        echo "round $round/$rounds  $p" >&2
        for metric in "${metrics[@]}"; do
            values[swift,$threads,$metric]+="$(echo "$s" | field "$metric") "
            values[python,$threads,$metric]+="$(echo "$p" | field "$metric") "
        done
    done
done

echo
echo "TinyVGG training step (batch 32, 64x64, hidden 10, Adam${layout[*]:+, channels-last}):" \
    "$rounds interleaved rounds of $steps timed steps"
echo "MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_ MALLOC_TRIM_THRESHOLD_=$MALLOC_TRIM_THRESHOLD_" \
    "OMP_WAIT_POLICY=$OMP_WAIT_POLICY; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %-10s %10s %10s %8s\n" threads metric swift python ratio
for threads in 1 2; do
    for metric in "${metrics[@]}"; do
        s=$(echo "${values[swift,$threads,$metric]}" | tr ' ' '\n' | grep . | median)
        p=$(echo "${values[python,$threads,$metric]}" | tr ' ' '\n' | grep . | median)
        printf "%-8s %-10s %10.3f %10.3f %8.3f\n" "$threads" "$metric" "$s" "$p" "$(awk "BEGIN {print $s / $p}")"
    done
done
