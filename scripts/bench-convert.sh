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
swift build -c release --product nb2swift --scratch-path "$WORK/swift" 2>&1 | tail -1
NB2SWIFT=$WORK/swift/release/nb2swift

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
time_runs() { # prints the median wall time in seconds of RUNS runs of "$@"
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        times+=("$(calc "$end - $start")")
    done
    printf '%s\n' "${times[@]}" | median
}

echo "== timings (median of $RUNS runs, wall clock, each tool converting the same file)"
printf '%-20s %-10s %12s %10s %12s\n' notebook tool seconds MB/s "vs nb2swift"
for nb in cells-300.ipynb outputs-50mb.ipynb; do
    file=$WORK/$nb
    mb=$(calc "$(stat -c %s "$file") / 1000000")
    rm -rf "$WORK/out-nb2swift" "$WORK/out-nbconvert"
    mkdir -p "$WORK/out-nb2swift" "$WORK/out-nbconvert"
    ours=$(time_runs "$NB2SWIFT" -q "$file" -o "$WORK/out-nb2swift")
    jt=$(time_runs "$WORK/venv/bin/jupytext" --to py "$file" -o "$WORK/out-jupytext.py")
    nc=$(time_runs "$WORK/venv/bin/jupyter-nbconvert" --to script "$file" --output-dir "$WORK/out-nbconvert")
    for row in "nb2swift $ours" "jupytext $jt" "nbconvert $nc"; do
        set -- $row
        printf '%-20s %-10s %12.4f %10.1f %11.1fx\n' "$nb" "$1" "$2" "$(calc "$mb / $2")" "$(calc "$2 / $ours")"
    done
done
echo "(vs nb2swift: how many times longer the tool took than nb2swift on the same notebook)"
