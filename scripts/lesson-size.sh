#!/usr/bin/env bash
# Prints, for the current tree, how long each module of the reference pipeline is beside the Python file it mirrors
# (issue 21's table): code lines only, without comments, docstrings and blank lines. The Python count of a module is
# the larger of the lesson's own file (the course's going_modular scripts, counted once and recorded below: they
# are not in this repository) and our reference's (reference/going_modular/*.py, counted now). The Swift count is
# the module's folder under generated/going_modular/Sources, without blank lines and `//` comments. Exits 1 when a
# module is more than twice its Python.
#
#   scripts/lesson-size.sh            # the table, in Markdown
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PYTHON'
import ast, io, pathlib, sys, tokenize

# module: (the lesson's file, its code lines in the course's own script, the Swift module)
MODULES = [
    ("data_setup", 29, "DataSetup"),
    ("engine", 74, "Engine"),
    ("model_builder", 38, "ModelBuilder"),
    ("train", 0, "train"),  # the course's train.py is shorter than our reference's (12 options)
    ("utils", 13, "Utils"),
    ("predict", 33, "predict"),
]

def python_lines(path):
    """Lines holding code: tokens other than comments and line ends, outside docstrings."""
    source = path.read_text()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip:
            lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in docstrings)
    return len(lines)

def swift_lines(folder):
    """Lines that are neither blank nor `//` comments (`///` included)."""
    return sum(
        1
        for file in sorted(folder.glob("*.swift"))
        for line in file.read_text().splitlines()
        if line.strip() and not line.strip().startswith("//")
    )

print("| module | the lesson's Python, code lines | generated Swift, code lines | ratio |")
print("|---|---|---|---|")
over = []
for name, lesson, module in MODULES:
    reference = python_lines(pathlib.Path(f"reference/going_modular/{name}.py"))
    python = max(lesson, reference)
    source = "lesson" if lesson >= reference else f"reference/going_modular/{name}.py"
    swift = swift_lines(pathlib.Path(f"generated/going_modular/Sources/{module}"))
    ratio = swift / python
    if ratio > 2:
        over.append(name)
    print(f"| {name} | {python} ({source}) | {swift} (`{module}`) | {ratio:.2f}{'' if ratio <= 2 else ' > 2'} |")
if over:
    print(f"more than twice the Python: {', '.join(over)}", file=sys.stderr)
    sys.exit(1)
PYTHON
