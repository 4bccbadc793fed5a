#!/usr/bin/env bash
# Converter benchmark (not a test): nb2swift vs `jupytext --to py` and `jupyter nbconvert --to script`, same files,
# same run. Prints wall time (median of N runs), MB/s and ratios.
#
#   scripts/bench-convert.sh            # RUNS=5 by default; RUNS=3 scripts/bench-convert.sh for a quicker look
#
# Everything it creates lives under .build-bench/ (git-ignored): a Python venv with jupytext and nbconvert from PyPI,
# the generated notebooks, the release build of nb2swift, and the outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/.build-bench
RUNS=${RUNS:-5}
PYTHON=${PYTHON:-python3}
mkdir -p "$WORK"

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

# Every nb2swift run starts from an empty output folder, so that it writes every file (as the other tools do),
# rather than finding them up to date.
# (Each timed run is its own subshell, so $BASHPID names a new folder.)
fresh_nb2swift() { "$NB2SWIFT" -q "$1" -o "$WORK/out-nb2swift/$BASHPID"; }

echo "== timings: median of $RUNS runs; wall clock and CPU (user+sys); the same file for each tool"
printf '%-19s %-10s %9s %9s %9s %11s %11s\n' notebook tool "wall s" "cpu s" "MB/s" "wall ratio" "cpu ratio"
for nb in cells-300.ipynb outputs-50mb.ipynb; do
    file=$WORK/$nb
    mb=$(calc "$(stat -c %s "$file") / 1000000")
    rm -rf "$WORK/out-nbconvert" "$WORK/out-nb2swift"
    mkdir -p "$WORK/out-nbconvert"
    read -r ours_wall ours_cpu < <(time_runs fresh_nb2swift "$file")
    read -r jt_wall jt_cpu < <(time_runs "$WORK/venv/bin/jupytext" --to py "$file" -o "$WORK/out-jupytext.py")
    read -r nc_wall nc_cpu < <(time_runs "$WORK/venv/bin/jupyter-nbconvert" --to script "$file" --output-dir "$WORK/out-nbconvert")
    for row in "nb2swift $ours_wall $ours_cpu" "jupytext $jt_wall $jt_cpu" "nbconvert $nc_wall $nc_cpu"; do
        set -- $row
        printf '%-19s %-10s %9.3f %9.3f %9.1f %10.1fx %10.1fx\n' "$nb" "$1" "$2" "$3" "$(calc "$mb / $2")" \
            "$(calc "$2 / $ours_wall")" "$(calc "$3 / ($ours_cpu > 0 ? $ours_cpu : 0.001)")"
    done
done
echo "(ratios: how many times longer than nb2swift on the same notebook; MB/s from wall time; load: $(cut -d' ' -f1-3 /proc/loadavg))"

echo "== script mode: the 26 fast.ai Swift notebooks in one invocation per tool (scripts/bench-script-mode.sh adds memory)"
CORPUS=${NB2SWIFT_SHARED:-$ROOT/../shared}/corpus/fastai-course-v3/notebooks
if [ -d "$CORPUS" ]; then
    fresh_script() { "$NB2SWIFT" --to script -q "$@" -o "$WORK/out-script/$BASHPID" "$CORPUS"/*.ipynb; }
    rm -rf "$WORK/out-script" "$WORK/out-nbconvert-script"
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
