#!/usr/bin/env bash
# Start-up benchmark (not a test): does linking the Swift standard library statically (`--static-swift-stdlib`)
# make nb2swift start faster than linking it dynamically? Builds the release binary both ways (or takes them as
# STATIC=... DYNAMIC=...), then runs them alternately, N times each (N=200 by default), on the same commands:
# `--version` (start-up alone), the lesson's notebook and the 300-cell notebook of scripts/bench-convert.sh (each into
# a fresh folder on /dev/shm, so that the disk does not blur the figure). Prints the median wall and CPU time of each,
# and static/dynamic ratios; alternating runs share the machine's load, so the ratios hold on a busy machine too.
#
#   scripts/bench-startup.sh                 # builds into .build-bench/swift-static and .build-bench/swift-dynamic
#   STATIC=a/nb2swift DYNAMIC=b/nb2swift N=500 scripts/bench-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/.build-bench
N=${N:-200}
mkdir -p "$WORK"
if [ -z "${STATIC:-}" ]; then
    swift build -c release --static-swift-stdlib --product nb2swift --scratch-path "$WORK/swift-static" 2>&1 | tail -1
    STATIC=$WORK/swift-static/release/nb2swift
fi
if [ -z "${DYNAMIC:-}" ]; then
    swift build -c release --product nb2swift --scratch-path "$WORK/swift-dynamic" 2>&1 | tail -1
    DYNAMIC=$WORK/swift-dynamic/release/nb2swift
fi
echo "static:  $STATIC ($(stat -c %s "$STATIC") bytes, $(ldd "$STATIC" | wc -l) shared libraries)"
echo "dynamic: $DYNAMIC ($(stat -c %s "$DYNAMIC") bytes, $(ldd "$DYNAMIC" | wc -l) shared libraries)"
# The 300-cell notebook, as scripts/bench-convert.sh makes it (when that script has run), else the lesson alone.
CELLS=$WORK/cells-300.ipynb
echo "(load before: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$STATIC" "$DYNAMIC" "$N" "$ROOT/notebooks/05_going_modular.ipynb" "$CELLS" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, tempfile, time
static, dynamic, n, lesson, cells = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
shm = tempfile.mkdtemp(prefix="nb2swift-startup-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
cases = [("--version", lambda out: ["--version"]),
         ("lesson (22 files)", lambda out: ["-q", lesson, "-o", out])]
if os.path.exists(cells):
    cases.append(("cells-300 (100 files)", lambda out: ["-q", cells, "-o", out]))

def run(binary, arguments):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([binary] + arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

print(f"{'command':<24}{'static wall ms':>16}{'dynamic wall ms':>17}{'ratio':>8}{'static CPU ms':>15}{'dynamic CPU ms':>16}{'ratio':>8}")
for name, arguments in cases:
    times = {static: [], dynamic: []}
    for i in range(n):
        for binary in ((static, dynamic) if i % 2 == 0 else (dynamic, static)):
            out = os.path.join(shm, f"out-{i}-{binary == static}")
            times[binary].append(run(binary, arguments(out)))
            shutil.rmtree(out, ignore_errors=True)
    def median(binary, index):
        return statistics.median(t[index] for t in times[binary]) * 1000
    sw, dw, sc, dc = median(static, 0), median(dynamic, 0), median(static, 1), median(dynamic, 1)
    print(f"{name:<24}{sw:>16.2f}{dw:>17.2f}{sw / dw:>8.2f}{sc:>15.2f}{dc:>16.2f}{sc / dc:>8.2f}")
shutil.rmtree(shm, ignore_errors=True)
print(f"(median of {n} runs each, run alternately; ratio: static / dynamic, below 1 when static starts faster)")
PY
echo "(load after: $(cut -d' ' -f1-3 /proc/loadavg))"
