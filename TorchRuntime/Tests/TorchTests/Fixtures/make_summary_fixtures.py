#!/usr/bin/env python3
"""Writes model_summaries.json: torchinfo 1.8's own tables for the models the Swift summary test builds.

Run with the interop venv (Debian's torch 1.13 and Python 3.11, torchinfo==1.8.0 from PyPI), which
scripts/install-deps.sh makes:

    .venvs/interop/bin/python TorchRuntime/Tests/TorchTests/Fixtures/make_summary_fixtures.py

Each case names a model, an input size and torchinfo's options; "table" is str(torchinfo.summary(...)), the text
torchinfo prints. Tables do not depend on the weights, so rerunning writes identical bytes.
"""
import json
import os
import platform
import sys

import torch
import torchinfo
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
# The lesson's own TinyVGG (the reference pipeline's model_builder.py), the class the Swift TinyVGGFixture mirrors.
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "reference", "going_modular"))
from model_builder import TinyVGG  # noqa: E402


class DirectShared(nn.Module):
    """Calls a Sequential's layers one by one (the Sequential itself is never called) and one conv twice."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, kernel_size=3), nn.ReLU())
        self.conv = nn.Conv2d(4, 4, kernel_size=3, padding=1)
        self.act = nn.ReLU()
        self.head = nn.Linear(4 * 14 * 14, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features[1](self.features[0](x))
        x = self.conv(self.act(self.conv(x)))
        return self.head(x.flatten(1))


def tinyvgg(frozen_block_1: bool = False) -> nn.Module:
    model = TinyVGG(3, 10, 3)
    if frozen_block_1:
        for parameter in model.conv_block_1.parameters():
            parameter.requires_grad_(False)
    return model


ALL_COLUMNS = ["input_size", "output_size", "num_params", "params_percent", "mult_adds", "trainable"]
CASES = [
    # The lesson's call: summary(model, input_size=[32, 3, 64, 64]) with torchinfo's defaults.
    {"name": "tinyvgg", "model": "TinyVGG", "input_size": [32, 3, 64, 64], "options": {}},
    {"name": "tinyvgg_all_columns", "model": "TinyVGG", "input_size": [1, 3, 64, 64],
     "options": {"col_names": ALL_COLUMNS, "row_settings": ["depth", "var_names"]}},
    {"name": "tinyvgg_frozen_depth_1", "model": "TinyVGG-frozen-block-1", "input_size": [8, 3, 64, 64],
     "options": {"col_names": ALL_COLUMNS[1:], "depth": 1, "row_settings": ["ascii_only"], "mode": "train",
                 "col_width": 20}},
    {"name": "direct_shared", "model": "DirectShared", "input_size": [2, 3, 16, 16],
     "options": {"col_names": ["input_size", "output_size", "num_params", "mult_adds", "trainable"],
                 "row_settings": ["depth", "var_names"]}},
    {"name": "direct_shared_hide_recursive", "model": "DirectShared", "input_size": [2, 3, 16, 16],
     "options": {"row_settings": ["depth", "hide_recursive_layers"]}},
]
MODELS = {
    "TinyVGG": tinyvgg,
    "TinyVGG-frozen-block-1": lambda: tinyvgg(frozen_block_1=True),
    "DirectShared": DirectShared,
}


def main() -> None:
    torch.manual_seed(0)
    cases = []
    for case in CASES:
        model = MODELS[case["model"]]()
        statistics = torchinfo.summary(model, input_size=case["input_size"], verbose=0, **case["options"])
        cases.append({**case, "table": str(statistics)})
    document = {
        "generator": f"torchinfo {torchinfo.__version__}, torch {torch.__version__}, Python {platform.python_version()}",
        "cases": cases,
    }
    path = os.path.join(HERE, "model_summaries.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=1, ensure_ascii=False)
        file.write("\n")
    print(f"wrote {path}: {len(cases)} tables")


if __name__ == "__main__":
    main()
