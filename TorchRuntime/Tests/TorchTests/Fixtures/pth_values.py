#!/usr/bin/python3
"""General torch.save values for the Swift runtime's tests (SavedValueTests), and the description format the tests
compare against (also used by pth_differential.py).

Usage:
  /usr/bin/python3 pth_values.py write FILE     torch.save a checkpoint-like value to FILE, print its description
  /usr/bin/python3 pth_values.py describe FILE  torch.load FILE (map_location="cpu"), print its description

The description is one JSON line: {"value": V, "shared": [[path, path], ...], "same": [[path, path], ...]} where V
encodes the value exactly:
  ["none"] | ["bool", b] | ["int", "decimal"] | ["float", "IEEE-754 bits as a decimal u64"] | ["str", s]
  | ["tensor", dtype, shape, requires_grad, hex of the row-major element bytes (bool: 00/01 per element; "" beyond
     VALUE_LIMIT elements)]
  | ["list", [V...]] | ["tuple", [V...]] | ["dict", ordered, [[K, V]...]]  with K = ["str", s] | ["int", "decimal"]
"shared" lists the tensor paths (keys joined by "/") whose storages are one storage, "same" those that are one
object, each pair once, the first tensor met first.
"""
import collections
import json
import struct
import sys

import torch


def encode_key(key):
    if isinstance(key, str):
        return ["str", key]
    if isinstance(key, int) and not isinstance(key, bool):
        return ["int", str(key)]
    raise TypeError(f"unsupported key {key!r}")


# Tensors with more elements are described without their values (a stride-0 view may stand for billions).
VALUE_LIMIT = 65536


def tensor_hex(t: torch.Tensor) -> str:
    if t.numel() > VALUE_LIMIT:
        return ""
    flat = t.detach().reshape(-1).contiguous()
    if flat.dtype == torch.bool:
        return bytes(1 if x else 0 for x in flat.tolist()).hex()
    # The bytes through torch alone (PyPI's torch 2.x venv has no NumPy): a uint8 view of the contiguous values.
    return bytes(flat.view(torch.uint8).tolist()).hex()


def encode(value, path="", tensors=None):
    """The description of `value`; tensors met are appended to `tensors` as (path, tensor)."""
    if tensors is None:
        tensors = []
    if value is None:
        return ["none"]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["float", str(struct.unpack("<Q", struct.pack("<d", value))[0])]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, torch.Tensor):
        tensors.append((path, value))
        return ["tensor", str(value.dtype), list(value.shape), bool(value.requires_grad), tensor_hex(value)]
    if isinstance(value, list):
        return ["list", [encode(v, f"{path}/{i}", tensors) for i, v in enumerate(value)]]
    if isinstance(value, tuple):
        return ["tuple", [encode(v, f"{path}/{i}", tensors) for i, v in enumerate(value)]]
    if isinstance(value, dict):
        ordered = isinstance(value, collections.OrderedDict)
        return ["dict", ordered, [[encode_key(k), encode(v, f"{path}/{k}", tensors)] for k, v in value.items()]]
    raise TypeError(f"unsupported value of type {type(value).__name__}")


def storage_pointer(t: torch.Tensor) -> int:
    storage = t.untyped_storage() if hasattr(t, "untyped_storage") else t.storage()
    return storage.data_ptr()


def describe(value) -> dict:
    tensors = []
    encoded = encode(value, "", tensors)
    shared, same = [], []
    for i, (path_a, a) in enumerate(tensors):
        for path_b, b in tensors[i + 1:]:
            if a is b:
                same.append([path_a, path_b])
            if a.numel() and b.numel() and storage_pointer(a) == storage_pointer(b):
                shared.append([path_a, path_b])
    return {"value": encoded, "shared": shared, "same": same}


def checkpoint_like() -> dict:
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    return {
        "epoch": 7,
        "lr": 1e-3,
        "name": "tinyvgg \u2713 \U0001F600",
        "flags": [True, False, None],
        "shape": (3, 4),
        "nested": {0: {"a": [1, [2, [3]]]}, -5: (1.5,), 2**40: ()},
        "extremes": [-(2**63), 2**63 - 1, float("inf"), -0.0, 5e-324],
        "base": base,
        "rows": base[1:, 2:],
        "transposed": base.t(),
        "again": base,
        "param": torch.nn.Parameter(torch.ones(2)),
        "empty": torch.zeros(0, 3),
        "scalar": torch.tensor(3.5, dtype=torch.float64),
        "ints": torch.tensor([[1, -2], [3, 2**40]]),
        "int32": torch.tensor([7, -7], dtype=torch.int32),
        "bytes": torch.tensor([0, 255], dtype=torch.uint8),
        "bools": torch.tensor([True, False, True]),
        "ordered": collections.OrderedDict([("z", 1), ("a", 2)]),
    }


def main() -> None:
    sys.setrecursionlimit(10_000)
    command, path = sys.argv[1], sys.argv[2]
    if command == "write":
        value = checkpoint_like()
        torch.save(value, path)
    elif command == "describe":
        value = torch.load(path, map_location="cpu")
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(describe(value)))


if __name__ == "__main__":
    main()
