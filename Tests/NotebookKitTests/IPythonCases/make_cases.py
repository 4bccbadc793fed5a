"""Builds extra_cases.ipynb (nb2swift's own %%writefile edge cases) and records what real IPython releases do with it.

    python3 make_cases.py                 # with the IPython of this Python (the pyenv python3 here has 8.12.3)
    python3 make_cases.py --venvs .venvs  # with each of RECORDED_RELEASES in .venvs/ipython-<version>/
                                          # (created by scripts/ipython-venvs.sh)

It writes extra_cases.ipynb and, per release, recorded/ipython-<version>/: expected/ (the tree IPython wrote, every
code cell run in order in an empty folder, errors allowed) and log.json (per code cell: index, id, stdout, error).
`stdout` keeps only the lines %%writefile prints (tracebacks and %%time's timings vary). The setup cell only creates
folders, which nb2swift creates itself. The Swift tests (IPythonConformanceTests) compare each recording with
nb2swift under the rules `--ipython <version>` chooses.
"""
import contextlib, io, json, os, shutil, subprocess, sys, tempfile

# One release per rule set of nb2swift's --ipython (IPythonVersion): the first release with the rules, or the one
# the docs name. Other releases of a rule set record the same bytes (checked by `make test-ipython`).
RECORDED_RELEASES = ["7.34.0", "8.12.3", "9.0.2", "9.4.0", "9.9.0", "9.10.1", "9.18.1"]

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
    # Cases that separate the IPython releases (see IPythonFidelity.md).
    ("prompt-later-line", "%%file \"pll.swift\"\n  \n>>> p()\nq"),
    ("prompt-fourth-line-only", "%%writefile pfl.swift\na\nb\n>>> c\n    d"),
    ("continuation-without-primary", "%%writefile cwp.swift\n... a\nb"),
    ("indented-prompts", "%%writefile ip.swift\n    >>> a\n    ... b\n  c"),
    ("prompt-without-space", "%%writefile pws.swift\n>>>a\n>>>\tb\n>>>\n...\nc"),
    ("crlf-prompts", "%%writefile crp.swift\r\n>>> a\r\n... b\r\n>>>\r\n...  c\r\n"),
    ("nbsp-before-prompt", "%%writefile nbp.swift\n\u00a0>>> a\n\u3000...\u00a0b"),
    ("prompt-in-bare-string", '%%writefile pbs.py\n"""\n>>> inside\n"""\n>>> outside'),
    ("prompt-in-assigned-string", "%%writefile pas.py\ns = '''\n>>> inside\n  ... more\n'''\n>>> outside"),
    ("prompted-string-after-prompt", '%%writefile psp.py\n>>> x = 1\n>>> s = """\n... >>> kept?\n... """\n>>> y'),
    ("prefixed-string-on-first-prompt", '%%writefile pfp.py\n>>> rb"""\n>>> a\n"""\n>>> b'),
    ("mismatched-triple-quotes", "%%writefile mtq.py\nx = \"\"\" '''\n>>> a\n''' \"\"\"\n>>> b"),
    ("escaped-triple-quote", '%%writefile etq.py\n\\"""\n>>> a'),
    ("one-line-string", '%%writefile ols.py\n"""doc"""\n>>> a\n  b'),
    ("string-then-indented-doctest", '%%writefile sid.py\n"""\n"""\n>>>   a\n>>>   b\n   \n>>>   c'),
    ("ipython-continuation-then-doctest", "%%writefile icd.py\n   ...: a\n>>> b"),
    ("doctest-blank-line", "%%writefile dbl.swift\n>>> a\n    \n\tb"),
    ("doctest-in-time-body", "%%time\n  %%writefile tdb.swift\n  >>> a\n  b"),
    ("doctest-first-line", "  >>> %%writefile dfl.swift\n  >>> a\n  ... b\n  c"),
    ("time-no-raise-error", "%%time --no-raise-error\n%%writefile tnr.swift\nx"),
    ("time-no-raise-prefix", "%%time --no\n%%writefile tnp.swift\nx"),
    ("time-separator", "%%time --\n%%writefile tsp.swift\nx"),
    ("time-unclosed-quote", "%%time '\n%%writefile tuq.swift\nx"),
    ("time-explicit-argument", "%%time --no-raise-error=1\n%%writefile tea.swift\nx"),
    ("time-flag-and-statement", "%%time --no-raise-error x\n%%writefile tfs.swift\nx"),
    ("vi-prompt-second-line", "In [1]: %%writefile vps.swift\n[nav] In [2]: a\nb"),
]


def notebook():
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
    return nb


def record(here, nb):
    """Runs every code cell with this Python's IPython and writes recorded/ipython-<version>/."""
    import IPython
    from IPython.core.interactiveshell import InteractiveShell

    home = os.getcwd()
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
    os.chdir(home)
    folder = os.path.join(here, "recorded", f"ipython-{IPython.__version__}")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    shutil.move(work, os.path.join(folder, "expected"))
    with open(os.path.join(folder, "log.json"), "w", encoding="utf-8") as f:
        json.dump({"ipython": IPython.__version__, "cells": log}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"recorded {os.path.relpath(folder, here)}: {len(log)} cells")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    nb = notebook()
    with open(os.path.join(here, "extra_cases.ipynb"), "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if len(sys.argv) == 3 and sys.argv[1] == "--venvs":
        pythons = [os.path.join(sys.argv[2], f"ipython-{release}", "bin", "python") for release in RECORDED_RELEASES]
        missing = [python for python in pythons if not os.path.exists(python)]
        if missing:
            sys.exit(f"missing {', '.join(missing)}: run scripts/ipython-venvs.sh first")
        for python in pythons:
            subprocess.run([python, os.path.abspath(__file__)], check=True)
    elif len(sys.argv) == 1:
        record(here, nb)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
