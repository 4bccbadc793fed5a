"""Predicts one image's class with a saved TinyVGG state dict; the class names come from a JSON list or flag."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import model_builder  # noqa: E402
import predictions  # noqa: E402


def load_model(model_path: str, hidden_units: int, num_classes: int):
    """Builds TinyVGG and loads the state dict strictly (every key must match)."""
    model = model_builder.TinyVGG(input_shape=3, hidden_units=hidden_units, output_shape=num_classes)
    model.load_state_dict(torch.load(model_path, map_location="cpu"), strict=True)
    model.eval()
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description="Predict with a TinyVGG state dict (Python reference).")
    parser.add_argument("--image", required=True, nargs="+")
    parser.add_argument("--model_path", "--model-path", required=True)
    parser.add_argument("--class_names", "--class-names", required=True, help="comma-separated class names")
    parser.add_argument("--hidden_units", "--hidden-units", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object per image")
    args = parser.parse_args()
    class_names = args.class_names.split(",")
    model = load_model(args.model_path, args.hidden_units, len(class_names))
    for path in args.image:
        name, _, prob = predictions.pred_image(model, class_names, path)
        if args.json:
            print(json.dumps({"image": path, "class": name, "prob": prob}))
        else:
            print(f"[INFO] Pred class: {name}, Pred prob: {prob:.3f}")


if __name__ == "__main__":
    main()
