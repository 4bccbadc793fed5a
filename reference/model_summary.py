"""Prints torchinfo's table for the lesson's TinyVGG (going_modular/model_builder.py): what `train --summary` prints.

Needs torchinfo 1.8 (the interop venv that scripts/install-deps.sh makes has it, over Debian's torch 1.13):

    .venvs/interop/bin/python reference/model_summary.py --hidden_units 10 --classes 3 --input_size 32,3,64,64

The same call as the course's `summary(model, input_size=[32, 3, 64, 64])`, with torchinfo's default columns.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "going_modular"))

import torchinfo  # noqa: E402

import model_builder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="torchinfo's summary of TinyVGG.")
    parser.add_argument("--hidden_units", type=int, default=10)
    parser.add_argument("--classes", type=int, default=3)
    parser.add_argument("--input_size", default="32,3,64,64", help="the input's shape, batch first")
    args = parser.parse_args()
    model = model_builder.TinyVGG(input_shape=3, hidden_units=args.hidden_units, output_shape=args.classes)
    print(torchinfo.summary(model, input_size=[int(size) for size in args.input_size.split(",")], verbose=0))


if __name__ == "__main__":
    main()
