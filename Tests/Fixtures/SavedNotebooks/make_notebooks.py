"""Writes the two saved-notebook fixtures the minimal-diff tests round-trip through `nb2swift script` and back.

colab.ipynb is laid out the way Google Colab saves a notebook: two-space indentation, its own key order (`nbformat`,
`nbformat_minor`, `metadata` with `colab`, `kernelspec`, `language_info`, then `cells`; a code cell's keys
`cell_type`, `execution_count`, `metadata`, `outputs`, `source`; a markdown cell's `cell_type`, `metadata`, `source`),
each cell's id in `metadata.id` (nbformat 4.0 has no cell ids), non-ASCII text as it is, and no line feed at the end.
jupyter.ipynb is laid out as Jupyter saves one: `json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)` and a
final line feed, nbformat 4.5 with cell ids. Both are Swift notebooks (Colab's Swift kernel of 2019-2020) with
outputs, so that a round trip must carry them over.

Run from this folder: python3 make_notebooks.py
"""
import json

colab_cells = [
    {"cell_type": "markdown", "metadata": {"id": "kZRlD4utdPuX"},
     "source": ["# Tensors, by hand\n", "\n", "A first look — in Swift, on Colab."]},
    {"cell_type": "code", "execution_count": 1,
     "metadata": {"colab": {"base_uri": "https://localhost:8080/"}, "id": "qhEvkOHgdPuc",
                  "outputId": "3b8c2a1e-5f0d-4c7e-9a61-2d4f8e0b7c15"},
     "outputs": [{"output_type": "stream", "name": "stdout", "text": ["[1, 2, 3]\n"]}],
     "source": ["let xs = [1, 2, 3]\n", "print(xs)"]},
    {"cell_type": "markdown", "metadata": {"id": "Xw2bq8Ljd4Qm"},
     "source": ["## A helper\n", "\n", "`scale` multiplies every element."]},
    {"cell_type": "code", "execution_count": 2,
     "metadata": {"id": "R5s0bN1kd8Zt"}, "outputs": [],
     "source": ["func scale(_ values: [Int], by factor: Int) -> [Int] {\n",
                "  values.map { $0 * factor }\n", "}"]},
    {"cell_type": "code", "execution_count": 3,
     "metadata": {"colab": {"base_uri": "https://localhost:8080/", "height": 35}, "id": "pV7cN2mQeA1x",
                  "outputId": "c0e1f2a3-b4c5-4d6e-8f70-81a2b3c4d5e6"},
     "outputs": [{"output_type": "execute_result", "data": {"text/plain": ["[2, 4, 6]"]},
                  "metadata": {}, "execution_count": 3}],
     "source": ["scale(xs, by: 2)"]},
    {"cell_type": "code", "execution_count": None, "metadata": {"id": "Zt4kW9yHeF3b"}, "outputs": [],
     "source": []},
]
colab = {
    "nbformat": 4,
    "nbformat_minor": 0,
    "metadata": {
        "colab": {"name": "tensors.ipynb", "provenance": [], "collapsed_sections": []},
        "kernelspec": {"name": "swift", "display_name": "Swift"},
        "language_info": {"name": "swift"},
    },
    "cells": colab_cells,
}
with open("colab.ipynb", "w", encoding="utf-8", newline="") as f:
    f.write(json.dumps(colab, indent=2, ensure_ascii=False))

jupyter_cells = [
    {"cell_type": "markdown", "id": "intro", "metadata": {},
     "source": ["# Counting words\n", "\n", "Naïve, and short."]},
    {"cell_type": "code", "execution_count": 1, "id": "words", "metadata": {"tags": ["setup"]},
     "outputs": [{"name": "stdout", "output_type": "stream", "text": ["4\n"]}],
     "source": ["let words = \"one two two three\".split(separator: \" \")\n", "print(words.count)"]},
    {"cell_type": "code", "execution_count": 2, "id": "counts", "metadata": {},
     "outputs": [{"data": {"text/plain": ["[\"one\": 1, \"three\": 1, \"two\": 2]"]}, "execution_count": 2,
                  "metadata": {}, "output_type": "execute_result"}],
     "source": ["var counts: [Substring: Int] = [:]\n", "for word in words { counts[word, default: 0] += 1 }\n",
                "counts"]},
    {"cell_type": "markdown", "id": "outro", "metadata": {}, "source": ["That is all."]},
]
jupyter = {
    "cells": jupyter_cells,
    "metadata": {
        "kernelspec": {"display_name": "Swift", "language": "swift", "name": "swift"},
        "language_info": {"file_extension": ".swift", "mimetype": "text/x-swift", "name": "swift",
                          "version": "5.9"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
with open("jupyter.ipynb", "w", encoding="utf-8", newline="") as f:
    f.write(json.dumps(jupyter, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
