#!/usr/bin/python3
"""Writes state dicts in the shapes torch.save produces beyond a plain model, for the Swift reader's test.

Usage: /usr/bin/python3 save_varied_state_dicts.py DIRECTORY
Writes DIRECTORY/<case>.pth for each case and prints one JSON line:
{case: [{"key", "dtype", "shape", "values"}, ...in state dict order]}.
Cases:
  batchnorm   a BatchNorm2d's state dict (running stats buffers, int64 num_batches_tracked)
  views       tensors that are views: a transpose (non-contiguous strides), a slice at an offset, two entries
              sharing one storage
  many        1,500 entries (pickle batches SETITEMS by 1,000)
  protocol4   a plain dict saved with pickle_protocol=4 (SHORT_BINUNICODE, MEMOIZE, FRAME)
  dtypes      float64, int32, uint8 and bool tensors
"""
import collections
import json
import os
import sys

import torch
from torch import nn


def describe(state: dict) -> list:
    return [
        {"key": key, "dtype": str(t.dtype), "shape": list(t.shape), "values": t.reshape(-1).double().tolist()}
        for key, t in state.items()
    ]


def main() -> None:
    directory = sys.argv[1]
    torch.manual_seed(3)
    bn = nn.BatchNorm2d(3)
    bn.train()
    bn(torch.randn(4, 3, 2, 2))
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    cases = {
        "batchnorm": (bn.state_dict(), 2),
        "views": (collections.OrderedDict(
            [("transposed", base.t()), ("slice", base[1:3, 2:5]), ("row", base[2]), ("whole", base)]), 2),
        "many": (collections.OrderedDict((f"p{i}", torch.full((2,), float(i))) for i in range(1500)), 2),
        "protocol4": ({"a": torch.tensor([1.5, -2.5]), "b": torch.tensor([[7, 8]])}, 4),
        "dtypes": (collections.OrderedDict([
            ("f64", torch.tensor([0.1, 1e300], dtype=torch.float64)),
            ("i32", torch.tensor([-5, 2**31 - 1], dtype=torch.int32)),
            ("u8", torch.tensor([0, 200], dtype=torch.uint8)),
            ("bool", torch.tensor([True, False, True])),
        ]), 2),
    }
    report = {}
    for name, (state, protocol) in cases.items():
        torch.save(state, os.path.join(directory, f"{name}.pth"), pickle_protocol=protocol)
        report[name] = describe(state)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
