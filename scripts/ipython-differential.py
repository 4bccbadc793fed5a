"""Differential test: nb2swift against real IPython releases on random %%writefile notebooks, byte for byte.

    python3 scripts/ipython-differential.py --nb2swift .build/debug/nb2swift [--venvs .venvs] [--seed 1]
        [--notebooks 40] [--cells 12] [--keep DIR] [--rules VERSION]

For every venv .venvs/ipython-<release>/ (scripts/ipython-venvs.sh creates them from PyPI), it
1. generates the same seeded random notebooks (cells full of what separates IPython releases: indentation, blank
   lines, `>>>` / `...` / `In [N]:` prompts anywhere, triple-quoted strings, CR and CRLF, `%%time` and `%%capture`
   above `%%writefile` with and without arguments, appends and overwrites), plus the shared corpus notebook
   (../shared/corpus/ipython-writefile or $NB2SWIFT_SHARED) when it is present;
2. runs each notebook in that IPython (every code cell in order, errors allowed, in an empty temporary folder);
3. runs `nb2swift --allow-errors --ipython <release>` on it into another empty folder;
4. compares the two trees file by file, byte for byte.
It prints, per release, the rules `--ipython` chose, and how many files were compared and matched; every mismatch is
listed (notebook, file, and both contents), and the exit status is 1 if there was one, 2 if nothing was compared.
Only Python's standard library is needed here; IPython runs inside each venv.
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

# Folders every notebook's setup cell creates (nb2swift creates parent folders itself; IPython does not).
FOLDERS = ["sub"]

# Runs inside a venv: executes every code cell of each notebook in its own empty folder, errors allowed.
RUNNER = r"""
import contextlib, io, json, os, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
for notebook, folder in json.loads(sys.argv[1]):
    os.makedirs(folder)
    os.chdir(folder)
    with open(notebook, encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            shell.run_cell(source, store_history=False)
    shell.reset(new_session=False)
import IPython
print(IPython.__version__)
"""

# Lines a cell body is made of: harmless when IPython runs a cell as Python (names, literals, `pass`).
BODY_LINES = [
    "let x = 1", "p()", "x = 1", "pass", "  indented", "    deeper", "\tTabbed", "# comment", "", "  ", "\t", " \t ",
    "...", "print(1)", "a", "b = [1,", "  2]", '"""', "'''", 's = """', "r'''", 'x = """ doc """', 'f"""', "\\\"\"\"",
    "  ...", "func()", "\u00a0nbsp", "x\u00a0= 1", "   ...: cont", "...:", "In [3]: x", "[ins] In [4]: y", "if x:",
    "    return 1",
    # Line breaks other than \n (Python's splitlines knows them; textwrap.dedent does not).
    ">>>\x0b", "a\x0cb", "x\u2028y", ">>> a\x85b", "\x1c", "  \x0c",
]

PROMPTS = [">>> ", "... ", ">>>", "...", "    >>> ", "  ... ", "\t>>> ", ">>>\t", "\u00a0>>> ", "In [1]: ", "   ...: ",
           "[nav] In [2]: ", " In [5]: ", "...: "]


def random_cell(rng, index, names):
    """One code cell's source: maybe a stack of %%time / %%capture, a %%writefile, a body; prompts, indentation,
    blank lines and line endings sprinkled over it."""
    if rng.random() < 0.08:
        return rng.choice(["x = 1", "print('no magic')", "%%writefile\nx", "%%writefile a b\nx", ">>> y = 2",
                           "%%bash\necho hi"])
    lines = []
    if rng.random() < 0.3:
        lines.append(rng.choice([
            "%%time", "%%time --no-raise-error", "%%time --no", "%%time --no-raise-error x", "%%time x = 1",
            "%%time '", "%%time --no-raise-error=1", "%%time --", "%%time -n", "%%time  --no-raise-error"]))
    if rng.random() < 0.2:
        lines.append(rng.choice(["%%capture", "%%capture --no-stdout", "%%capture out", "%%capture --no-stderr"]))
    if names and rng.random() < 0.25:
        name = rng.choice(names)
    else:
        name = f"f{index}" + rng.choice([".swift", ".py", ".txt", ""])
        if rng.random() < 0.2:
            name = "sub/" + name
        names.append(name)
    shown = name
    if rng.random() < 0.15:
        shown = rng.choice([f'"{name}"', f"'{name}'"])
    magic = rng.choice(["%%writefile", "%%writefile", "%%file"])
    flag = rng.choice(["", "", "", "-a ", "--append ", "--app "])
    after = rng.choice(["", "", "", " -a", " \t"])
    lines.append(f"{magic} {flag}{shown}{after}")
    for _ in range(rng.randint(0, 7)):
        lines.append(rng.choice(BODY_LINES))

    # Prompts: on every line, on the first two, or on a few random lines.
    style = rng.random()
    if style < 0.45:
        pass
    elif style < 0.6:
        first, rest = rng.choice([(">>> ", "... "), ("In [7]: ", "   ...: "), ("[ins] In [7]: ", "      ...: "),
                                  (">>> ", ">>> "), ("    >>> ", "    ... ")])
        lines = [first + lines[0]] + [rest + line for line in lines[1:]]
    else:
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(lines))
            lines[position] = rng.choice(PROMPTS) + lines[position]

    # Indentation: the whole cell, the first line only, or none.
    indent = rng.random()
    if indent < 0.12:
        pad = rng.choice(["  ", "\t", "    "])
        lines = [pad + line if line else line for line in lines]
    elif indent < 0.2:
        lines[0] = rng.choice([" ", "  ", "\t"]) + lines[0]
    if rng.random() < 0.15:
        lines = [rng.choice(["", "  ", "\t"]) for _ in range(rng.randint(1, 2))] + lines

    ending = rng.choices(["\n", "\r\n", "\r"], weights=[80, 15, 5])[0]
    source = ending.join(lines)
    if rng.random() < 0.3:
        source += ending
    return source


