#!/usr/bin/python3
"""Optimizer state dicts across Swift and Python, for the Swift runtime's OptimizerStateDictTests.

Usage:
  /usr/bin/python3 optimizer_interop.py resume CHECKPOINT OUT
      CHECKPOINT (written by Swift with Torch.save) holds "kind", "model_state_dict", "optimizer_state_dict" and
      "batches" (a list of (images, labels)). Builds the lesson's TinyVGG and a torch.optim optimizer of that kind
      with placeholder hyper-parameters, loads both state dicts (load_state_dict restores the hyper-parameters),
      takes one step per batch and torch.saves {"model_state_dict", "optimizer_state_dict"} to OUT.
  /usr/bin/python3 optimizer_interop.py start KIND OUT
      Trains TinyVGG (torch.manual_seed(42)) for 3 steps on 6 batches drawn after torch.manual_seed(0), saves
      {"kind", "model_state_dict", "optimizer_state_dict", "batches": the last 3 batches, "continued": the model's
      state dict after 3 more steps} to OUT, for Swift to resume and compare.
Both print one JSON line describing the optimizer state dict they end with (keys and param_groups).
KIND is adam, adam_amsgrad or sgd_momentum.
"""
import json
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "reference", "going_modular"))
from model_builder import TinyVGG  # noqa: E402

HYPER = {
    "adam": dict(lr=0.01),
    "adam_amsgrad": dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01, amsgrad=True),
    "sgd_momentum": dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.001, nesterov=False),
}


def optimizer_for(kind: str, model: nn.Module, placeholder: bool) -> torch.optim.Optimizer:
    if placeholder:  # load_state_dict must restore the real hyper-parameters
        return torch.optim.SGD(model.parameters(), lr=123.0) if kind.startswith("sgd") else torch.optim.Adam(
            model.parameters(), lr=123.0)
    if kind.startswith("sgd"):
        return torch.optim.SGD(model.parameters(), **HYPER[kind])
    return torch.optim.Adam(model.parameters(), **HYPER[kind])


def train(model: nn.Module, optimizer: torch.optim.Optimizer, batches) -> None:
    model.train()
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def summary(optimizer: torch.optim.Optimizer) -> dict:
    state = optimizer.state_dict()
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in group.items()} for group in state["param_groups"]]
    return {
        "state_keys": sorted(state["state"].keys()),
        "entry_keys": sorted(next(iter(state["state"].values())).keys()) if state["state"] else [],
        "param_groups": groups,
    }


def main() -> None:
    torch.set_num_threads(1)
    command = sys.argv[1]
    if command == "resume":
        checkpoint = torch.load(sys.argv[2])
        kind = checkpoint["kind"]
        model = TinyVGG(3, 2, 3)
        model.load_state_dict(checkpoint["model_state_dict"])
        optimizer = optimizer_for(kind, model, placeholder=True)
        optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
        train(model, optimizer, checkpoint["batches"])
        torch.save({"model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict()},
                   sys.argv[3])
    elif command == "start":
        kind, out = sys.argv[2], sys.argv[3]
        torch.manual_seed(0)
        batches = [(torch.randn(4, 3, 64, 64), torch.tensor([(i + b) % 3 for i in range(4)])) for b in range(6)]
        torch.manual_seed(42)
        model = TinyVGG(3, 2, 3)
        optimizer = optimizer_for(kind, model, placeholder=False)
        train(model, optimizer, batches[:3])
        checkpoint = {
            "kind": kind,
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict(),
            "batches": batches[3:],
        }
        torch.save(checkpoint, out)  # the state now; the steps below change the live tensors
        train(model, optimizer, batches[3:])
        checkpoint = torch.load(out)
        checkpoint["continued"] = model.state_dict()
        torch.save(checkpoint, out)
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(summary(optimizer)))


if __name__ == "__main__":
    main()
