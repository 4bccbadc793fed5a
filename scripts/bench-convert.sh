#!/usr/bin/env bash
# Converter benchmark (not a test): nb2swift vs `jupytext --to py` and `jupyter nbconvert --to script`, same files,
# same run. Prints wall time (median of N runs), MB/s and ratios.
#
#   scripts/bench-convert.sh            # RUNS=5 by default; RUNS=3 scripts/bench-convert.sh for a quicker look
#   PARTS=bulk scripts/bench-convert.sh # only some parts: a comma-separated list of single, bulk, script (default all)
#   BASELINE=/path/to/nb2swift scripts/bench-convert.sh   # also time another nb2swift (a build of main) in the same
#                                       # run, on the same files, right after this tree's: `new/base` ratios
#
# Parts: one notebook per process (the 300-cell notebook, the lesson's notebooks/05_going_modular.ipynb and a 50 MB
# notebook; the release build, and the debug build that `swift run` makes, on the first two); bulk (BULK=500 copies
# of a 43 KB fast.ai course notebook in one folder: `nb2swift script` in one run against jupytext converting the same
# files in one process, BULK_RUNS=3); script mode over the fast.ai corpus against nbconvert. Every ratio is against
# the peer measured in the same run.
#
# Everything it creates lives under .build-bench/ (git-ignored): a Python venv with jupytext and nbconvert from PyPI,
# the generated notebooks, the release build of nb2swift, and the outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/.build-bench
RUNS=${RUNS:-5}
PYTHON=${PYTHON:-python3}
PARTS=${PARTS:-single,bulk,script}
# Whether the part $1 was asked for.
part() { case ",$PARTS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
for name in ${PARTS//,/ }; do
    part_ok=0
    for known in single bulk script; do [ "$name" = "$known" ] && part_ok=1; done
    [ "$part_ok" = 1 ] || { echo "error: unknown part '$name' in PARTS (single, bulk, script)" >&2; exit 2; }
done
mkdir -p "$WORK"
# The outputs of earlier runs are moved aside and deleted only when the timings are over: on this machine's ext4 (no
# journal), creating a file within a minute or so of deleting thousands scans past the deleted inodes
# (`recently_deleted`), which would charge the benchmark's own clean-up to whichever tool runs next.
TRASH=$WORK/trash
set_aside() {
    mkdir -p "$TRASH"
    local path
    for path in "$@"; do [ -e "$path" ] && mv "$path" "$TRASH/$(basename "$path").$RANDOM$RANDOM"; done
    return 0
}
trap 'rm -rf "$TRASH"' EXIT

echo "== venv with jupytext + nbconvert (PyPI) in $WORK/venv"
if [ ! -x "$WORK/venv/bin/jupytext" ] || [ ! -x "$WORK/venv/bin/jupyter-nbconvert" ]; then
    "$PYTHON" -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet --upgrade pip
    "$WORK/venv/bin/pip" install --quiet jupytext nbconvert
fi
"$WORK/venv/bin/python" -c "import jupytext, nbconvert; print('jupytext', jupytext.__version__, '| nbconvert', nbconvert.__version__)"

echo "== release build of nb2swift"
swift build -c release --static-swift-stdlib --product nb2swift --scratch-path "$WORK/swift-static" 2>&1 | tail -1
NB2SWIFT=$WORK/swift-static/release/nb2swift
BASELINE=${BASELINE:-}
[ -z "$BASELINE" ] || [ -x "$BASELINE" ] || { echo "error: BASELINE=$BASELINE is not an executable" >&2; exit 2; }

calc() { awk "BEGIN { print $* }"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Prints "WALL CPU": the medians over RUNS runs of "$@" of the wall-clock time and of the CPU time (user + system,
# children included) in seconds. CPU time is the steadier figure when other work shares the machine.
time_runs() {
    local walls=() cpus=() TIMEFORMAT='%R %U %S' line
    for _ in $(seq "$RUNS"); do
        line=$({ time "$@" >/dev/null 2>&1; } 2>&1)
        set -- "$@"
        walls+=("$(echo "$line" | awk '{print $1}')")
        cpus+=("$(echo "$line" | awk '{print $2 + $3}')")
    done
    echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median)"
}

if part single; then
echo "== debug build of nb2swift (what \`swift run nb2swift\` builds and runs)"
swift build --product nb2swift 2>&1 | tail -1
NB2SWIFT_DEBUG=$ROOT/.build/debug/nb2swift
# (An incremental debug build can keep a module's former imports in an unchanged object file: touch Package.swift.)
echo "(Foundation, FoundationInternationalization or ICU libraries in the debug build's ldd: $(ldd "$NB2SWIFT_DEBUG" | grep -c -E 'libFoundation\.so|libFoundationInternationalization|icu'); 0 expected)"

echo "== notebooks"
"$WORK/venv/bin/python" - "$WORK" <<'PY'
import base64, json, os, random, sys
work = sys.argv[1]
random.seed(7)

def code(i, source, outputs=()):
    return {"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
            "outputs": list(outputs), "source": source}

def md(i, text):
    return {"cell_type": "markdown", "id": f"m{i}", "metadata": {}, "source": text}

def save(name, cells):
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
          "language": "python"}, "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    path = os.path.join(work, name)
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)
    print(f"{name}: {len(cells)} cells, {os.path.getsize(path) / 1e6:.1f} MB")

# A few hundred cells: markdown, code, and %%writefile cells writing a small package.
cells = []
for i in range(300):
    if i % 3 == 0:
        cells.append(md(i, f"## Step {i}\n\nSome *prose* about step {i}, with `code` and a [link](https://example.org).\n"))
    elif i % 3 == 1:
        body = "".join(f"    let v{j} = {j} * {i}\n" for j in range(12))
        cells.append(code(i, f"%%writefile pkg/Sources/Lib/File{i}.swift\npublic func f{i}() -> Int {{\n{body}    return {i}\n}}\n"))
    else:
        cells.append(code(i, "".join(f"x{j} = {j} + {i}\n" for j in range(15)),
                          [{"output_type": "stream", "name": "stdout", "text": [f"{i}\n"] * 5}]))
save("cells-300.ipynb", cells)

# ~50 MB of outputs: PNG-like base64 payloads and long streams, as a trained-model notebook has.
cells = []
blob = base64.b64encode(os.urandom(360_000)).decode()
for i in range(100):
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"image/png": blob, "text/plain": ["<Figure size 640x480 with 1 Axes>"]}},
               {"output_type": "stream", "name": "stdout", "text": [f"epoch {e}: loss 0.{e:04d}\n" for e in range(200)]}]
    if i % 10 == 0:
        cells.append(code(i, f"%%writefile out/Model{i}.swift\nstruct Model{i} {{}}\n", outputs))
    else:
        cells.append(code(i, f"plot(history[{i}])\n", outputs))
    cells.append(md(i, f"Figure {i}."))
