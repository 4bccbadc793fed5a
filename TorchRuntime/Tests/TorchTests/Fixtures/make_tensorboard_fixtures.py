#!/usr/bin/env python3
"""Writes tensorboard_python/: event files from PyTorch's own torch.utils.tensorboard.SummaryWriter, which the
Swift test compares with its SummaryWriter's files record by record (framing, field order, values).

Run with the interop venv (Debian's torch 1.13, PyPI's tensorboard), which scripts/install-deps.sh makes:

    .venvs/interop/bin/python TorchRuntime/Tests/TorchTests/Fixtures/make_tensorboard_fixtures.py

The clock, host name and process id are fixed, so rerunning writes identical files. The calls below are mirrored
by SummaryWriterTests.pythonWritesTheSameRecords; change both together.
"""
import os
import shutil
import socket
import time

WALL_TIME = 1700000000.25
HOST = "fixture-host"
PID = 4242

# EventFileWriter reads these through the modules, at call time.
time.time = lambda: WALL_TIME
socket.gethostname = lambda: HOST
os.getpid = lambda: PID

from torch.utils.tensorboard import SummaryWriter  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tensorboard_python")

# The lesson's per-epoch metrics (train/test loss and accuracy), values not exact in float32.
EPOCHS = [
    (1.0986122886681098, 1.0912345, 0.3125, 0.25),
    (0.9876543210123, 1.0001, 0.5, 0.4166666666666667),
    (0.5, 0.75, 0.875, 0.0),
]


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    writer = SummaryWriter(log_dir=os.path.join(OUT, "run"))
    for epoch, (train_loss, test_loss, train_acc, test_acc) in enumerate(EPOCHS):
        writer.add_scalars("Loss", {"train_loss": train_loss, "test_loss": test_loss}, global_step=epoch)
        writer.add_scalars("Accuracy", {"train_acc": train_acc, "test_acc": test_acc}, global_step=epoch)
    writer.add_scalar("learning_rate", 0.001, global_step=2)
    writer.add_scalar("no_step", 0.0)
    writer.add_scalar("Loss/negative", -1.5, global_step=-3, walltime=12.5)
    writer.add_scalars("a/b", {"c": 2.0}, global_step=1 << 40)
    writer.close()

    resumed = SummaryWriter(log_dir=os.path.join(OUT, "resumed"), purge_step=2)
    resumed.add_scalar("Loss", 0.25, global_step=2)
    resumed.close()
    for root, _, files in sorted(os.walk(OUT)):
        for name in sorted(files):
            path = os.path.join(root, name)
            print(os.path.relpath(path, HERE), os.path.getsize(path))


if __name__ == "__main__":
    main()
