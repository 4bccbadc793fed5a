#!/usr/bin/python3
"""The torchvision side of the vision benchmark (run by `vision-bench`; needs Debian's python3-torchvision).

Times one epoch of ImageFolder + Resize((64, 64)) + ToTensor + DataLoader(batch_size=32, shuffle=True,
num_workers=2), as the lesson's data_setup does, including the per-epoch worker start-up. Prints JSON:
{"seconds": [per-repeat epoch times], "samples": N, "batches": B}.

    /usr/bin/python3 scripts/vision_bench_torchvision.py DATA_DIR [--repeats 5] [--workers 2]
"""
import argparse
import json
import time

import torch
from torchvision import datasets, transforms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    torch.manual_seed(42)
    transform = transforms.Compose([transforms.Resize((64, 64)), transforms.ToTensor()])
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        dataset = datasets.ImageFolder(args.data, transform=transform)
        loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                                             num_workers=args.workers)
        batches = 0
        for images, labels in loader:
            batches += 1
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "samples": len(dataset), "batches": batches}))


if __name__ == "__main__":
    main()