save("outputs-50mb.ipynb", cells)
PY

# Every nb2swift run starts from an empty output folder, so that it writes every file (as the other tools do),
# rather than finding them up to date.
# (Each timed run is its own subshell, so $BASHPID names a new folder.)
fresh_nb2swift() { "$NB2SWIFT" -q "$1" -o "$WORK/out-nb2swift/$BASHPID"; }
fresh_nb2swift_debug() { "$NB2SWIFT_DEBUG" -q "$1" -o "$WORK/out-nb2swift/$BASHPID"; }
fresh_baseline() { "$BASELINE" -q "$1" -o "$WORK/out-nb2swift/$BASHPID"; }

cp "$ROOT/notebooks/05_going_modular.ipynb" "$WORK/lesson-05.ipynb"
echo "== timings: median of $RUNS runs; wall clock and CPU (user+sys); the same file for each tool"
echo "(load before: $(cut -d' ' -f1-3 /proc/loadavg))"
read -r start_wall start_cpu < <(time_runs "$NB2SWIFT" --version)
echo "start-up alone (nb2swift --version, release): wall $start_wall s, CPU $start_cpu s"
if [ -n "$BASELINE" ]; then
    read -r base_start_wall base_start_cpu < <(time_runs "$BASELINE" --version)
    echo "start-up alone, BASELINE: wall $base_start_wall s, CPU $base_start_cpu s"
