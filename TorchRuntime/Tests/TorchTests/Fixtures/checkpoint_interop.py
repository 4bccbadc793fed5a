#!/usr/bin/python3
"""A Swift checkpoint resumed in PyTorch, for the Swift runtime's CheckpointTests (torch 1.13 or 2.x).

Usage: checkpoint_interop.py CHECKPOINT DATA OUT
    CHECKPOINT is a Swift `Checkpoint` of nn.Sequential(Linear(4, 3), ReLU(), Linear(3, 2)) and its Adam: a
    torch.save dict in the tutorials' layout, read with torch.load(weights_only=True) on torch 2.x (1.13's
    weights-only reader has no floats: there plain torch.load). DATA holds "images" and
    "labels". Prints the checkpoint's keys, epoch, world size, settings and metric names, restores the generator and
    prints `randn` and three draws of torch.randn(3) (the checkpoint's state is then restored again), trains 3 steps
    on DATA with Adam (built with a placeholder learning rate that load_state_dict replaces), and saves OUT in the
    same layout, three epochs later, with train_loss 0.5 for each new epoch.
"""
import sys

import torch
from torch import nn


def load(path):
    """torch.load, weights only where the reader knows floats (torch 2.x)."""
    return torch.load(path, weights_only=True) if int(torch.__version__.split(".")[0]) >= 2 else torch.load(path)


def main() -> None:
    source, data_path, out = sys.argv[1:4]
    checkpoint = load(source)
    print("keys", list(checkpoint))
    print("epoch", checkpoint["epoch"], "world_size", checkpoint["world_size"])
    print("settings", checkpoint["settings"])
    print("metrics", list(checkpoint["metrics"]))

    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=123.0)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    torch.set_rng_state(checkpoint["rng_state"])
    print("randn", " ".join(repr(v) for v in torch.randn(3).tolist()))
    torch.set_rng_state(checkpoint["rng_state"])

    data = load(data_path)
    for _ in range(3):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(data["images"]), data["labels"]).backward()
        optimizer.step()

    metrics = {name: list(values) + [0.5] * 3 for name, values in checkpoint["metrics"].items()}
    torch.save(
        {
            "epoch": checkpoint["epoch"] + 3,
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict(),
            "world_size": checkpoint["world_size"],
            "settings": checkpoint["settings"],
            "metrics": metrics,
            "rng_state": torch.get_rng_state(),
        },
        out,
    )


if __name__ == "__main__":
    main()
