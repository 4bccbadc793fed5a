"""Builds PyTorch DataLoaders for an image-classification folder tree (one folder per class).

Our own reference of the "going modular" lesson's data_setup.py, used to check the Swift pipeline.
"""
import os

from torch.utils.data import DataLoader
from torchvision import datasets

NUM_WORKERS = os.cpu_count()


def create_dataloaders(train_dir, test_dir, transform, batch_size, num_workers=NUM_WORKERS, shuffle_train=True):
    """Turns the train and test folders into DataLoaders.

    Returns (train_dataloader, test_dataloader, class_names). The test loader never shuffles;
    the train loader shuffles unless `shuffle_train` is False (the parity fixtures need a fixed order).
    """
    for folder in (train_dir, test_dir):
        if not os.path.isdir(folder):
            raise SystemExit(f"error: data folder not found: {folder}")
    train_data = datasets.ImageFolder(train_dir, transform=transform)
    test_data = datasets.ImageFolder(test_dir, transform=transform)
    class_names = train_data.classes
    train_dataloader = DataLoader(
        train_data, batch_size=batch_size, shuffle=shuffle_train, num_workers=num_workers, pin_memory=False
    )
    test_dataloader = DataLoader(
        test_data, batch_size=batch_size, shuffle=False, num_workers=num_workers, pin_memory=False
    )
    return train_dataloader, test_dataloader, class_names
