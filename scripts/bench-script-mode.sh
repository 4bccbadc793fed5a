#!/usr/bin/env bash
# Script mode: `nb2swift script` (lossless and --pretty) vs `jupyter nbconvert --to script`, both converting the
# 26 fast.ai Swift notebooks of ../shared/corpus/fastai-course-v3/notebooks in one invocation each. Runs them
# interleaved ROUNDS times and prints the median wall time and peak memory (max RSS) of each, and the
# nb2swift/nbconvert ratios (< 1.0: nb2swift is faster / smaller). nbconvert writes code cells only (it drops the
# markdown of non-Python notebooks); nb2swift also writes every markdown cell and the marker lines.
#
# Usage: scripts/bench-script-mode.sh [ROUNDS]      (default 7)
# nb2swift is $NB2SWIFT when set, else a release build in $SCRIPT_BENCH_SCRATCH (.build-md).
# nbconvert comes from $NBCONVERT (a jupyter-nbconvert executable), else from a venv made on first use in
# .build-bench-venv (pip install nbconvert).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
shared=${NB2SWIFT_SHARED:-../shared}
corpus="$shared/corpus/fastai-course-v3/notebooks"
scratch=${SCRIPT_BENCH_SCRATCH:-.build-md}
[ -d "$corpus" ] || { echo "no corpus at $corpus (set NB2SWIFT_SHARED)" >&2; exit 2; }

nb2swift=${NB2SWIFT:-}
if [ -z "$nb2swift" ]; then
    echo "Building nb2swift (release)..." >&2
    swift build -c release --product nb2swift --scratch-path "$scratch" >&2
    nb2swift="$scratch/release/nb2swift"
fi

nbconvert=${NBCONVERT:-}
if [ -z "$nbconvert" ]; then
    venv=.build-bench-venv
    if [ ! -x "$venv/bin/jupyter-nbconvert" ]; then
        echo "Installing nbconvert in $venv..." >&2
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet nbconvert >&2
    fi
    nbconvert="$venv/bin/jupyter-nbconvert"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$corpus"/*.ipynb "$work/"
notebooks=("$work"/*.ipynb)

# Prints "seconds kilobytes" for one command.
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1
    cat "$work/time"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A times memory
for round in $(seq 1 "$rounds"); do
    for tool in nb2swift nb2swift-pretty nbconvert; do
        rm -rf "$work/out" && mkdir "$work/out"
        case $tool in
        nb2swift) result=$(measure "$nb2swift" script -q -o "$work/out" "${notebooks[@]}") ;;
        nb2swift-pretty) result=$(measure "$nb2swift" script --pretty -q -o "$work/out" "${notebooks[@]}") ;;
        nbconvert) result=$(measure "$nbconvert" --to script --output-dir "$work/out" "${notebooks[@]}") ;;
        esac
        count=$(ls "$work/out" | wc -l)
        [ "$count" -eq 26 ] || { echo "$tool wrote $count files, not 26" >&2; exit 1; }
        echo "round $round/$rounds  $tool  ${result% *} s  ${result#* } KiB" >&2
        times[$tool]+="${result% *} "
        memory[$tool]+="${result#* } "
    done
done

printf '%-16s %10s %12s\n' tool "median s" "max RSS MiB"
declare -A median_time median_memory
for tool in nb2swift nb2swift-pretty nbconvert; do
    median_time[$tool]=$(echo "${times[$tool]}" | tr ' ' '\n' | grep . | median)
    median_memory[$tool]=$(echo "${memory[$tool]}" | tr ' ' '\n' | grep . | median)
    printf '%-16s %10s %12.1f\n' "$tool" "${median_time[$tool]}" "$(awk "BEGIN {print ${median_memory[$tool]} / 1024}")"
done
for tool in nb2swift nb2swift-pretty; do
    printf '%s / nbconvert: time %.3f, memory %.3f\n' "$tool" \
        "$(awk "BEGIN {print ${median_time[$tool]} / ${median_time[nbconvert]}}")" \
        "$(awk "BEGIN {print ${median_memory[$tool]} / ${median_memory[nbconvert]}}")"
done
