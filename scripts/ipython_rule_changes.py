"""Lists the IPython releases that changed the code shaping what `%%writefile` writes.

nb2swift reproduces IPython's input handling without running it (see
Sources/NotebookKit/NotebookKit.docc/IPythonFidelity.md). When a new IPython comes out, download its wheel and run

    pip download ipython==9.19.0 --no-deps -d /tmp/ipy
    python3 scripts/ipython_rule_changes.py /tmp/ipy/ipython-*.whl

For every release (sorted by version) it fingerprints the functions that matter: the clean-up transforms a cell
goes through before IPython looks for a cell magic (`inputtransformer2`), the cell-magic dispatch, `%%writefile`,
`%%time` and `%%capture` (which run their body through the same transforms), argparse-based magic arguments,
shlex splitting and `$name`/`{name}` expansion. Docstrings and formatting are ignored (the AST is compared), so
each line it prints is a real code change to read; a release whose lines are all unchanged needs no new rule set.
"""
import ast
import re
import sys
import zipfile

# (file inside the wheel, top-level or class-level names to fingerprint)
WATCHED = [
    ("IPython/core/inputtransformer2.py",
     ["leading_empty_lines", "leading_indent", "PromptStripper", "classic_prompt", "ipython_prompt", "cell_magic",
      "_indent_re", "TransformerManager"]),
    ("IPython/core/interactiveshell.py", ["run_cell_magic", "var_expand", "transform_cell"]),
    ("IPython/core/magics/osm.py", ["writefile"]),
    ("IPython/core/magics/execution.py", ["time", "capture"]),
    ("IPython/core/magic_arguments.py", ["MagicArgumentParser", "parse_argstring", "construct_parser"]),
    ("IPython/utils/_process_common.py", ["arg_split"]),
    ("IPython/utils/text.py", ["DollarFormatter", "FullEvalFormatter"]),
]


def strip_docstrings(node):
    for child in ast.walk(node):
        body = getattr(child, "body", None)
        if (isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            child.body = body[1:] or [ast.Pass()]
    return node


def fingerprints(source):
    tree = ast.parse(source)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, ast.unparse(strip_docstrings(node)))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, ast.unparse(node))
    return found


def version_key(name):
    return tuple(int(part) for part in re.findall(r"\d+", name))


def main(wheels):
    rows = []
    for wheel in wheels:
        version = re.search(r"ipython-([^-]+)-", wheel).group(1)
        with zipfile.ZipFile(wheel) as archive:
            prints = {}
            for path, names in WATCHED:
                found = fingerprints(archive.read(path).decode("utf-8"))
                for name in names:
                    prints[f"{path.split('/')[-1]}:{name}"] = found.get(name, "<absent>")
        rows.append((version, prints))
    rows.sort(key=lambda row: version_key(row[0]))
    previous = None
    for version, prints in rows:
        if previous is None:
            print(f"{version}: (first)")
        else:
            changed = [name for name in prints if prints[name] != previous[name]]
            print(f"{version}: " + (", ".join(changed) if changed else "unchanged"))
        previous = prints


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
