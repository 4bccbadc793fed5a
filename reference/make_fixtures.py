"""Records the parity fixtures the Swift going_modular package is tested against.

From fixed initial weights (torch.manual_seed(SEED), then TinyVGG) and a fixed batch order (no shuffle: the
train images in class round-robin order, recorded as settings.trainOrder; the test set in folder order),
trains on reference/parity_data for EPOCHS epochs with the lesson's loss and optimizer, and writes to
reference/fixtures/:
  parity.json          settings, class names, file order, per-image pixel sums, per-parameter checksums of the
                       initial and final weights, per-epoch metrics, and the final model's test predictions
  initial_state.pth    the initial state dict (torch.save)
  initial_state.f32    the same weights as raw little-endian float32, in state-dict order (offsets in parity.json)
  final_state.pth      the state dict after training
  parity_images.pth    the images as the transform gives them, as uint8 (ToTensor's values are exactly these / 255),
                       with their labels, in folder order: resume_checkpoint.py trains from them with torch alone

Run with /usr/bin/python3 (Debian's torch 1.13 / torchvision 0.14). One thread, so the figures are reproducible.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "going_modular"))

import torch  # noqa: E402
from torchvision import transforms  # noqa: E402

import data_setup  # noqa: E402
import engine  # noqa: E402
import model_builder  # noqa: E402
import predictions  # noqa: E402

SEED = 42
EPOCHS = 5
BATCH_SIZE = 8
HIDDEN_UNITS = 10
LEARNING_RATE = 0.001
DATA = os.path.join(HERE, "parity_data")
OUT = os.path.join(HERE, "fixtures")


def checksums(state):
    """Per-parameter shape, float64 sum, sum of squares and first values: enough to compare weights compactly."""
    out = {}
    for name, value in state.items():
        flat = value.detach().double().flatten()
        out[name] = {
            "shape": list(value.shape),
            "sum": flat.sum().item(),
            "sumOfSquares": (flat * flat).sum().item(),
            "first": [float(v) for v in value.detach().flatten()[:4]],
        }
    return out


def interleaved(labels):
    """A fixed batch order that mixes the classes: the i-th image of each class in turn (round robin)."""
    by_class = {}
    for index, label in enumerate(labels):
        by_class.setdefault(label, []).append(index)
    order = []
    for rank in range(max(len(v) for v in by_class.values())):
        order += [v[rank] for _, v in sorted(by_class.items()) if rank < len(v)]
    return order


def main() -> None:
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    transform = transforms.Compose([transforms.Resize((64, 64)), transforms.ToTensor()])
    train_dl, test_dl, class_names = data_setup.create_dataloaders(
        os.path.join(DATA, "train"), os.path.join(DATA, "test"), transform, BATCH_SIZE,
        num_workers=0, shuffle_train=False,
    )

    # A fixed order rather than a shuffle: Swift replays the same order (DataLoader's explicit order).
    train_order = interleaved([label for _, label in train_dl.dataset.samples])
    train_dl = torch.utils.data.DataLoader(train_dl.dataset, batch_size=BATCH_SIZE, sampler=train_order)

    def files(dataset):
        return [
            {"path": os.path.relpath(path, DATA), "label": label, "pixelSum": transform(dataset.loader(path)).double().sum().item()}
            for path, label in dataset.samples
        ]

    def images(dataset):
        """The dataset's transformed images as uint8, checked to be ToTensor's floats times 255, and its labels."""
        pixels = []
        for path, _ in dataset.samples:
            resized = transforms.Resize((64, 64))(dataset.loader(path))
            as_bytes = transforms.PILToTensor()(resized)
            assert torch.equal(as_bytes.float().div(255), transform(dataset.loader(path))), path
            pixels.append(as_bytes)
        return torch.stack(pixels), torch.tensor([label for _, label in dataset.samples], dtype=torch.int64)

    train_images, train_labels = images(train_dl.dataset)
    test_images, test_labels = images(test_dl.dataset)
    torch.save(
        {
            "class_names": class_names, "train_images": train_images, "train_labels": train_labels,
            "test_images": test_images, "test_labels": test_labels,
        },
        os.path.join(OUT, "parity_images.pth"),
    )

    torch.manual_seed(SEED)
    model = model_builder.TinyVGG(input_shape=3, hidden_units=HIDDEN_UNITS, output_shape=len(class_names))
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    torch.save(initial, os.path.join(OUT, "initial_state.pth"))
    offsets, blob, offset = {}, bytearray(), 0
    for name, value in initial.items():
        data = value.contiguous().numpy().astype("<f4").tobytes()
        offsets[name] = {"offset": offset, "count": value.numel(), "shape": list(value.shape)}
        blob += data
        offset += value.numel()
    with open(os.path.join(OUT, "initial_state.f32"), "wb") as f:
        f.write(blob)

    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    results = engine.train(model, train_dl, test_dl, optimizer, loss_fn, EPOCHS, "cpu")
    final = model.state_dict()
    torch.save(final, os.path.join(OUT, "final_state.pth"))

    model.eval()
    predicted = []
    for path, _ in test_dl.dataset.samples:
        _, index, prob = predictions.pred_image(model, class_names, path)
        predicted.append({"path": os.path.relpath(path, DATA), "class": class_names[index], "prob": prob})

    fixture = {
        "generatedBy": "reference/make_fixtures.py",
        "torchVersion": torch.__version__,
        "settings": {
            "seed": SEED, "epochs": EPOCHS, "batchSize": BATCH_SIZE, "hiddenUnits": HIDDEN_UNITS,
            "learningRate": LEARNING_RATE, "imageSize": 64, "shuffle": False, "threads": 1,
            "trainOrder": train_order,
        },
        "classNames": class_names,
        "trainFiles": files(train_dl.dataset),
        "testFiles": files(test_dl.dataset),
        "initialStateOffsets": offsets,
        "initialState": checksums(initial),
        "finalState": checksums(final),
        "results": results,
        "predictions": predicted,
    }
    with open(os.path.join(OUT, "parity.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
