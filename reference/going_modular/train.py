"""Trains TinyVGG on an image folder with the lesson's flags; our Python reference of the Swift `train`."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from torchvision import transforms  # noqa: E402

import data_setup  # noqa: E402
import engine  # noqa: E402
import model_builder  # noqa: E402
import utils  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="Train TinyVGG (Python reference).")
    parser.add_argument("--model", default="tinyvgg", choices=["tinyvgg"])
    parser.add_argument("--batch_size", "--batch-size", type=int, default=32)
    parser.add_argument("--lr", "--learning_rate", "--learning-rate", type=float, default=0.001)
    parser.add_argument("--num_epochs", "--num-epochs", type=int, default=5)
    parser.add_argument("--hidden_units", "--hidden-units", type=int, default=10)
    parser.add_argument("--train_dir", "--train-dir", default="data/pizza_steak_sushi/train")
    parser.add_argument("--test_dir", "--test-dir", default="data/pizza_steak_sushi/test")
    parser.add_argument("--model_dir", "--model-dir", default="models")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", type=int, default=data_setup.NUM_WORKERS)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--metrics", default=None, help="write final metrics as JSON here")
    args = parser.parse_args()

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    start = time.perf_counter()
    transform = transforms.Compose([transforms.Resize((64, 64)), transforms.ToTensor()])
    train_dl, test_dl, class_names = data_setup.create_dataloaders(
        args.train_dir, args.test_dir, transform, args.batch_size, num_workers=args.workers
    )
    model = model_builder.TinyVGG(input_shape=3, hidden_units=args.hidden_units, output_shape=len(class_names))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    results = engine.train(model, train_dl, test_dl, optimizer, loss_fn, args.num_epochs, "cpu")
    utils.save_model(model, args.model_dir, "05_going_modular_script_mode_tinyvgg_model.pth")
    elapsed = time.perf_counter() - start
    if args.metrics:
        with open(args.metrics, "w") as f:
            json.dump({"results": results, "seconds": elapsed, "class_names": class_names}, f, indent=2)


if __name__ == "__main__":
    main()
