#!/usr/bin/env bash
# Creates one virtual environment per IPython release, from PyPI, for the differential test (`make test-ipython`)
# and for re-recording Tests/NotebookKitTests/IPythonCases (make_cases.py).
#
#   scripts/ipython-venvs.sh                 # the releases below, each in .venvs/ipython-<version>
#   scripts/ipython-venvs.sh 9.18.1 8.12.3   # only these
#
# IPYTHON_VENVS chooses the folder (default: .venvs at the package root); PYTHON the interpreter (default: python3,
# 3.11 here: IPython 9 needs >= 3.11). An existing venv that already has its release is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

# The first and the last release of each rule set nb2swift knows (see IPythonFidelity.md), and the ones the
# issue names (7.34.0, 8.12.3, 9.0.2, 9.18.1).
DEFAULT_RELEASES=(7.34.0 8.12.3 8.39.0 9.0.1 9.0.2 9.3.0 9.4.0 9.9.0 9.10.1 9.15.0 9.16.1 9.18.1)
VENVS=${IPYTHON_VENVS:-.venvs}
PYTHON=${PYTHON:-python3}
releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=("${DEFAULT_RELEASES[@]}")

mkdir -p "$VENVS"
for release in "${releases[@]}"; do
    venv="$VENVS/ipython-$release"
    if [ -x "$venv/bin/python" ] &&
        [ "$("$venv/bin/python" -c 'import IPython; print(IPython.__version__)' 2>/dev/null)" = "$release" ]; then
        echo "ok      $venv"
        continue
    fi
    echo "create  $venv"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ipython==$release"
    "$venv/bin/python" -c 'import IPython; print("        IPython", IPython.__version__)'
done