fi
printf '%-19s %-15s %9s %9s %9s %11s %11s\n' notebook tool "wall s" "cpu s" "MB/s" "wall ratio" "cpu ratio"
for nb in cells-300.ipynb lesson-05.ipynb outputs-50mb.ipynb; do
    file=$WORK/$nb
    mb=$(calc "$(stat -c %s "$file") / 1000000")
    set_aside "$WORK/out-nbconvert" "$WORK/out-nb2swift"
    mkdir -p "$WORK/out-nbconvert"
    read -r ours_wall ours_cpu < <(time_runs fresh_nb2swift "$file")
    base_row=""
    if [ -n "$BASELINE" ]; then
        read -r base_wall base_cpu < <(time_runs fresh_baseline "$file")
        base_row="nb2swift-base $base_wall $base_cpu"
    fi
    debug_row=""
    if [ "$nb" != outputs-50mb.ipynb ]; then
        read -r dbg_wall dbg_cpu < <(time_runs fresh_nb2swift_debug "$file")
        debug_row="nb2swift-debug $dbg_wall $dbg_cpu"
    fi
    read -r jt_wall jt_cpu < <(time_runs "$WORK/venv/bin/jupytext" --to py "$file" -o "$WORK/out-jupytext.py")
    read -r nc_wall nc_cpu < <(time_runs "$WORK/venv/bin/jupyter-nbconvert" --to script "$file" --output-dir "$WORK/out-nbconvert")
    for row in "nb2swift $ours_wall $ours_cpu" ${base_row:+"$base_row"} ${debug_row:+"$debug_row"} "jupytext $jt_wall $jt_cpu" "nbconvert $nc_wall $nc_cpu"; do
        set -- $row
        printf '%-19s %-15s %9.3f %9.3f %9.1f %10.1fx %10.1fx\n' "$nb" "$1" "$2" "$3" "$(calc "$mb / $2")" \
            "$(calc "$2 / $ours_wall")" "$(calc "$3 / ($ours_cpu > 0 ? $ours_cpu : 0.001)")"
    done
    echo "  jupytext / nb2swift: release $(calc "$jt_wall / $ours_wall")x wall, $(calc "$jt_cpu / ($ours_cpu > 0 ? $ours_cpu : 0.001)")x CPU${debug_row:+; debug $(calc "$jt_wall / $dbg_wall")x wall, $(calc "$jt_cpu / ($dbg_cpu > 0 ? $dbg_cpu : 0.001)")x CPU}${base_row:+; BASELINE $(calc "$jt_wall / $base_wall")x wall, $(calc "$jt_cpu / ($base_cpu > 0 ? $base_cpu : 0.001)")x CPU; new/base $(calc "$ours_wall / $base_wall") wall, $(calc "$ours_cpu / ($base_cpu > 0 ? $base_cpu : 0.001)") CPU}"
done
echo "(ratios: how many times longer than nb2swift on the same notebook; MB/s from wall time; load after: $(cut -d' ' -f1-3 /proc/loadavg))"
fi

