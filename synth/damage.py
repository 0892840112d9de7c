"""Phone-photo damage for rendered cards: what real users' images look like."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

SCAN_KINDS = ("clean", "jpeg35", "scale0.6", "scale1.7", "noise", "low_contrast", "skew")
HARD_KINDS = ("tiny", "blur", "glare")  # what small, shaky, shiny phone shots do to a scan
KINDS = (*SCAN_KINDS, *HARD_KINDS, "phone", "hard")


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def scale(image: Image.Image, factor: float) -> Image.Image:
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.LANCZOS)


def noise(image: Image.Image, sigma: float, rng: random.Random) -> Image.Image:
    generator = np.random.default_rng(rng.randrange(2**32))
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + generator.normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def low_contrast(image: Image.Image, factor: float = 0.35) -> Image.Image:
    return ImageEnhance.Brightness(ImageEnhance.Contrast(image).enhance(factor)).enhance(1.15)


def skew(image: Image.Image, degrees: float) -> Image.Image:
    """The card tilted inside a frame of the same size, as a sloppy scan."""
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(250, 250, 250))


def glare(image: Image.Image, rng: random.Random) -> Image.Image:
    """A soft bright spot, as a phone's flash or a lamp leaves on a laminated card."""
    width, height = image.size
    cx, cy = rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height
    radius = rng.uniform(0.12, 0.22) * width
    ys, xs = np.mgrid[0:height, 0:width]
    weight = np.exp(-(((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * radius**2)))[..., None] * 0.55
    pixels = np.asarray(image, dtype=np.float32)
    return Image.fromarray(np.clip(pixels * (1 - weight) + 255 * weight, 0, 255).astype(np.uint8))


def strong_glare(image: Image.Image, rng: random.Random) -> Image.Image:
    """A flash reflected off the laminate: a wide spot washed out almost to white."""
    pixels = np.asarray(image, dtype=np.float32)
    height, width = pixels.shape[:2]
    cx, cy = rng.uniform(0.4, 0.7) * width, rng.uniform(0.3, 0.7) * height
    ys, xs = np.mgrid[0:height, 0:width]
    weight = np.exp(-(((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * (0.25 * width) ** 2)))[..., None] * 0.9
    return Image.fromarray(np.clip(pixels * (1 - weight) + 255 * weight, 0, 255).astype(np.uint8))


def specular(image: Image.Image, rng: random.Random) -> Image.Image:
    """A specular highlight off the laminate: an oval washed out to white at its core (text
    there is lost), fading over a wide rim where the text is faint but there."""
    pixels = np.asarray(image, dtype=np.float32)
    height, width = pixels.shape[:2]
    cx, cy = rng.uniform(0.15, 0.85) * width, rng.uniform(0.2, 0.8) * height
    rx, ry = rng.uniform(0.08, 0.16) * width, rng.uniform(0.06, 0.14) * width
    angle = rng.uniform(0, np.pi)
    ys, xs = np.mgrid[0:height, 0:width]
    u = ((xs - cx) * np.cos(angle) + (ys - cy) * np.sin(angle)) / rx
    v = (-(xs - cx) * np.sin(angle) + (ys - cy) * np.cos(angle)) / ry
    weight = np.clip(rng.uniform(0.85, 0.97) * np.exp(-(u**2 + v**2) ** 1.5 / 2), 0, 1)[..., None]
    return Image.fromarray(np.clip(pixels * (1 - weight) + 255 * weight, 0, 255).astype(np.uint8))


def motion_blur(image: Image.Image, length: int, angle: float) -> Image.Image:
    """A shaken hand: a line kernel of `length` pixels at `angle` degrees."""
    import cv2

    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1
    turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    kernel = cv2.warpAffine(kernel, turn, (length, length))
    kernel /= max(kernel.sum(), 1e-6)
    return Image.fromarray(cv2.filter2D(np.asarray(image), -1, kernel, borderType=cv2.BORDER_REPLICATE))


def engraved(image: Image.Image) -> Image.Image:
    """A dense engraved background pattern running through the text."""
    image = image.copy()
    draw = ImageDraw.Draw(image)
    for y in range(-60, image.height, 6):
        draw.line([(0, y), (image.width, y + 60)], fill=(110, 120, 150), width=2)
    return image


def damage(image: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    """`image` with one kind of damage from `KINDS` ("phone" combines several)."""
    if kind == "clean":
        return image
    if kind == "jpeg35":
        return jpeg(image, 35)
    if kind.startswith("scale"):
        return scale(image, float(kind[len("scale"):]))
    if kind == "noise":
        return noise(image, 12, rng)
    if kind == "low_contrast":
        return low_contrast(image)
    if kind == "skew":
        return skew(image, rng.choice([-1, 1]) * rng.uniform(2.0, 3.0))
    if kind == "tiny":  # the card a small part of a distant shot, cropped
        return jpeg(scale(image, 0.42), 85)
    if kind == "blur":  # out of focus, or shaken: as much for a small document as for a large one
        size = min(1.4, max(0.8, image.width / 1000))
        if rng.random() < 0.5:
            return image.filter(ImageFilter.GaussianBlur(size * rng.uniform(1.3, 1.9)))
        return motion_blur(image, round(size * rng.uniform(4, 7)), rng.uniform(0, 180))
    if kind == "glare":
        return specular(glare(image, rng), rng)
    if kind == "phone":  # small, tilted, soft, noisy, compressed
        image = skew(image, rng.uniform(-2.5, 2.5))
        image = scale(image, rng.uniform(0.55, 0.75)).filter(ImageFilter.GaussianBlur(0.6))
        return jpeg(noise(glare(image, rng), 6, rng), 55)
    if kind == "hard":  # a distant, shaky, badly lit snapshot: errors are expected
        image = skew(image, rng.uniform(-3.0, 3.0))
        image = scale(image, rng.uniform(0.4, 0.5)).filter(ImageFilter.GaussianBlur(0.8))
        return jpeg(noise(strong_glare(image, rng), 10, rng), 40)
    raise ValueError(f"unknown damage kind {kind!r}; known: {', '.join(KINDS)}")
