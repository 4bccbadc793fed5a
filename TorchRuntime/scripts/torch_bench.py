#!/usr/bin/python3
"""The Python peer of torch-bench: TinyVGG training steps (batch 32, 64x64 RGB, Adam) in PyTorch.

Usage: /usr/bin/python3 scripts/torch_bench.py [--threads N] [--steps K] [--warmup W] [--batch B] [--hidden H]
Prints one line: `python threads=N median_ms=... min_ms=... cpu_ms=... mean_ms=... rss_start_mb=... rss_end_mb=...`
(per step: median and minimum wall time, median process CPU time).
"""
import argparse
import os
import statistics
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TorchTests", "Fixtures"))
from make_fixtures import TinyVGG  # noqa: E402  (the same class the parity fixtures use)


def resident_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGESIZE") / 1048576


def main() -> None:
    parser = argparse.ArgumentParser()
    for name, default in [("threads", 1), ("steps", 30), ("warmup", 5), ("batch", 32), ("hidden", 10)]:
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--channels-last", action="store_true", help="model and batch in torch.channels_last")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = TinyVGG(3, args.hidden, 3)
    x = torch.randn(args.batch, 3, 64, 64)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.arange(args.batch) % 3
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    model.train()

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    rss_start = resident_megabytes()
    times, cpu_times = [], []
    for _ in range(args.steps):
        cpu_start = time.process_time()
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
        cpu_times.append((time.process_time() - cpu_start) * 1e3)
    print(
        f"python threads={torch.get_num_threads()} channels_last={int(args.channels_last)} median_ms={statistics.median(times):.3f} min_ms={min(times):.3f} "
        f"cpu_ms={statistics.median(cpu_times):.3f} mean_ms={statistics.fmean(times):.3f} "
        f"rss_start_mb={rss_start:.1f} rss_end_mb={resident_megabytes():.1f}"
    )


if __name__ == "__main__":
    main()
