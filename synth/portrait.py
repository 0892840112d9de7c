"""Stand-ins for the holder's photo: a grey-scale face-like drawing or blurred blobs."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def face(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A grey-scale head and shoulders on a plain backdrop (mode "L")."""
    width, height = size
    backdrop = rng.randint(175, 235)
    image = Image.new("L", size, backdrop)
    draw = ImageDraw.Draw(image)
    cx = width * rng.uniform(0.46, 0.54)
    head_w, head_h = width * rng.uniform(0.26, 0.34), height * rng.uniform(0.24, 0.3)
    head_y = height * rng.uniform(0.36, 0.44)
    skin = rng.randint(120, 200)
    clothes = rng.randint(25, 110)
    draw.ellipse([cx - width * 0.48, height * 0.78, cx + width * 0.48, height * 1.35], fill=clothes)  # shoulders
    draw.rectangle([cx - head_w * 0.38, head_y + head_h * 0.6, cx + head_w * 0.38, height * 0.86],
                   fill=skin - 12)  # neck
    hair = rng.randint(20, 140)
    if rng.random() < 0.8:
        if rng.random() < 0.4:  # long hair: falls behind the head to the shoulders
            draw.rounded_rectangle([cx - head_w * 1.15, head_y - head_h * 0.6, cx + head_w * 1.15,
                                    head_y + head_h * 1.5], radius=head_w * 0.5, fill=hair)
        draw.chord([cx - head_w * 1.06, head_y - head_h * 1.12, cx + head_w * 1.06, head_y + head_h * 0.9],
                   180, 360, fill=hair)
    draw.ellipse([cx - head_w, head_y - head_h, cx + head_w, head_y + head_h], fill=skin)
    eye_y = head_y - head_h * rng.uniform(0.05, 0.15)
    for side in (-1, 1):
        ex = cx + side * head_w * 0.4
        draw.ellipse([ex - head_w * 0.14, eye_y - head_h * 0.06, ex + head_w * 0.14, eye_y + head_h * 0.06],
                     fill=min(255, skin + 40))
        draw.ellipse([ex - head_w * 0.07, eye_y - head_h * 0.06, ex + head_w * 0.07, eye_y + head_h * 0.06],
                     fill=rng.randint(20, 70))
        draw.line([(ex - head_w * 0.2, eye_y - head_h * 0.2), (ex + head_w * 0.18, eye_y - head_h * 0.22)],
                  fill=max(0, hair - 10), width=max(1, round(head_h * 0.05)))
    draw.line([(cx, eye_y + head_h * 0.05), (cx - head_w * 0.08, head_y + head_h * 0.3),
               (cx + head_w * 0.05, head_y + head_h * 0.33)], fill=skin - 45, width=max(1, round(width * 0.01)))
    mouth_y = head_y + head_h * rng.uniform(0.5, 0.6)
    draw.line([(cx - head_w * 0.3, mouth_y), (cx, mouth_y + head_h * 0.04), (cx + head_w * 0.3, mouth_y)],
              fill=skin - 60, width=max(1, round(head_h * 0.05)))
    shade = np.linspace(1.08, 0.9, width, dtype=np.float32)[None, :] * (1 if rng.random() < 0.5 else -1)
    pixels = np.asarray(image, np.float32) * np.abs(shade)  # light from one side
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return image.filter(ImageFilter.GaussianBlur(max(0.6, width / 180)))


def blobs(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Soft overlapping grey shapes: a photo too blurred to recognise (mode "L")."""
    width, height = size
    image = Image.new("L", size, rng.randint(150, 230))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 9)):
        x, y = rng.uniform(0, width), rng.uniform(0.2, 1.0) * height
        rx, ry = rng.uniform(0.1, 0.4) * width, rng.uniform(0.1, 0.35) * height
        draw.ellipse([x - rx, y - ry, x + rx, y + ry], fill=rng.randint(30, 200))
    return image.filter(ImageFilter.GaussianBlur(width / 14))
