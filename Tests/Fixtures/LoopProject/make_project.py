"""Writes the notebooks of the test project driven by nb2swift.toml alone (ProjectLoopTests).

Run from this folder: python3 make_project.py. Notebooks are written as Jupyter saves them
(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", sources as lists of lines), with outputs
and execution counts so that `nb2swift clean` has something to strip.
"""
import json
import os


def cell(source, kind="code", id=None, outputs=None, count=None):
    lines = source.split("\n")
    c = {"cell_type": kind, "id": id, "metadata": {},
         "source": [line + "\n" for line in lines[:-1]] + [lines[-1]]}
    if kind == "code":
        c["execution_count"] = count
        c["outputs"] = outputs or []
    return c


def notebook(cells):
    return {"cells": cells,
            "metadata": {"kernelspec": {"display_name": "Swift", "language": "swift", "name": "swift"},
                         "language_info": {"name": "swift", "version": "6.3"}},
            "nbformat": 4, "nbformat_minor": 5}


def save(path, nb):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


save("lessons/01_intro/intro.ipynb", notebook([
    cell("# Intro\n\nA model file.", kind="markdown", id="intro-md"),
    cell("%%writefile model.swift\nstruct Model {\n    var width = 4\n}", id="model", count=1,
         outputs=[{"name": "stdout", "output_type": "stream", "text": ["Writing model.swift\n"]}]),
    cell("let model = Model()\nprint(model.width)", id="use", count=2,
         outputs=[{"name": "stdout", "output_type": "stream", "text": ["4\n"]}]),
]))
save("lessons/02_more/more.ipynb", notebook([
    cell("let xs = [1, 2, 3]", id="xs", count=1),
    cell("let total = xs.reduce(0, +)", id="total", count=2),
]))
save("lib/core.ipynb", notebook([
    cell("//| default_exp Core", id="exp"),
    cell("//| export\npublic func double(_ x: Int) -> Int {\n    x * 2\n}", id="double"),
]))
save("scratch/skip.ipynb", notebook([cell("%%writefile skipped.swift\nlet no = 1", id="skip")]))
