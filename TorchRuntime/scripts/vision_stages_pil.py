#!/usr/bin/python3
"""Per-stage timing of the exact JPEG path in PIL/torchvision, the peer of `vision-bench --stages`.

For every image of an ImageFolder (torchvision's sample order), on one thread, times the three stages the lesson's
`data_setup` runs per sample, each on its own:

  decode     torchvision's pil_loader: open(path, "rb"), Image.open(f), .convert("RGB") (which loads the pixels)
  resize     img.resize((64, 64), Image.BILINEAR)  (what transforms.Resize((64, 64)) calls)
  to_tensor  transforms.ToTensor()(small)          (uint8 HWC -> float CHW / 255)

One unmeasured warm-up pass over the files comes first. Prints JSON on standard output:
{"images": N, "repeats": R, "stages": {stage: {"wall_us": [per-repeat mean per image], "cpu_us": [...]}}},
and a readable summary (medians) on standard error. Needs Debian's python3-pil and python3-torchvision.

    /usr/bin/python3 TorchRuntime/scripts/vision_stages_pil.py DATA_DIR [--repeats 5] [--size 64]
"""
import argparse
import json
import statistics
import sys
import time

import torch
from PIL import Image
from torchvision import datasets, transforms

STAGES = ("decode", "resize", "to_tensor")


def pil_loader(path):
    # torchvision.datasets.folder.pil_loader, inlined so that the timing covers exactly this.
    with open(path, "rb") as f:
        img = Image.open(f)
        return img.convert("RGB")


def one_pass(paths, size, to_tensor, totals):
    wall = time.perf_counter_ns
    cpu = time.thread_time_ns
    for path in paths:
        w0, c0 = wall(), cpu()
        img = pil_loader(path)
        w1, c1 = wall(), cpu()
        small = img.resize((size, size), Image.BILINEAR)
        w2, c2 = wall(), cpu()
        tensor = to_tensor(small)
        w3, c3 = wall(), cpu()
        assert tensor.shape == (3, size, size)
        if totals is not None:
            totals["decode"][0] += w1 - w0
            totals["decode"][1] += c1 - c0
            totals["resize"][0] += w2 - w1
            totals["resize"][1] += c2 - c1
            totals["to_tensor"][0] += w3 - w2
            totals["to_tensor"][1] += c3 - c2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--size", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(1)
    paths = [path for path, _ in datasets.ImageFolder(args.data).samples]
    to_tensor = transforms.ToTensor()
    one_pass(paths, args.size, to_tensor, None)  # warm-up: page cache, lazy imports, allocator
    results = {stage: {"wall_us": [], "cpu_us": []} for stage in STAGES}
    for _ in range(args.repeats):
        totals = {stage: [0, 0] for stage in STAGES}
        one_pass(paths, args.size, to_tensor, totals)
        for stage in STAGES:
            results[stage]["wall_us"].append(totals[stage][0] / 1000 / len(paths))
            results[stage]["cpu_us"].append(totals[stage][1] / 1000 / len(paths))
    print(json.dumps({"images": len(paths), "repeats": args.repeats, "stages": results}))
    for stage in STAGES:
        print("%-10s %8.1f us wall %8.1f us CPU per image (median of %d)" % (
            stage, statistics.median(results[stage]["wall_us"]), statistics.median(results[stage]["cpu_us"]),
            args.repeats), file=sys.stderr)


if __name__ == "__main__":
    main()
