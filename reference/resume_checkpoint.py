"""Trains TinyVGG on the parity data with checkpoints in the layout the Swift `train` writes, and resumes from one,
written by Swift or by this script: a run started in one language is finished in the other.

The checkpoint is the torch.save dict of PyTorch's tutorials, with what the Swift runtime's `Checkpoint` adds:

    {"epoch": 2,                                   # the last finished epoch, from 1
     "model_state_dict": model.state_dict(),
     "optimizer_state_dict": optimizer.state_dict(),   # torch.optim.Adam's own layout
     "world_size": 1,                              # the number of ranks that trained it
     "settings": {"batch_size": "8", ...},         # what a resumed run must share (the Swift train's keys)
     "metrics": {"train_loss": [...], "train_acc": [...], "test_loss": [...], "test_acc": [...]},
     "rng_state": torch.get_rng_state()}           # after the epoch

The run is make_fixtures.py's: torch.manual_seed(42) weights, Adam(lr=0.001), batches of 8 in parity.json's fixed
order, one thread, 5 epochs, so it ends where fixtures/final_state.pth is. The images come from
fixtures/parity_images.pth (torchvision's pixels, as uint8), so torch alone is needed: torch 1.13 or 2.x.

    /usr/bin/python3 reference/resume_checkpoint.py --checkpoint /tmp/checkpoint.pth --stop_after 2   # epochs 1-2
    /usr/bin/python3 reference/resume_checkpoint.py --checkpoint /tmp/checkpoint.pth --resume --out /tmp/final.pth

Prints the lesson's line per epoch (and `[INFO] Resuming after epoch N` first when it resumes). Writes the
checkpoint after every epoch (atomically: a temporary file renamed over it) and, at the end, the weights to --out.
Refuses, in one line with exit status 1, a checkpoint made with other settings or by several ranks.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "going_modular"))

import torch  # noqa: E402

import engine  # noqa: E402
import model_builder  # noqa: E402

FIXTURES = os.path.join(HERE, "fixtures")


def load(path):
    """torch.load of a checkpoint: weights only on torch 2.x (torch 1.13's weights-only reader has no floats)."""
    if int(torch.__version__.split(".")[0]) >= 2:
        return torch.load(path, weights_only=True)
    return torch.load(path)


def batches(images, labels, order, size):
    """(X, y) batches of `size` in `order`, X as ToTensor gives it (uint8 / 255)."""
    return [
        (images[order[start : start + size]].float().div(255), labels[order[start : start + size]])
        for start in range(0, len(order), size)
    ]


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Train TinyVGG on the parity data, with resumable checkpoints.")
    parser.add_argument("--checkpoint", required=True, help="the checkpoint file (read with --resume, then written)")
    parser.add_argument("--resume", action="store_true", help="carry on from --checkpoint when it exists")
    parser.add_argument("--stop_after", type=int, default=None, help="stop after this epoch (an interrupted run)")
    parser.add_argument("--out", default=None, help="write the final state dict here")
    args = parser.parse_args()

    with open(os.path.join(FIXTURES, "parity.json")) as file:
        fixture = json.load(file)
    spec = fixture["settings"]
    data = load(os.path.join(FIXTURES, "parity_images.pth"))
    class_names = data["class_names"]
    # The Swift train's settings, with its spellings: a checkpoint resumes only under equal ones.
    settings = {
        "model": "tinyvgg", "batch_size": str(spec["batchSize"]), "lr": str(spec["learningRate"]),
        "seed": str(spec["seed"]), "hidden_units": str(spec["hiddenUnits"]), "class_names": ",".join(class_names),
    }
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    model = model_builder.TinyVGG(input_shape=3, hidden_units=spec["hiddenUnits"], output_shape=len(class_names))
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["learningRate"])
    loss_fn = torch.nn.CrossEntropyLoss()
    results = {"train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}

    start = 0
    if args.resume and os.path.exists(args.checkpoint):
        checkpoint = load(args.checkpoint)
        if checkpoint["settings"] != settings:
            differences = sorted(k for k in set(settings) | set(checkpoint["settings"])
                                 if settings.get(k) != checkpoint["settings"].get(k))
            fail(f"{args.checkpoint}: cannot resume: it was made with other settings ({', '.join(differences)})")
        if checkpoint["world_size"] != 1:
            fail(f"{args.checkpoint}: cannot resume: it was made by {checkpoint['world_size']} ranks, this run has 1")
        model.load_state_dict(checkpoint["model_state_dict"])
        optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
        torch.set_rng_state(checkpoint["rng_state"])
        results = {name: list(values) for name, values in checkpoint["metrics"].items()}
        start = checkpoint["epoch"]
        print(f"[INFO] Resuming after epoch {start} from {args.checkpoint}")

    train_batches = batches(data["train_images"], data["train_labels"], spec["trainOrder"], spec["batchSize"])
    test_batches = batches(
        data["test_images"], data["test_labels"], list(range(len(data["test_labels"]))), spec["batchSize"])
    last = min(spec["epochs"], args.stop_after or spec["epochs"])
    for epoch in range(start, last):
        train_loss, train_acc = engine.train_step(model, train_batches, loss_fn, optimizer, "cpu")
        test_loss, test_acc = engine.test_step(model, test_batches, loss_fn, "cpu")
        for name, value in zip(results, (train_loss, train_acc, test_loss, test_acc)):
            results[name].append(value)
        print(
            f"Epoch: {epoch + 1} | train_loss: {train_loss:.4f} | train_acc: {train_acc:.4f} | "
            f"test_loss: {test_loss:.4f} | test_acc: {test_acc:.4f}"
        )
        partial = args.checkpoint + ".partial"
        torch.save(
            {
                "epoch": epoch + 1,
                "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict(),
                "world_size": 1,
                "settings": settings,
                "metrics": results,
                "rng_state": torch.get_rng_state(),
            },
            partial,
        )
        os.replace(partial, args.checkpoint)
    if args.out:
        torch.save(model.state_dict(), args.out)


if __name__ == "__main__":
    main()
