#!/usr/bin/python3
"""A Python rank that trains together with Swift ranks (TorchRuntime's distributed-test-worker `train --no-shuffle`).

It joins with torch.distributed's own env:// set-up and issues the collectives in the order Swift's
DistributedDataParallel does: one broadcast per parameter from rank 0 (in parameters() order), then per step one
all-reduce (SUM) per bucket of flattened, concatenated gradients, divided by the world size. Same model, synthetic
data, DistributedSampler order (shuffle=False) and SGD as the Swift worker; writes the final parameters, one per line.

Usage (torchrun's variables MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE set):
    ddp_peer.py --batch-size B --epochs E --bucket-capacity 8 --out FILE
"""
import argparse
import datetime
import os
import sys

import torch
import torch.distributed as dist
from torch import nn

SAMPLE_COUNT = 16


def features(indices):
    codes = torch.tensor([[(7 * i + 3 * j) % 11 for j in range(4)] for i in indices], dtype=torch.float32)
    return codes / 11 - 0.5


def labels(indices):
    return torch.tensor([i % 2 for i in indices], dtype=torch.int64)


def buckets(parameters, capacity):
    """Consecutive parameters, at most `capacity` elements a bucket (a larger parameter alone), as Swift groups them."""
    result, current, filled = [], [], 0
    for parameter in parameters:
        if filled > 0 and filled + parameter.numel() > capacity:
            result.append(current)
            current, filled = [], 0
        current.append(parameter)
        filled += parameter.numel()
    if current:
        result.append(current)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--bucket-capacity", type=int, default=8)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    dist.init_process_group("gloo", init_method="env://", timeout=datetime.timedelta(seconds=20))
    rank, world_size = dist.get_rank(), dist.get_world_size()
    # As the Swift worker seeds: rank 0's weights (which the broadcast gives every rank) are a lone process's, and
    # the other ranks' differ until the broadcast replaces them.
    torch.manual_seed(1 + rank)
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    parameters = list(model.parameters())
    with torch.no_grad():
        for parameter in parameters:
            dist.broadcast(parameter, src=0)
    optimizer = torch.optim.SGD(parameters, lr=0.5)
    groups = buckets(parameters, args.bucket_capacity)

    per_rank = (SAMPLE_COUNT + world_size - 1) // world_size
    order = list(range(SAMPLE_COUNT))
    order = (order * world_size)[: per_rank * world_size]
    mine = order[rank::world_size]
    for _ in range(args.epochs):
        for start in range(0, len(mine), args.batch_size):
            batch = mine[start : start + args.batch_size]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(features(batch)), labels(batch))
            loss.backward()
            for group in groups:
                flat = torch.cat([p.grad.reshape(-1) for p in group])
                dist.all_reduce(flat, op=dist.ReduceOp.SUM)
                flat = flat / world_size
                offset = 0
                for p in group:
                    p.grad.copy_(flat[offset : offset + p.numel()].reshape(p.shape))
                    offset += p.numel()
            optimizer.step()
    values = torch.cat([p.detach().reshape(-1) for p in parameters]).tolist()
    with open(args.out, "w") as file:
        file.write("\n".join(repr(v) for v in values))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
    # End without the interpreter's finalization. In torch 2.x a Gloo worker thread may still hold the last
    # collective's work, and with it the Python tensor it reduced, after wait() has returned; and
    # destroy_process_group() does not join those threads (the backend lives on to the end of the process). If the
    # interpreter is finalizing when the worker drops the work, the tensor's release takes the GIL, the thread is
    # made to exit (pthread_exit) inside a noexcept destructor, and the process aborts with "terminate called
    # without an active exception" after it trained correctly. Everything this rank owes is written and closed.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
