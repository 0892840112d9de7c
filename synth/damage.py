"""Phone-photo damage for rendered cards: what real users' images look like."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

KINDS = ("clean", "jpeg35", "scale0.6", "scale1.7", "noise", "low_contrast", "skew", "blur", "glare",
         "phone", "hard")


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
    if kind == "blur":
        return image.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.4)))
    if kind == "glare":
        return glare(image, rng)
    if kind == "phone":  # small, tilted, soft, noisy, compressed
        image = skew(image, rng.uniform(-2.5, 2.5))
        image = scale(image, rng.uniform(0.55, 0.75)).filter(ImageFilter.GaussianBlur(0.6))
        return jpeg(noise(glare(image, rng), 6, rng), 55)
    if kind == "hard":  # a distant, shaky, badly lit snapshot: errors are expected
        image = skew(image, rng.uniform(-3.0, 3.0))
        image = scale(image, rng.uniform(0.4, 0.5)).filter(ImageFilter.GaussianBlur(0.8))
        return jpeg(noise(strong_glare(image, rng), 10, rng), 40)
    raise ValueError(f"unknown damage kind {kind!r}; known: {', '.join(KINDS)}")