def random_notebook(rng, cells):
    names = []
    nb_cells = [{"cell_type": "code", "id": "setup", "metadata": {}, "execution_count": None, "outputs": [],
                 "source": "import os\n" + "".join(f"os.makedirs({f!r}, exist_ok=True)\n" for f in FOLDERS)}]
    for index in range(cells):
        nb_cells.append({"cell_type": "code", "id": f"c{index}", "metadata": {}, "execution_count": None,
                         "outputs": [], "source": random_cell(rng, index, names)})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": nb_cells}


def tree(root):
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nb2swift", required=True)
    parser.add_argument("--venvs", default=".venvs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--notebooks", type=int, default=40)
    parser.add_argument("--cells", type=int, default=12)
    parser.add_argument("--keep", help="keep the notebooks and trees in this folder")
    parser.add_argument("--rules", help="run nb2swift with this --ipython for every release (default: the release's "
                        "own number), e.g. to see how far the default rules are from IPython 9.18.1")
    args = parser.parse_args()

    pythons = sorted(glob.glob(os.path.join(args.venvs, "ipython-*", "bin", "python")),
                     key=lambda p: [int(x) for x in p.split("ipython-")[-1].split("/")[0].split(".")])
    if not pythons:
        sys.exit(f"no {args.venvs}/ipython-*/bin/python: run scripts/ipython-venvs.sh first")
    work = args.keep or tempfile.mkdtemp(prefix="ipython-differential-")
    os.makedirs(work, exist_ok=True)
    nb2swift = os.path.abspath(args.nb2swift)

    rng = random.Random(args.seed)
    notebooks = []
    for number in range(args.notebooks):
        path = os.path.join(work, "notebooks", f"random-{args.seed}-{number}.ipynb")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(random_notebook(rng, args.cells), f, indent=1, ensure_ascii=False)
        notebooks.append(path)
    shared = os.environ.get("NB2SWIFT_SHARED") or os.path.join(os.path.dirname(__file__), "..", "..", "shared")
    corpus = os.path.join(shared, "corpus", "ipython-writefile", "writefile_cases.ipynb")
    if os.path.exists(corpus):
        notebooks.append(os.path.abspath(corpus))

    failures = 0
    total_compared = 0
    print(f"{len(notebooks)} notebooks (seed {args.seed}, {args.notebooks} random with {args.cells} cells each"
          + (", and the shared corpus)" if os.path.exists(corpus) else "; shared corpus absent)"))
    for python in pythons:
        release = python.split("ipython-")[-1].split("/")[0]
        rules = args.rules or release
        base = os.path.join(work, f"ipython-{release}")
        shutil.rmtree(base, ignore_errors=True)
        jobs = [[nb, os.path.join(base, "ipython", os.path.basename(nb))] for nb in notebooks]
        ran = subprocess.run([python, "-c", RUNNER, json.dumps(jobs)], capture_output=True, text=True)
        if ran.returncode != 0:
            print(f"IPython {release}: the runner failed:\n{ran.stderr}")
            failures += 1
            continue
        compared = matched = 0
        mismatches = []
        for nb, ipython_folder in jobs:
            ours = os.path.join(base, "nb2swift", os.path.basename(nb))
            os.makedirs(ours)
            for folder in FOLDERS:
                os.makedirs(os.path.join(ours, folder), exist_ok=True)
            done = subprocess.run([nb2swift, "--quiet", "--allow-errors", "--ipython", rules, nb, "-o", ours],
                                  capture_output=True, text=True)
            if done.returncode not in (0, 3):
                mismatches.append((nb, "(nb2swift)", f"exit {done.returncode}: {done.stderr.strip()}", ""))
                continue
            theirs, mine = tree(ipython_folder), tree(ours)
            for name in sorted(set(theirs) | set(mine)):
                compared += 1
                if theirs.get(name) == mine.get(name):
                    matched += 1
                else:
                    mismatches.append((nb, name, theirs.get(name), mine.get(name)))
        total_compared += compared
        print(f"IPython {release} vs nb2swift --ipython {rules}: {matched}/{compared} files match")
        for nb, name, theirs, mine in mismatches[:20]:
            print(f"  {os.path.basename(nb)}: {name}\n    IPython:  {theirs!r}\n    nb2swift: {mine!r}")
        if mismatches:
            failures += 1
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if total_compared == 0:
        sys.exit(2)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
