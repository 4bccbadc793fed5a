"""The lesson's predictions.py: predict one image with a trained model (pred_and_plot_image, without the plot)."""
import torch
from PIL import Image
from torchvision import transforms


def pred_image(model, class_names, image_path: str, image_size: int = 64, transform=None):
    """Returns (class name, class index, probability) for one image file, transformed as the training images were.

    (The lesson's predict reads with torchvision.io.read_image and resizes the tensor, which in torchvision 0.14
    skips antialiasing; reading through PIL like ImageFolder keeps training and prediction consistent.)
    """
    if transform is None:
        transform = transforms.Compose([transforms.Resize((image_size, image_size)), transforms.ToTensor()])
    image = transform(Image.open(image_path).convert("RGB"))
    model.eval()
    with torch.inference_mode():
        probs = torch.softmax(model(image.unsqueeze(0)), dim=1)
    index = int(probs.argmax(dim=1).item())
    return class_names[index], index, float(probs[0, index].item())
