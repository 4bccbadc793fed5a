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
  png/*.png                 the PNG suite: PIL-written and hand-written PNGs of many sizes and every colour type,
                            bit depth, Adam7 interlacing, every row filter, split IDAT chunks, tRNS
  expected/png-suite.json   for each: size, SHA-256 of PIL's convert("RGB") bytes and of the lesson's
                            Resize((64, 64)) of them (digests keep the fixtures small; every pixel is compared)
  expected/resample-suite.json  RGB images generated from a seed (SplitMix64 bytes, as the Swift tests make them)
                            at the lesson's 512x384 and at odd, thin and tiny sizes, with the SHA-256 of
                            torchvision's Resize of each to several sizes: the resampler's kernels against Pillow
"""
import hashlib
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
PNGS = os.path.join(HERE, "png")


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
    for folder in (IMAGES, EXPECTED, FOLDER, PNGS):
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

    write_png_suite()
    write_resample_suite()


def splitmix64_bytes(count, seed):
    """`count` bytes, the low byte of successive SplitMix64 outputs (the tests' `SplitMix64(seed:)`)."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z & np.uint64(0xFF)).astype(np.uint8)


def resample_image(pattern, width, height, seed):
    """noise: random bytes; extremes: each byte 0 or 255 (by the random byte's low bit); white: all 255."""
    values = splitmix64_bytes(width * height * 3, seed)
    if pattern == "extremes":
        values = (values & 1) * 255
    elif pattern == "white":
        values = np.full_like(values, 255)
    return values.astype(np.uint8).reshape(height, width, 3)


def write_resample_suite():
    """Images the Swift tests rebuild from (pattern, size, seed), with digests of torchvision's Resize of them."""
    cases = [
        ("noise", 512, 384, 1, [(64, 64), (37, 53), (500, 300), (384, 7), (200, 513), (1, 1)]),
        ("extremes", 512, 384, 2, [(64, 64), (3, 1000)]),
        ("white", 512, 384, 3, [(64, 64), (17, 19)]),
        ("noise", 61, 47, 4, [(64, 64), (30, 20), (47, 60)]),
        ("noise", 7, 5, 5, [(64, 64), (2, 3)]),
        ("noise", 1001, 3, 6, [(3, 64), (1, 1)]),
        ("noise", 3, 1001, 7, [(64, 3), (17, 2)]),
        ("noise", 4000, 6, 8, [(6, 3), (5, 17)]),
        ("noise", 1, 1, 9, [(64, 64)]),
    ]
    suite = []
    for pattern, width, height, seed, sizes in cases:
        img = Image.fromarray(resample_image(pattern, width, height, seed), "RGB")
        resizes = []
        for (h, w) in sizes:
            out = np.ascontiguousarray(np.asarray(transforms.Resize((h, w))(img)))
            resizes.append({"size": [h, w], "sha256": hashlib.sha256(out.tobytes()).hexdigest()})
        suite.append({"pattern": pattern, "width": width, "height": height, "seed": seed, "resizes": resizes})
    with open(os.path.join(EXPECTED, "resample-suite.json"), "w") as f:
        json.dump({"torchvision": torchvision.__version__, "cases": suite}, f, indent=1)
        f.write("\n")


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
COLOUR_TYPES = {"L": 0, "RGB": 2, "P": 3, "LA": 4, "RGBA": 6}


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, prior, bpp):
    """PNG row filter `kind` (0-4) of the raw bytes `row` given the previous raw row `prior`."""
    out = bytearray(len(row))
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i]
        c = prior[i - bpp] if i >= bpp else 0
        predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out[i] = (row[i] - predictor) & 0xFF
    return bytes([kind]) + bytes(out)


def pack_row(values, depth):
    """One row of samples as PNG bytes: big-endian 16-bit, bytes, or sub-byte samples packed MSB first."""
    if depth == 16:
        return values.astype(">u2").tobytes()
    if depth == 8:
        return values.astype("u1").tobytes()
    per_byte = 8 // depth
    padded = np.zeros(-(-len(values) // per_byte) * per_byte, dtype=np.uint8)
    padded[:len(values)] = values
    grouped = padded.reshape(-1, per_byte)
    shifts = np.array([8 - depth * (k + 1) for k in range(per_byte)], dtype=np.uint8)
    return (grouped << shifts).sum(axis=1).astype(np.uint8).tobytes()


def encode_png(array, mode, depth=8, interlace=False, palette=None, trns=None, filters=(0, 1, 2, 3, 4),
               idat_size=None, level=9, extra=b""):
    """A PNG written by hand: any colour type and depth, Adam7, cycling row filters, IDAT split in pieces,
    `extra` bytes compressed after the image data."""
    height, width = array.shape[:2]
    samples = array.reshape(height, width, -1)
    channels = samples.shape[2]
    bpp = max(1, channels * depth // 8)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    raw = bytearray()
    row_number = 0
    for (x0, y0, dx, dy) in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prior = bytes(len(pack_row(sub[0].reshape(-1), depth)))
        for row in sub:
            packed = pack_row(row.reshape(-1), depth)
            raw += filter_row(filters[row_number % len(filters)], packed, prior, bpp)
            prior = packed
            row_number += 1
    header = struct.pack(">IIBBBBB", width, height, depth, COLOUR_TYPES[mode], 0, 0, 1 if interlace else 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    if palette is not None:
        data += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    compressed = zlib.compress(bytes(raw) + extra, level)
    size = idat_size or len(compressed)
    pieces = [compressed[i:i + size] for i in range(0, len(compressed), size)]
    if idat_size:
        pieces.insert(1, b"")  # an empty IDAT chunk is legal
    for piece in pieces:
        data += chunk(b"IDAT", piece)
    return data + chunk(b"IEND", b"")


def gradient(width, height, seed):
    """A smooth photographic-like picture without noise (compresses well, so large sizes stay small)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    phase = rng.uniform(0, 6, 3)
    img = np.stack([128 + 120 * np.sin(x / max(width, 2) * 5 + phase[0]),
                    128 + 120 * np.cos(y / max(height, 2) * 4 + phase[1]),
                    255 * (x + y) / max(width + height - 2, 1)], axis=-1)
    disk = (x - width * 0.3) ** 2 + (y - height * 0.6) ** 2 < (min(width, height) / 5) ** 2
    img[disk] = [20, 200, 90]
    return np.clip(img, 0, 255).astype(np.uint8)


def noise(width, height, channels, seed, high=256, dtype=np.uint8):
    return np.random.default_rng(seed).integers(0, high, (height, width, channels)).astype(dtype)


def write_png_suite():
    """The PNG suite (expected/png-suite.json): every case decoded by PIL, as the lesson reads images."""
    def pil(name, image, **options):
        image.save(os.path.join(PNGS, name), format="PNG", **options)

    def raw(name, data):
        with open(os.path.join(PNGS, name), "wb") as f:
            f.write(data)

    # Written by PIL, as a user's images are: random noise and pictures, small to 640x480, odd sizes.
    for (w, h) in [(1, 1), (2, 3), (7, 5), (17, 9), (64, 64), (100, 1), (1, 80)]:
        pil("pil-noise-rgb-%dx%d.png" % (w, h), Image.fromarray(noise(w, h, 3, w * 1000 + h)))
    for (w, h) in [(64, 64), (200, 200), (300, 300), (640, 480), (333, 257), (31, 517)]:
        pil("pil-picture-rgb-%dx%d.png" % (w, h), Image.fromarray(gradient(w, h, w + h)))
    # Two-valued noise: full-size random content that still compresses (incompressible 300x300 would be 270 KB).
    for (w, h) in [(200, 200), (300, 300)]:
        pil("pil-noise2-rgb-%dx%d.png" % (w, h), Image.fromarray(noise(w, h, 3, w, high=2) * 255))
    pil("pil-noise-rgba-61x47.png", Image.fromarray(noise(61, 47, 4, 1), "RGBA"))
    pil("pil-picture-rgba-150x100.png", Image.fromarray(
        np.dstack([gradient(150, 100, 2), noise(150, 100, 1, 2)[..., 0]]), "RGBA"))
    pil("pil-noise-l-45x33.png", Image.fromarray(noise(45, 33, 1, 3)[..., 0], "L"))
    pil("pil-picture-l-320x240.png", Image.fromarray(gradient(320, 240, 4)).convert("L"))
    pil("pil-noise-la-39x28.png", Image.fromarray(noise(39, 28, 2, 5), "LA"))
    pil("pil-picture-bilevel-77x55.png", Image.fromarray(gradient(77, 55, 6)).convert("1"))
    pil("pil-picture-p256-160x120.png", Image.fromarray(gradient(160, 120, 7)).convert(
        "P", palette=Image.ADAPTIVE, colors=256))
    pil("pil-picture-p16-90x70.png", Image.fromarray(gradient(90, 70, 8)).convert(
        "P", palette=Image.ADAPTIVE, colors=16))
    pil("pil-picture-p-trns-index-80x60.png", Image.fromarray(gradient(80, 60, 9)).convert(
        "P", palette=Image.ADAPTIVE, colors=32), transparency=3)
    pil("pil-picture-p-trns-table-80x60.png", Image.fromarray(gradient(80, 60, 10)).convert(
        "P", palette=Image.ADAPTIVE, colors=32), transparency=bytes(range(0, 256, 8)))
    pil("pil-noise-i16-40x30.png", Image.fromarray(noise(40, 30, 1, 11, high=65536, dtype=np.uint16)[..., 0]))
    pil("pil-picture-rgb-optimized-250x180.png", Image.fromarray(gradient(250, 180, 12)), optimize=True)
    pil("pil-picture-rgb-level0-40x40.png", Image.fromarray(gradient(40, 40, 13)), compress_level=0)

    # Written by hand: what PIL cannot write (Adam7, 16-bit colour, sub-byte depths, every filter, split IDAT).
    picture = gradient(97, 61, 20)
    raw("adam7-rgb-97x61.png", encode_png(picture, "RGB", interlace=True))
    raw("adam7-noise-rgb-33x17.png", encode_png(noise(33, 17, 3, 21), "RGB", interlace=True))
    raw("adam7-tiny-rgb-3x2.png", encode_png(noise(3, 2, 3, 22), "RGB", interlace=True))
    raw("adam7-rgba-41x29.png", encode_png(noise(41, 29, 4, 23), "RGBA", interlace=True))
    raw("adam7-la-23x19.png", encode_png(noise(23, 19, 2, 24), "LA", interlace=True))
    raw("adam7-rgb16-25x21.png", encode_png(noise(25, 21, 3, 25, 65536, np.uint16), "RGB", 16, interlace=True))
    for depth in (1, 2, 4, 8):
        raw("grey%d-37x23.png" % depth, encode_png(noise(37, 23, 1, 26 + depth, 1 << depth), "L", depth))
        raw("adam7-grey%d-37x23.png" % depth,
            encode_png(noise(37, 23, 1, 30 + depth, 1 << depth), "L", depth, interlace=True))
        colours = 1 << depth
        palette = noise(colours, 1, 3, 40 + depth).reshape(colours, 3)
        raw("palette%d-29x31.png" % depth,
            encode_png(noise(29, 31, 1, 50 + depth, colours), "P", depth, palette=palette))
        raw("adam7-palette%d-29x31.png" % depth,
            encode_png(noise(29, 31, 1, 60 + depth, colours), "P", depth, interlace=True, palette=palette))
    palette = noise(16, 1, 3, 70).reshape(16, 3)
    raw("palette-trns-short-30x20.png",
        encode_png(noise(30, 20, 1, 71, 16), "P", 4, palette=palette, trns=bytes([0, 128, 255, 7])))
    raw("grey-trns-30x20.png", encode_png(noise(30, 20, 1, 72), "L", trns=struct.pack(">H", 17)))
    raw("rgb-trns-30x20.png", encode_png(noise(30, 20, 3, 73, 4) * 60, "RGB", trns=struct.pack(">HHH", 60, 0, 120)))
    raw("rgb16-64x48.png", encode_png(noise(64, 48, 3, 74, 65536, np.uint16), "RGB", 16))
    raw("grey16-big-values-50x20.png", encode_png(noise(50, 20, 1, 75, 65536, np.uint16), "L", 16))
    # 16-bit with transparency: libpng premultiplies these, PIL keeps the high byte (grey: clipped).
    wide = dict(high=65536, dtype=np.uint16)
    raw("rgba16-37x29.png", encode_png(noise(37, 29, 4, 100, **wide), "RGBA", 16))
    raw("adam7-rgba16-37x29.png", encode_png(noise(37, 29, 4, 101, **wide), "RGBA", 16, interlace=True))
    raw("la16-33x21.png", encode_png(noise(33, 21, 2, 102, **wide), "LA", 16))
    raw("adam7-la16-33x21.png", encode_png(noise(33, 21, 2, 103, **wide), "LA", 16, interlace=True))
    raw("grey16-trns-30x20.png", encode_png(noise(30, 20, 1, 104, 600, np.uint16), "L", 16,
                                            trns=struct.pack(">H", 17)))
    raw("rgb16-trns-30x20.png", encode_png(noise(30, 20, 3, 105, **wide), "RGB", 16, trns=struct.pack(">HHH", 1, 2, 3)))
    raw("rgba16-extra-data-20x10.png", encode_png(noise(20, 10, 4, 106, **wide), "RGBA", 16, extra=bytes(4 << 20)))
    for kind in range(5):
        raw("filter%d-rgb-45x30.png" % kind, encode_png(gradient(45, 30, 80 + kind), "RGB", filters=(kind,)))
    raw("split-idat-rgb-120x90.png", encode_png(gradient(120, 90, 90), "RGB", idat_size=97))
    raw("split-idat-adam7-rgba-64x64.png",
        encode_png(noise(64, 64, 4, 91, 8) * 36, "RGBA", interlace=True, idat_size=7))
    raw("stored-rgb-90x60.png", encode_png(gradient(90, 60, 92), "RGB", level=0))

    cases = []
    for name in sorted(os.listdir(PNGS)):
        img = Image.open(os.path.join(PNGS, name)).convert("RGB")
        pixels = np.ascontiguousarray(np.asarray(img)).tobytes()
        resized = np.ascontiguousarray(np.asarray(transforms.Resize((64, 64))(img))).tobytes()
        cases.append({"name": name, "width": img.width, "height": img.height,
                      "sha256": hashlib.sha256(pixels).hexdigest(),
                      "resized64x64_sha256": hashlib.sha256(resized).hexdigest()})
    with open(os.path.join(EXPECTED, "png-suite.json"), "w") as f:
        json.dump({"pillow": Image.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