if part bulk; then
BULK=${BULK:-500}
BULK_RUNS=${BULK_RUNS:-3}
COURSE_NOTEBOOK=${NB2SWIFT_SHARED:-$ROOT/../shared}/corpus/fastai-course-v3/notebooks/00a_intro_and_float.ipynb
if [ -f "$COURSE_NOTEBOOK" ]; then
    echo "== bulk: $BULK copies of $(basename "$COURSE_NOTEBOOK") ($(stat -c %s "$COURSE_NOTEBOOK") bytes) in one folder, one process per tool, median of $BULK_RUNS"
    echo "(load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
    set_aside "$WORK"/bulk "$WORK"/bulk-jupytext-*
    mkdir -p "$WORK/bulk"
    for i in $(seq -w 1 "$BULK"); do cp "$COURSE_NOTEBOOK" "$WORK/bulk/nb$i.ipynb"; done
    for run in $(seq "$BULK_RUNS"); do cp -r "$WORK/bulk" "$WORK/bulk-jupytext-$run"; done
    # Each run creates every file anew: nb2swift writes the scripts into a new folder, jupytext writes nbNNN.py next
    # to each notebook of a folder of its own (so that it never just truncates the files of the run before).
    bulk_nb2swift() { "$NB2SWIFT" script -q -o "$WORK/out-bulk/$BASHPID" "$WORK/bulk"; }
    bulk_baseline() { "$BASELINE" script -q -o "$WORK/out-bulk-base/$BASHPID" "$WORK/bulk"; }
    echo 1 >"$WORK/jupytext-run"
    bulk_jupytext() {
        local run
        run=$(cat "$WORK/jupytext-run")
        echo $((run + 1)) >"$WORK/jupytext-run"
        "$WORK/venv/bin/jupytext" --quiet --to py:percent "$WORK/bulk-jupytext-$run"/*.ipynb
    }
    set_aside "$WORK/out-bulk"
    RUNS_SAVED=$RUNS
    RUNS=$BULK_RUNS
    read -r bulk_wall bulk_cpu < <(time_runs bulk_nb2swift)
    bulk_base_row=""
    if [ -n "$BASELINE" ]; then
        set_aside "$WORK/out-bulk-base"
        read -r bulk_base_wall bulk_base_cpu < <(time_runs bulk_baseline)
        bulk_base_row="nb2swift-base $bulk_base_wall $bulk_base_cpu"
    fi
    read -r bulk_jt_wall bulk_jt_cpu < <(time_runs bulk_jupytext)
    RUNS=$RUNS_SAVED
    [ "$(find "$WORK/out-bulk" -name '*.swift' | wc -l)" -eq $((BULK * BULK_RUNS)) ] || { echo "error: nb2swift did not write $BULK scripts per run" >&2; exit 1; }
    [ "$(find "$WORK"/bulk-jupytext-* -name '*.py' | wc -l)" -eq $((BULK * BULK_RUNS)) ] || { echo "error: jupytext did not write $BULK scripts per run" >&2; exit 1; }
    printf '%-16s %9s %9s %14s %11s %11s\n' tool "wall s" "cpu s" "ms/notebook" "wall ratio" "cpu ratio"
    for row in "nb2swift $bulk_wall $bulk_cpu" ${bulk_base_row:+"$bulk_base_row"} "jupytext $bulk_jt_wall $bulk_jt_cpu"; do
        set -- $row
        printf '%-16s %9.3f %9.3f %14.2f %10.1fx %10.1fx\n' "$1" "$2" "$3" "$(calc "1000 * $2 / $BULK")" \
            "$(calc "$2 / $bulk_wall")" "$(calc "$3 / ($bulk_cpu > 0 ? $bulk_cpu : 0.001)")"
    done
    echo "(per-notebook throughput: nb2swift $(calc "$bulk_jt_wall / $bulk_wall")x jupytext's; nb2swift used $(calc "$bulk_cpu / $bulk_wall") cores on average${bulk_base_row:+; BASELINE $(calc "$bulk_jt_wall / $bulk_base_wall")x jupytext, new/base $(calc "$bulk_wall / $bulk_base_wall") wall, $(calc "$bulk_cpu / ($bulk_base_cpu > 0 ? $bulk_base_cpu : 0.001)") CPU}; load after: $(cut -d' ' -f1-3 /proc/loadavg))"
else
    echo "(no course notebook at $COURSE_NOTEBOOK: bulk skipped; set NB2SWIFT_SHARED)"
fi
fi

if part script; then
echo "== script mode: the 26 fast.ai Swift notebooks in one invocation per tool (scripts/bench-script-mode.sh adds memory)"
CORPUS=${NB2SWIFT_SHARED:-$ROOT/../shared}/corpus/fastai-course-v3/notebooks
if [ -d "$CORPUS" ]; then
    fresh_script() { "$NB2SWIFT" script -q "$@" -o "$WORK/out-script/$BASHPID" "$CORPUS"/*.ipynb; }
    set_aside "$WORK/out-script" "$WORK/out-nbconvert-script"
    read -r sc_wall sc_cpu < <(time_runs fresh_script)
    read -r sp_wall sp_cpu < <(time_runs fresh_script --pretty)
    read -r snc_wall snc_cpu < <(time_runs "$WORK/venv/bin/jupyter-nbconvert" --to script --output-dir "$WORK/out-nbconvert-script" "$CORPUS"/*.ipynb)
    for row in "nb2swift $sc_wall $sc_cpu" "nb2swift-pretty $sp_wall $sp_cpu" "nbconvert $snc_wall $snc_cpu"; do
        set -- $row
        printf '%-19s %-16s %9.3f %9.3f %10.1fx %10.1fx\n' "fastai (26)" "$1" "$2" "$3" \
            "$(calc "$2 / $sc_wall")" "$(calc "$3 / ($sc_cpu > 0 ? $sc_cpu : 0.001)")"
    done
else
    echo "(no corpus at $CORPUS: script mode skipped; set NB2SWIFT_SHARED)"
fi
fi
