#!/usr/bin/python3
"""Python's side of the round-trip test: load a state dict Swift saved, the usual way, into the PyTorch TinyVGG.

Usage: /usr/bin/python3 load_swift_state_dict.py STATE.pth HIDDEN CLASSES BATCH_SEED
Prints one JSON line: the type torch.load returned, load_state_dict's message, the keys, and the logits of the
model on torch.randn(4, 3, 64, 64) drawn after torch.manual_seed(BATCH_SEED).
"""
import json
import sys

import torch

from make_fixtures import BATCH, TinyVGG


def main() -> None:
    path, hidden, classes, batch_seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    state = torch.load(path)
    model = TinyVGG(3, hidden, classes)
    result = model.load_state_dict(state)
    torch.manual_seed(batch_seed)
    x = torch.randn(BATCH, 3, 64, 64)
    model.eval()
    with torch.no_grad():
        logits = model(x)
    print(json.dumps({
        "type": type(state).__name__,
        "message": str(result),
        "keys": list(state.keys()),
        "dtypes": [str(t.dtype) for t in state.values()],
        "logits": logits.reshape(-1).tolist(),
    }))


if __name__ == "__main__":
    main()
