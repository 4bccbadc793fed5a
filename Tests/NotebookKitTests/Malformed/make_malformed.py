"""Writes the malformed notebooks of MalformedNotebookTests.swift (each file's expected error is asserted there)."""
import json

def nb(cells, **top):
    d = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    d.update(top)
    return d

def code(src, id="c0", **extra):
    c = {"cell_type": "code", "execution_count": None, "id": id, "metadata": {}, "outputs": [], "source": src}
    c.update(extra)
    return c

def dump(d):
    return json.dumps(d, indent=1).encode()

good = dump(nb([{"cell_type": "markdown", "id": "m0", "metadata": {}, "source": "# T"},
                code(["%%writefile a.swift\n", "let a = 1\n"], id="c1")]))
files = {
    "bom.ipynb": b"\xef\xbb\xbf" + good,
    "truncated.ipynb": good[: good.index(b"let a")],
    "nbformat-5.ipynb": dump(nb([code("x")], nbformat=5)),
    "source-number.ipynb": dump(nb([code("ok", id="first"), code(42, id="num-source")])),
    "source-list-number.ipynb": dump(nb([code(["a\n", 1], id="list-num")])),
    "missing-cells.ipynb": json.dumps({"metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode(),
    "invalid-utf8.ipynb": dump(nb([code("x", id="bad-utf8")])).replace(b'"source": "x"', b'"source": "\xff\xfe"'),
    "empty.ipynb": b"\n",
    "top-level-list.ipynb": b"[1, 2]\n",
    "missing-nbformat.ipynb": json.dumps({"cells": [], "metadata": {}}).encode(),
    "nbformat-string.ipynb": dump(nb([], nbformat="4")),
    "cells-object.ipynb": dump(nb({})),
    "cell-not-object.ipynb": dump(nb(["print(1)"])),
    "missing-cell-type.ipynb": dump(nb([{"id": "no-type", "metadata": {}, "source": "x"}])),
    "unknown-cell-type.ipynb": dump(nb([{"cell_type": "heading", "id": "v4-heading", "metadata": {}, "source": "x"}])),
    "trailing-comma.ipynb": b'{\n "cells": [],\n "nbformat": 4,\n}\n',
    "single-quotes.ipynb": b"{'cells': [], 'nbformat': 4}\n",
    "trailing-text.ipynb": good + b"\n{}\n",
    "raw-control-character.ipynb": dump(nb([code("x", id="ctl")])).replace(b'"source": "x"', b'"source": "a\tb"'),
    "bad-escape.ipynb": dump(nb([code("x", id="esc")])).replace(b'"source": "x"', b'"source": "a\\qb"'),
    "lone-surrogate.ipynb": dump(nb([code("x", id="sur")])).replace(b'"source": "x"', b'"source": "\\ud800"'),
    "id-number.ipynb": dump(nb([code("x", id=7)])),
    "cell-metadata-list.ipynb": dump(nb([code("x", id="meta-list", metadata=[])])),
    "notebook-metadata-string.ipynb": dump(nb([], metadata="none")),
    "truncated-in-outputs.ipynb": dump(nb([code("x", id="big-out", outputs=[{"output_type": "stream", "name": "stdout", "text": "y" * 5000}])]))[:3000],
    "missing-source.ipynb": dump(nb([{"cell_type": "code", "id": "no-source", "metadata": {}, "outputs": [], "execution_count": None}])),
    "v3-no-worksheets.ipynb": json.dumps({"metadata": {}, "nbformat": 3, "nbformat_minor": 0}).encode(),
    "leading-zero.ipynb": b'{"cells": [], "metadata": {}, "nbformat": 04, "nbformat_minor": 5}\n',
    "deep-metadata.ipynb": b'{"cells": [], "metadata": ' + b"[" * 600 + b"]" * 600 + b', "nbformat": 4, "nbformat_minor": 5}\n',
    "minor-float.ipynb": b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5.0}\n',
    "attachments-list.ipynb": dump(nb([{"cell_type": "markdown", "id": "att", "metadata": {}, "source": "x", "attachments": []}])),
    "missing-colon.ipynb": b'{"cells" [], "nbformat": 4}\n',
    "unterminated-string.ipynb": b'{"cells": [], "nbformat": 4, "metadata": {"a": "b',
    "invalid-literal.ipynb": b'{"cells": [], "nbformat": 4, "metadata": {"a": tru}}\n',
    # Found by the fuzzer: a v3 heading level that would make a huge string.
    "v3-heading-level.ipynb": b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [{"cell_type": "heading", "level":1111111111111111}]}]}\n',
    # Strict mode only (lenient reading accepts them, as nbformat does).
    "strict-missing-id.ipynb": dump(nb([{"cell_type": "markdown", "metadata": {}, "source": "x"}])),
    "strict-duplicate-id.ipynb": dump(nb([code("a", id="same"), code("b", id="same")])),
    "strict-bad-id.ipynb": dump(nb([code("a", id="has space")])),
    "strict-unknown-key.ipynb": dump(nb([code("a", id="extra", foo=1)])),
    "strict-missing-outputs.ipynb": dump(nb([{"cell_type": "code", "id": "no-outputs", "metadata": {}, "source": "x", "execution_count": None}])),
}
for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)
print(len(files), "files")
