"""Builds extra_cases.ipynb (nb2swift's own %%writefile edge cases) and records what a real IPython does with it.

Run with a Python that has IPython 8.12.3 (the pyenv python3 here):  python3 make_cases.py
It writes extra_cases.ipynb, expected/ (the tree IPython wrote, every code cell run in order, errors allowed) and
expected-log.json (per code cell: index, id, stdout, error). The Swift tests compare nb2swift with these files. `stdout` keeps only the lines %%writefile prints (tracebacks and
%%time's timings vary). The setup cell only creates folders, which nb2swift creates itself.
"""
import contextlib, io, json, os, shutil, sys, tempfile

import IPython
from IPython.core.interactiveshell import InteractiveShell

CASES = [
    ("setup", "import os\nos.makedirs('dd', exist_ok=True)\nos.makedirs('sub', exist_ok=True)"),
    ("append-twice-new", "%%writefile -a sub/ap2.swift\nfirst"),
    ("append-twice-again", "%%writefile -a sub/ap2.swift\nsecond\n"),
    ("append-prefix-long", "%%writefile --app sub/ap2.swift\nthird"),
    ("append-combined-flags", "%%writefile -aa sub/ap2.swift\nfourth"),
    ("append-explicit-arg", "%%writefile --append=x e1.swift\nx"),
    ("append-short-explicit", "%%writefile -ab e2.swift\nx"),
    ("append-short-equals", "%%writefile -a= e3.swift\nx"),
    ("double-dash", "%%writefile -- -dash.swift\nx"),
    ("negative-number-name", "%%writefile -1\nx"),
    ("unknown-option", "%%writefile -x e4.swift\nx"),
    ("unknown-option-alone", "%%writefile -x\nx"),
    ("two-names", "%%writefile a1.swift a2.swift\nx"),
    ("unclosed-quote", "%%writefile 'e5.swift\nx"),
    ("empty-quoted-name", "%%writefile ''\nx"),
    ("quoted-apostrophe", "%%writefile \"it's.swift\"\nx"),
    ("adjacent-quotes", "%%writefile 'it''s'.swift\nx"),
    ("inner-quote-word", "%%writefile wo\"rd.swift\nx"),
    ("capture-silences", "%%capture\n%%writefile cap.swift\nx"),
    ("capture-no-stdout", "%%capture --no-stdout\n%%writefile cap2.swift\nx"),
    ("time-with-statement", "%%time x = 1\n%%writefile tws.swift\nx"),
    ("time-reindented-body", "%%time\n\n  %%writefile tib.swift\n  a\n    b\nc"),
    ("time-empty-body", "%%time\n"),
    ("time-capture-stack", "%%time\n%%capture\n%%writefile tcs.swift\nx"),
    ("double-brace", "%%writefile {{b}}.swift\nx"),
    ("double-dollar", "%%writefile $$d.swift\nx"),
    ("single-close-brace", "%%writefile c}b.swift\nx"),
    ("dollar-in-quotes", "%%writefile '$q.swift'\nx"),
    ("classic-prompt-first-line", ">>> %%writefile cpf.swift\n>>> a\n... b\nc"),
    ("ipython-prompt-first-line", "In [3]: %%writefile ipf.swift\n   ...: a\n   ...:\nb"),
    ("nav-prompt", "[ins] In [12]: %%writefile nav.swift\n        ...: a"),
    ("continuation-only-first", "... %%writefile cont.swift\n... a"),
    ("nbsp-after-name", "%%writefile\u00a0nb.swift\nx"),
    ("line-separator-after-line", "%%writefile ls.swift\u2028body\u2029more"),
    ("form-feed-body", "%%writefile ff.swift\nA\x0cB\x0bC\x1cD\x85E"),
    ("cr-line-then-lf", "%%writefile crlf2.swift\r\na\rb\r\n"),
    ("tab-indent-first", "\t%%writefile ti.swift\n\ta\n  b\n\t\tc"),
    ("whitespace-only-body", "%%writefile wob.swift\n   "),
    ("newline-only-body", "%%writefile nlb.swift\n\n"),
    ("blank-then-indent", "  \n\t\n   %%writefile bti.swift\n   a\n  b"),
    ("help-question", "%%writefile? q.swift\nx"),
    ("magic-name-only-percent", "%%\nx"),
    ("directory-target", "%%writefile dd\nx"),
    ("into-directory", "%%writefile dd/in.swift\nx"),
    ("not-a-directory", "%%writefile \"it's.swift/x.swift\"\nx"),
    ("overwrite-after-append", "%%writefile sub/ap2.swift\nreplaced"),
    ("append-after-overwrite", "%%writefile -a sub/ap2.swift\nagain"),
    ("dot-dot-inside", "%%writefile sub/../dd/back.swift\nx"),
    ("writefile-alias-append", "%%file -a alias2.swift\nx"),
    ("trailing-tab-name", "%%writefile ttn.swift\t\nx"),
    ("emoji-name", "%%writefile \U0001F600.swift\n\U0001F600"),
    ("long-flag-after", "%%writefile la.swift --append\nx"),
    ("mixed-case-file", "%%File mc.swift\nx"),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [
            {"cell_type": "markdown", "id": "intro", "metadata": {},
             "source": "nb2swift's own %%writefile edge cases; see make_cases.py."}
        ],
    }
    for case_id, source in CASES:
        nb["cells"].append({"cell_type": "code", "id": case_id, "metadata": {}, "execution_count": None,
                            "outputs": [], "source": source})
    with open(os.path.join(here, "extra_cases.ipynb"), "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")

    work = tempfile.mkdtemp()
    os.chdir(work)
    shell = InteractiveShell.instance()
    log = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            result = shell.run_cell(cell["source"], store_history=False)
        error = result.error_before_exec or result.error_in_exec
        # Keep what %%writefile prints; drop tracebacks and %%time's timings, which vary.
        stdout = "".join(l for l in out.getvalue().splitlines(True)
                         if l.startswith(("Writing ", "Overwriting ", "Appending to ")))
        log.append({"index": index, "id": cell["id"], "stdout": stdout,
                    "error": None if error is None else f"{type(error).__name__}: {error}"})
    expected = os.path.join(here, "expected")
    shutil.rmtree(expected, ignore_errors=True)
    shutil.copytree(work, expected)
    with open(os.path.join(here, "expected-log.json"), "w", encoding="utf-8") as f:
        json.dump({"ipython": IPython.__version__, "cells": log}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
