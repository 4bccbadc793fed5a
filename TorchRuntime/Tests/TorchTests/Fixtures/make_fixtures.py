#!/usr/bin/python3
"""Writes the Torch parity fixtures. Run with Debian's torch 1.13.1: /usr/bin/python3 make_fixtures.py

Outputs (next to this script):
  tinyvgg.json         initial weights after torch.manual_seed(SEED), a batch drawn with torch.randn after
                       torch.manual_seed(BATCH_SEED) (a prefix and sum, to check randn parity), labels, the initial
                       logits / softmax / argmax, and for Adam and SGD: the loss of each of 5 steps and the
                       parameters after steps 1 and 5.
  tinyvgg_trained.pth  the model after the 5 Adam steps, saved the usual way: torch.save(model.state_dict(), path).
"""
import json
import os
import sys

import torch
from torch import nn

THREADS = 1
SEED = 42
BATCH_SEED = 7
HIDDEN = 2
CLASSES = 3
BATCH = 4
STEPS = 5
HERE = os.path.dirname(os.path.abspath(__file__))

# The lesson's own TinyVGG (the reference pipeline's model_builder.py), so the fixtures test that very class.
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "reference", "going_modular"))
from model_builder import TinyVGG  # noqa: E402


def flat(tensor: torch.Tensor) -> list:
    return tensor.detach().reshape(-1).tolist()


def parameters(model: nn.Module) -> list:
    return [{"name": name, "shape": list(p.shape), "values": flat(p)} for name, p in model.named_parameters()]


def train(initial: dict, make_optimizer, x: torch.Tensor, y: torch.Tensor) -> dict:
    model = TinyVGG(3, HIDDEN, CLASSES)
    model.load_state_dict(initial)
    optimizer = make_optimizer(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    losses, after = [], {}
    for step in range(1, STEPS + 1):
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step in (1, STEPS):
            after[str(step)] = parameters(model)
    return {"losses": losses, "parameters_after": after, "model": model}


def main() -> None:
    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    model = TinyVGG(3, HIDDEN, CLASSES)
    initial = {k: v.clone() for k, v in model.state_dict().items()}

    torch.manual_seed(BATCH_SEED)
    x = torch.randn(BATCH, 3, 64, 64)
    y = torch.tensor([0, 2, 1, 2])

    model.eval()
    with torch.no_grad():
        logits = model(x)

    adam = train(initial, lambda p: torch.optim.Adam(p, lr=0.001), x, y)
    sgd = train(initial, lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), x, y)

    trained = adam.pop("model")
    sgd.pop("model")
    trained.eval()
    with torch.no_grad():
        trained_logits = trained(x)
    torch.save(trained.state_dict(), os.path.join(HERE, "tinyvgg_trained.pth"))

    fixture = {
        "torch_version": torch.__version__,
        "threads": THREADS,
        "seed": SEED,
        "batch_seed": BATCH_SEED,
        "hidden_units": HIDDEN,
        "classes": CLASSES,
        "batch_shape": list(x.shape),
        "batch_prefix": flat(x)[:16],
        "batch_sum": x.double().sum().item(),
        "labels": y.tolist(),
        "initial_parameters": parameters(model),
        "logits": flat(logits),
        "softmax": flat(torch.softmax(logits, dim=1)),
        "argmax": torch.argmax(logits, dim=1).tolist(),
        "adam": {"lr": 0.001, **adam},
        "sgd": {"lr": 0.01, "momentum": 0.9, **sgd},
        "trained_logits": flat(trained_logits),
    }
    with open(os.path.join(HERE, "tinyvgg.json"), "w") as out:
        json.dump(fixture, out, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
