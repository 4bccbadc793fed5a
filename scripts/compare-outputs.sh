#!/usr/bin/env bash
# Runs two nb2swift binaries on the same inputs and compares what they leave behind, byte for byte: every file of the
# working folder (outputs, and inputs a mode edits: `update`, `export --add-ids`), the exit status, standard output
# (listings, --check findings) and the messages on standard error (Writing/Overwriting/Appending to/Removing,
# updated/newer). The diagnostics' framing on standard error is not compared (it is where the two may differ by
# design: `file:line:col: error:`).
#
#   scripts/compare-outputs.sh BASE_BINARY NEW_BINARY      # e.g. a build of main, and this tree's
#
# The inputs: both corpora of the shared folder (NB2SWIFT_SHARED, else ../shared: corpus/fastai-course-v3 and
# corpus/ipython-writefile), the IPython edge cases of the tests (Tests/NotebookKitTests/IPythonCases) and
# notebooks/. The modes: files (every --ipython rule set; --header, --docs, --no-scripts, --allow-errors), script
# (--pretty, --source-locations, --header), ipynb (and nbformat 4.5), export in every style (write, --check, --list,
# --add-ids, --into), update (an edited block brought back; --check). Exit status 0 when every case matches.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BASE_BINARY NEW_BINARY" >&2; exit 2; }
BASE=$(realpath "$1")
NEW=$(realpath "$2")
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${NB2SWIFT_SHARED:-$ROOT/../shared}
FASTAI=$SHARED/corpus/fastai-course-v3/notebooks
WRITEFILE=$SHARED/corpus/ipython-writefile/writefile_cases.ipynb
CASES=$ROOT/Tests/NotebookKitTests/IPythonCases/extra_cases.ipynb
for input in "$FASTAI" "$WRITEFILE" "$CASES" "$ROOT/notebooks"; do
    [ -e "$input" ] || { echo "missing input: $input" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/nb2swift-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The flag that writes a notebook as nbformat 4.5 from a script was `--add-ids` before it was named
# `--upgrade-nbformat`.
upgrade_flag() { if "$1" ipynb --help 2>/dev/null | grep -q -- --upgrade-nbformat; then echo --upgrade-nbformat; else echo --add-ids; fi; }

cases=0
failures=0
# case NAME SETUP COMMAND...: in a fresh folder per binary, runs the shell snippet SETUP (which copies the inputs
# in; `$NB` is the binary), then each command line of COMMAND (`;`-separated shell, `$NB` the binary, `$UPGRADE` its
# nbformat flag), and compares.
case_() {
    local name=$1 setup=$2 commands=$3 side
    cases=$((cases + 1))
    for side in base new; do
        local dir=$WORK/$cases-$side
        mkdir -p "$dir/run"
        local NB=$BASE
        [ "$side" = new ] && NB=$NEW
        (
            cd "$dir/run" || exit 1
            NB=$NB UPGRADE=$(upgrade_flag "$NB") FASTAI=$FASTAI WRITEFILE=$WRITEFILE CASES=$CASES ROOT=$ROOT \
                bash -c "$setup" > /dev/null 2>&1
            NB=$NB UPGRADE=$(upgrade_flag "$NB") bash -c "$commands" > "$dir/stdout" 2> "$dir/stderr"
            echo $? > "$dir/status"
        )
        grep -E '^(Writing |Overwriting |Appending to |Removing |updated: |newer in the notebook)' "$dir/stderr" \
            > "$dir/messages" || true
    done
    local base=$WORK/$cases-base new=$WORK/$cases-new problems=()
    diff -r "$base/run" "$new/run" > "$WORK/$cases.tree.diff" 2>&1 || problems+=("files (diff -r: $(wc -l < "$WORK/$cases.tree.diff") lines)")
    cmp -s "$base/status" "$new/status" || problems+=("exit status $(cat "$base/status") vs $(cat "$new/status")")
    cmp -s "$base/stdout" "$new/stdout" || problems+=("standard output")
    cmp -s "$base/messages" "$new/messages" || problems+=("messages")
    local files
    files=$(find "$new/run" -type f | wc -l)
    if [ ${#problems[@]} -eq 0 ]; then
        printf 'same  %-62s exit %s, %4d files\n' "$name" "$(cat "$new/status")" "$files"
    else
        failures=$((failures + 1))
        printf 'DIFF  %-62s %s\n' "$name" "$(IFS=,; echo "${problems[*]}")"
        head -20 "$WORK/$cases.tree.diff" | sed 's/^/      /'
        diff "$base/stdout" "$new/stdout" | head -10 | sed 's/^/      /'
        diff "$base/messages" "$new/messages" | head -10 | sed 's/^/      /'
    fi
}

fastai='cp -r "$FASTAI" nbs'
writefile='cp "$WRITEFILE" .'
edge='cp "$CASES" extra.ipynb; mkdir -p dd sub'
lesson='cp -r "$ROOT/notebooks" notebooks'

echo "== files (the default)"
for version in 7.34 8 9.0 9.4 9.6 9.10 9.16; do
    case_ "writefile corpus, --allow-errors --ipython $version" "$writefile" \
        '$NB --allow-errors --ipython '"$version"' writefile_cases.ipynb -o out'
    case_ "IPython edge cases, --allow-errors --ipython $version" "$edge" \
        '$NB --allow-errors --ipython '"$version"' extra.ipynb'
done
case_ "writefile corpus without --allow-errors (nothing written)" "$writefile" '$NB writefile_cases.ipynb -o out'
case_ "writefile corpus --list" "$writefile" '$NB --list --allow-errors writefile_cases.ipynb -o out'
case_ "fastai corpus, files -o out" "$fastai" '$NB files --allow-errors nbs -o out'
case_ "fastai corpus, files --no-scripts --header" "$fastai" '$NB files --allow-errors --no-scripts --header nbs -o out'
case_ "fastai corpus, files --check after a write" "$fastai" '$NB files -q --allow-errors nbs -o out; $NB files --check --allow-errors nbs -o out'
case_ "lesson, --docs -o generated" "$lesson" '$NB --docs notebooks/05_going_modular.ipynb -o generated'
case_ "lesson, --docs --check against the committed generated/" "$lesson; cp -r \"\$ROOT/generated\" generated" \
    '$NB --check --docs notebooks/05_going_modular.ipynb -o generated'
case_ "lesson, --header, then a %%writefile cell renamed (orphan removed)" "$lesson" \
    '$NB --header notebooks/05_going_modular.ipynb -o g; sed -i "0,/%%writefile going_modular\/\(.*\)\.swift/s//%%writefile going_modular\/\1_renamed.swift/" notebooks/05_going_modular.ipynb; $NB --header notebooks/05_going_modular.ipynb -o g'

echo "== script"
case_ "fastai corpus, script" "$fastai" '$NB script nbs -o out'
case_ "fastai corpus, script --pretty --width 80" "$fastai" '$NB script --pretty --width 80 nbs -o out'
case_ "fastai corpus, script --source-locations --header" "$fastai" '$NB script --source-locations --header nbs -o out'
case_ "fastai corpus, script --list" "$fastai" '$NB script --list nbs -o out'
case_ "lesson, script" "$lesson" '$NB script notebooks -o out'

echo "== ipynb (the way back)"
case_ "fastai corpus, script then ipynb" "$fastai" '$NB script -q nbs -o s; $NB ipynb s -o back'
case_ "fastai corpus, script then ipynb onto the notebooks (outputs kept)" "$fastai" \
    '$NB script -q nbs; rm -f nbs/*.ipynb.bak; $NB ipynb nbs'
case_ "fastai corpus, ipynb in nbformat 4.5" "$fastai" '$NB script -q nbs -o s; $NB ipynb $UPGRADE s -o back'
case_ "fastai corpus, script --pretty then ipynb, then --check" "$fastai" \
    '$NB script -q --pretty nbs -o s; $NB ipynb -q s -o back; $NB ipynb --check s -o back'

echo "== export"
for style in fastai swiftai nbdev; do
    case_ "fastai corpus, export --style $style" "$fastai" '$NB export --style '"$style"' nbs -o out'
    case_ "fastai corpus, export --style $style, then --check and --list" "$fastai" \
        '$NB export -q --style '"$style"' nbs -o out; $NB export --check --style '"$style"' nbs -o out; $NB export --list --style '"$style"' nbs -o out'
    case_ "fastai corpus, export --style $style twice (nothing rewritten)" "$fastai" \
        '$NB export -q --style '"$style"' nbs -o out; $NB export --style '"$style"' nbs -o out'
done
nbdev_nb='python3 - <<PY
import json
cells = [
  {"cell_type": "code", "id": "c0", "metadata": {}, "outputs": [], "execution_count": None,
   "source": ["//| default_exp Core\n", "//| export\n", "public let a = 1"]},
  {"cell_type": "markdown", "metadata": {}, "source": ["Some prose"]},
  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
   "source": ["//| export\n", "public func f() -> Int {\n", "    a + 1\n", "}"]},
  {"cell_type": "code", "id": "c3", "metadata": {}, "outputs": [], "execution_count": None,
   "source": ["//| export Other/Tools\n", "public let t = 3"]},
]
import os
os.makedirs("nbs", exist_ok=True)
open("nbs/core.ipynb", "w").write(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}, indent=1) + "\n")
PY'
case_ "nbdev notebook, export --add-ids (the notebook rewritten)" "$nbdev_nb" '$NB export --add-ids nbs -o .'
case_ "nbdev notebook, export --into (the build-tool plugin)" "$nbdev_nb" \
    '$NB export --add-ids -q nbs -o .; $NB export nbs/core.ipynb -o gen --into Lesson.swift --quiet'
