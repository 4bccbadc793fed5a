#!/usr/bin/env python3
"""Reads a TensorBoard log folder with TensorBoard's own reader (EventAccumulator) and prints, as JSON, every
scalar of every run (the folder and each sub-folder holding event files):

    {"runs": {"<run folder, relative; '.' for the log folder>": {"<tag>": [{"step": step, "value": "<float.hex()>"}, ...]}}}

Values are printed with float.hex() so the Swift test compares them bit for bit (and NaN and infinities survive).
Used by SummaryWriterTests with the interop venv's Python: read_tensorboard_events.py LOG_DIR
"""
import json
import os
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def main() -> None:
    log_dir = sys.argv[1]
    runs = {}
    for root, _, files in sorted(os.walk(log_dir)):
        if not any(name.startswith("events.out.tfevents.") for name in files):
            continue
        accumulator = EventAccumulator(root, size_guidance={"scalars": 0})
        accumulator.Reload()
        runs[os.path.relpath(root, log_dir)] = {
            tag: [{"step": event.step, "value": float(event.value).hex()} for event in accumulator.Scalars(tag)]
            for tag in accumulator.Tags()["scalars"]
        }
    json.dump({"runs": runs}, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
