#!/usr/bin/python3
"""Writes the TorchVision test fixtures with PIL and torchvision (run with Debian's /usr/bin/python3,
which has torchvision 0.14.1 and Pillow 9.4). Deterministic: running it again rewrites the same bytes.

    /usr/bin/python3 Tests/TorchVisionTests/Fixtures/make_fixtures.py

Outputs (next to this script):
  images/*.jpg|png          source images in several encodings (synthetic, seeded)
  expected/<name>.rgb       PIL's Image.open(name).convert("RGB") as raw HWC bytes
  expected/<name>.<H>x<W>.rgb   torchvision Resize((H, W)) of that PIL image, raw HWC bytes
  expected/pipeline.f32     Compose([Resize((64, 64)), ToTensor(), Normalize(...)]) of rgb420.jpg, float32 CHW
  imagefolder/              a small class tree; expected/imagefolder.json holds torchvision's view of it
  manifest.json             every case with its sizes
"""
import io
import json
import os
import shutil
import struct
import zlib

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import datasets, transforms

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, "images")
EXPECTED = os.path.join(HERE, "expected")
FOLDER = os.path.join(HERE, "imagefolder")


def picture(width, height, seed):
    """A smooth colour gradient with shapes and noise: exercises chroma, edges and the DCT."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 128 + 100 * np.sin(x / (width / 6.0) + seed)
    g = 128 + 100 * np.cos(y / (height / 5.0) - seed)
    b = 255 * (x + y) / (width + height)
    img = np.stack([r, g, b], axis=-1)
    cx, cy = width * 0.6, height * 0.4
    disk = (x - cx) ** 2 + (y - cy) ** 2 < (min(width, height) / 4) ** 2
    img[disk] = [250, 30, 40]
    img[(x.astype(int) // 7) % 5 == 0] *= 0.6
    img += rng.normal(0, 12, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def write_png(path, array, bit_depth, gamma=None):
    """A PNG written by hand (PIL cannot write 16-bit RGB): grey or RGB, optional gAMA chunk."""
    height, width, channels = array.shape
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    dtype = ">u2" if bit_depth == 16 else "u1"
    raw = b"".join(b"\0" + array[y].astype(dtype).tobytes() for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, bit_depth, {1: 0, 3: 2}[channels], 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    if gamma is not None:
        data += chunk(b"gAMA", struct.pack(">I", gamma))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def save_raw(path, array):
    with open(path, "wb") as f:
        f.write(np.ascontiguousarray(array).tobytes())


def main():
    for folder in (IMAGES, EXPECTED, FOLDER):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)

    Image.fromarray(picture(160, 120, 1)).save(os.path.join(IMAGES, "rgb420.jpg"), quality=90)
    Image.fromarray(picture(123, 77, 2)).save(os.path.join(IMAGES, "rgb444.jpg"), quality=95, subsampling=0)
    Image.fromarray(picture(120, 90, 3)).save(os.path.join(IMAGES, "progressive.jpg"), quality=85, progressive=True)
    Image.fromarray(picture(97, 61, 4)).convert("L").save(os.path.join(IMAGES, "grey.jpg"), quality=90)
    Image.fromarray(picture(80, 60, 5)).convert("CMYK").save(os.path.join(IMAGES, "cmyk.jpg"), quality=90)
    Image.fromarray(picture(90, 70, 6)).save(os.path.join(IMAGES, "rgb.png"))
    Image.fromarray(picture(66, 40, 7)).convert("L").save(os.path.join(IMAGES, "grey.png"))
    Image.fromarray(picture(70, 50, 8)).convert("P", palette=Image.ADAPTIVE, colors=50).save(
        os.path.join(IMAGES, "palette.png"))
    rgba = Image.fromarray(picture(64, 48, 9)).convert("RGBA")
    alpha = Image.fromarray((np.arange(64 * 48) % 256).reshape(48, 64).astype(np.uint8))
    rgba.putalpha(alpha)
    rgba.save(os.path.join(IMAGES, "rgba.png"))
    Image.fromarray(picture(28, 28, 10)).convert("L").save(os.path.join(IMAGES, "small28.png"))
    rng = np.random.default_rng(11)
    write_png(os.path.join(IMAGES, "rgb16.png"), rng.integers(0, 65536, (20, 30, 3)), 16)
    write_png(os.path.join(IMAGES, "grey16.png"), rng.integers(0, 400, (20, 30, 1)), 16)
    write_png(os.path.join(IMAGES, "gamma.png"), picture(30, 20, 12), 8, gamma=100000)

    resizes = {
        "rgb420.jpg": [(64, 64), (37, 53), (120, 160), (10, 150)],
        "rgb444.jpg": [(64, 64), (77, 10), (90, 140)],
        "progressive.jpg": [(64, 64)],
        "grey.jpg": [(64, 64)],
        "cmyk.jpg": [(64, 64)],
        "rgb.png": [(64, 64), (33, 91)],
        "palette.png": [(64, 64)],
        "small28.png": [(64, 64), (48, 64)],
    }
    cases = []
    for name in sorted(os.listdir(IMAGES)):
        img = Image.open(os.path.join(IMAGES, name)).convert("RGB")
        save_raw(os.path.join(EXPECTED, name + ".rgb"), np.asarray(img))
        sizes = []
        for (h, w) in resizes.get(name, []):
            out = transforms.Resize((h, w))(img)
            save_raw(os.path.join(EXPECTED, "%s.%dx%d.rgb" % (name, h, w)), np.asarray(out))
            sizes.append([h, w])
        cases.append({"name": name, "width": img.width, "height": img.height, "resizes": sizes})

    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    pipeline = transforms.Compose([transforms.Resize((64, 64)), transforms.ToTensor(), transforms.Normalize(mean, std)])
    tensor = pipeline(Image.open(os.path.join(IMAGES, "rgb420.jpg")).convert("RGB"))
    save_raw(os.path.join(EXPECTED, "pipeline.f32"), tensor.numpy().astype("<f4"))

    # A small ImageFolder tree: nested folders, mixed-case extensions, ignored files, names that sort by code point.
    tree = {
        "pizza/b.jpg": 11, "pizza/A.JPG": 12, "pizza/a.png": 13, "pizza/notes.txt": None,
        "pizza/sub/z.jpeg": 14, "pizza/sub-2/c.png": 15, "pizza/sub/deeper/d.PNG": 16,
        "Steak/x.jpg": 17, "Steak/.hidden.jpg": 18, "sushi/y.png": 19, "sushi/readme.md": None,
        "sushi/Z b.jpg": 20, "sushi/ä.jpg": 21,
    }
    for relative, seed in tree.items():
        path = os.path.join(FOLDER, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if seed is None:
            with open(path, "w") as f:
                f.write("not an image\n")
        else:
            fmt = "PNG" if relative.lower().endswith(".png") else "JPEG"
            Image.fromarray(picture(20 + seed, 14 + seed % 5, seed)).save(path, format=fmt)
    with open(os.path.join(FOLDER, "loose.jpg"), "wb") as f:  # a file beside the classes: ignored
        f.write(b"\xff\xd8\xff")
    folder = datasets.ImageFolder(FOLDER, transform=transforms.Compose([transforms.Resize((8, 6)),
                                                                         transforms.ToTensor()]))
    loader = torch.utils.data.DataLoader(folder, batch_size=4, shuffle=False, num_workers=0)
    batches = [{"images": images.reshape(-1).tolist(), "shape": list(images.shape), "labels": labels.tolist()}
               for images, labels in loader]
    with open(os.path.join(EXPECTED, "imagefolder.json"), "w") as f:
        json.dump({
            "classes": folder.classes,
            "class_to_idx": folder.class_to_idx,
            "samples": [[os.path.relpath(p, FOLDER), label] for p, label in folder.samples],
            "batches": batches,
        }, f, ensure_ascii=False, indent=1)
        f.write("\n")

    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump({"torchvision": torchvision.__version__, "cases": cases,
                   "pipeline": {"image": "rgb420.jpg", "size": [64, 64], "mean": mean, "std": std}}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