case_ "fastai corpus, export --style nbdev --add-ids" "$fastai" '$NB export --style nbdev --add-ids nbs -o out'

echo "== update"
for style in swiftai nbdev; do
    edit='for f in $(find out -name "*.swift" | sort | head -3); do sed -i "0,/^public /s//public \/* edited *\/ /" "$f"; done'
    case_ "fastai corpus, export --style $style, edit, update --check, update" "$fastai" \
        '$NB export -q --style '"$style"' nbs -o out; '"$edit"'; $NB update --check --style '"$style"' nbs/*.ipynb -o out; $NB update --style '"$style"' nbs/*.ipynb -o out; $NB export --check --style '"$style"' nbs -o out'
done
case_ "nbdev notebook, edit, update, re-export check" "$nbdev_nb" \
    '$NB export -q --add-ids nbs -o .; sed -i "s/a + 1/a + 2/" Sources/Core/core.swift; $NB update nbs/core.ipynb -o .; $NB export --check nbs -o .'

echo "== errors: nothing written, the same exit status"
broken='cp -r "$FASTAI" nbs; printf "{\\"cells\\": [" > nbs/zz_broken.ipynb'
case_ "fastai corpus and a truncated notebook, files" "$broken" '$NB files nbs -o out'
case_ "fastai corpus and a truncated notebook, export" "$broken" '$NB export --style fastai nbs -o out'
case_ "fastai corpus and a truncated notebook, script --allow-errors" "$broken" '$NB script --allow-errors nbs -o out'
case_ "two notebooks claiming one file, export --style swiftai" "$fastai; cp nbs/01_matmul.ipynb nbs/99_matmul.ipynb" \
    '$NB export --style swiftai nbs -o out'
case_ "an exported file edited, export refuses; --force overwrites" "$nbdev_nb" \
    '$NB export -q --add-ids nbs -o .; echo "// mine" >> Sources/Core/core.swift; $NB export nbs -o .; cp Sources/Core/core.swift kept.swift; $NB export --force nbs -o .'
case_ "a conflict: update refuses, nothing written" "$nbdev_nb" \
    '$NB export -q --add-ids nbs -o .; sed -i "s/a + 1/a + 2/" Sources/Core/core.swift; sed -i "s/a + 1/a + 3/" nbs/core.ipynb; $NB update nbs/core.ipynb -o .'
case_ "a marker deleted: update refuses" "$nbdev_nb" \
    '$NB export -q --add-ids nbs -o .; sed -i "/cell=/d" Sources/Other/Tools.swift; $NB update nbs/core.ipynb -o .'

echo
if [ "$failures" -eq 0 ]; then
    echo "all $cases cases: the same files, exit statuses, standard output and messages"
else
    echo "$failures of $cases cases differ"
    exit 1
fi
