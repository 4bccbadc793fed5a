#!/usr/bin/env bash
# Benchmark: the Swift `train` of generated/going_modular against our PyTorch reference (reference/going_modular/
# train.py, Debian's torch 1.13), both training TinyVGG for 5 epochs on the Fashion-MNIST stand-in with the
# lesson's settings (batch 32, 10 hidden units, lr 0.001, Adam, DataLoader with 2 workers), alternated in one run.
# Prints, per round (seed 42, 43, ...: the same for both) and as medians: wall time, peak RSS (/usr/bin/time -v) and
# final test accuracy of each, and the wall-time ratio Swift / PyTorch.
#
# Usage: scripts/bench-pipeline.sh [ROUNDS]   (default 3; builds the release package first unless BENCH_NO_BUILD=1,
#        and the data when missing). PYTHON_PASSIVE=1 runs the Python side with OMP_WAIT_POLICY=PASSIVE too (the
#        Swift `train` sets it for itself, through COpenMPStartup); by default Python runs as a user runs the lesson.
#        SWIFT_ENV="VAR=VALUE ..." runs the Swift side with those variables: SWIFT_ENV=OMP_WAIT_POLICY=PASSIVE starts
#        `train` with the policy already set (no restart: what the former train launcher gave its trainer);
#        SWIFT_ENV=OMP_WAIT_POLICY= (empty) keeps libgomp's default policy (spinning), to see what the policy saves.
#        SWIFT_ARGS="..." adds arguments to the Swift `train` (e.g. SWIFT_ARGS=--no-cache decodes every epoch again).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
scratch="$PWD/.build-going_modular"
bin="$scratch/release"
data=data/fashion_mnist_standin
python=/usr/bin/python3

if [ -z "${BENCH_NO_BUILD:-}" ]; then
    echo "building generated/going_modular (release) ..." >&2
    swift build -c release --package-path generated/going_modular --scratch-path "$scratch" >&2
fi
[ -d "$data/train" ] || "$bin/get_data" --data-dir data --offline >&2
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME COMMAND...: runs once under /usr/bin/time -v; prints "seconds rss_kib test_acc".
run() {
    local name=$1
    shift
    rm -rf "$work/$name-model"
    /usr/bin/time -v -o "$work/$name.time" "$@" --model-dir "$work/$name-model" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "error: $name failed:" >&2
        cat "$work/$name.err" >&2
        exit 1
    }
    local wall rss acc
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/$name.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time")
    acc=$(awk -F'test_acc: ' '/^Epoch: 5 / { print $2 }' "$work/$name.out")
    echo "$wall $rss $acc"
}

swift_env=()
[ -n "${SWIFT_ENV+set}" ] && read -r -a swift_env <<<"env ${SWIFT_ENV}"
swift_cmd=("${swift_env[@]}" "$bin/train" --train-dir "$data/train" --test-dir "$data/test" --num-epochs 5 --batch-size 32
    --hidden-units 10 --lr 0.001 --workers 2)
swift_args=()
[ -n "${SWIFT_ARGS:-}" ] && read -r -a swift_args <<<"${SWIFT_ARGS}"
swift_cmd+=("${swift_args[@]}")
python_env=()
[ -n "${PYTHON_PASSIVE:-}" ] && python_env=(env OMP_WAIT_POLICY=PASSIVE)
python_cmd=("${python_env[@]}" "$python" reference/going_modular/train.py --train_dir "$data/train" --test_dir "$data/test"
    --num_epochs 5 --batch_size 32 --hidden_units 10 --lr 0.001 --workers 2)

div() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }

echo "swift: ${swift_env[*]:-default environment}${swift_args[*]:+, arguments ${swift_args[*]}}; python: ${python_env[*]:-default environment}"
printf '%-6s %-5s %-8s %10s %12s %10s\n' round seed impl wall_s peak_MiB test_acc
: >"$work/swift.all"
: >"$work/python.all"
for round in $(seq 1 "$rounds"); do
    # Alternate which one goes first, so neither always runs on a warmer machine.
    if [ $((round % 2)) -eq 1 ]; then order="swift python"; else order="python swift"; fi
    # A new seed each round (the same for both): one seed's final accuracy says little after 5 epochs.
    seed=$((41 + round))
    for impl in $order; do
        if [ "$impl" = swift ]; then
            result=$(run swift "${swift_cmd[@]}" --seed "$seed")
        else
            result=$(run python "${python_cmd[@]}" --seed "$seed")
        fi
        echo "$result" >>"$work/$impl.all"
        read -r wall rss acc <<<"$result"
        printf '%-6s %-5s %-8s %10.2f %12.1f %10s\n' "$round" "$seed" "$impl" "$wall" "$(div "$rss" 1024)" "$acc"
    done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
swift_wall=$(awk '{ print $1 }' "$work/swift.all" | median)
python_wall=$(awk '{ print $1 }' "$work/python.all" | median)
swift_rss=$(awk '{ print $2 }' "$work/swift.all" | median)
python_rss=$(awk '{ print $2 }' "$work/python.all" | median)
swift_acc=$(awk '{ print $3 }' "$work/swift.all" | median)
python_acc=$(awk '{ print $3 }' "$work/python.all" | median)
echo
printf 'median   swift: %.2f s, %.1f MiB peak RSS, final test_acc %s\n' "$swift_wall" "$(div "$swift_rss" 1024)" "$swift_acc"
printf 'median pytorch: %.2f s, %.1f MiB peak RSS, final test_acc %s\n' "$python_wall" "$(div "$python_rss" 1024)" "$python_acc"
printf 'wall-time ratio swift/pytorch: %.3f (target <= 0.3); RSS ratio: %.3f (target <= 1)\n' \
    "$(div "$swift_wall" "$python_wall")" "$(div "$swift_rss" "$python_rss")"
