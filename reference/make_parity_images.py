"""Writes the small committed parity image set, deterministically, from Debian's Fashion-MNIST.

reference/parity_data/{train,test}/{class}/NN.jpg: three classes, 8 train + 4 test images each,
the first images of each class in Fashion-MNIST's train and t10k files, upscaled to 64x64 RGB
(so the pipeline's Resize(64, 64) is the identity and Swift and Python decode the same pixels)
and saved as baseline JPEGs without chroma subsampling.

Run with /usr/bin/python3 (Pillow); rerunning rewrites identical bytes.
"""
import gzip
import os
import shutil
import struct
import sys

from PIL import Image

SOURCE = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parity_data")
CLASSES = {"ankle_boot": 9, "bag": 8, "dress": 3}
PER_CLASS = {"train": 8, "test": 4}
FILES = {"train": "train", "test": "t10k"}


def read_idx(path):
    """Returns the raw payload and dimensions of an IDX file (gzip-compressed)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    return data[4 + 4 * ndim :], dims


def main() -> None:
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for split, prefix in FILES.items():
        images, (count, rows, cols) = read_idx(os.path.join(SOURCE, f"{prefix}-images-idx3-ubyte.gz"))
        labels, _ = read_idx(os.path.join(SOURCE, f"{prefix}-labels-idx1-ubyte.gz"))
        for name, label in CLASSES.items():
            folder = os.path.join(OUT, split, name)
            os.makedirs(folder)
            picked = [i for i in range(count) if labels[i] == label][: PER_CLASS[split]]
            for n, i in enumerate(picked):
                pixels = images[i * rows * cols : (i + 1) * rows * cols]
                image = Image.frombytes("L", (cols, rows), pixels).resize((64, 64), Image.BILINEAR).convert("RGB")
                image.save(os.path.join(folder, f"{n:02d}.jpg"), quality=90, subsampling=0)
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
