"""Saving a model's state dict."""
from pathlib import Path

import torch


def save_model(model, target_dir: str, model_name: str) -> Path:
    """Saves `model.state_dict()` to target_dir/model_name; the name must end in .pth or .pt."""
    if not (model_name.endswith(".pth") or model_name.endswith(".pt")):
        raise ValueError("model_name should end with '.pt' or '.pth'")
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    path = target / model_name
    print(f"[INFO] Saving model to: {path}")
    torch.save(model.state_dict(), path)
    return path
