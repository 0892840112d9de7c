"""Phone photos of rendered cards: on a desk, in perspective, turned, unevenly lit."""

from __future__ import annotations

import io
import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Point = tuple[float, float]


def background(size: tuple[int, int], rng: random.Random, busy: bool = False) -> Image.Image:
    """A desk: dark or wooden texture; `busy` adds straight edges of papers and a keyboard."""
    width, height = size
    base = rng.choice([(40, 38, 36), (92, 64, 42), (70, 72, 80), (128, 100, 70), (25, 30, 40)])
    generator = np.random.default_rng(rng.randrange(2**32))
    stripes = np.sin(np.arange(width) / rng.uniform(6, 14))[None, :, None] * 6
    grain = generator.normal(0, 9, (height, width, 1)) + stripes
    desk = Image.fromarray(np.clip(np.asarray(base, np.float32) + grain, 0, 255).astype(np.uint8))
    if busy:
        draw = ImageDraw.Draw(desk)
        for _ in range(rng.randint(3, 6)):
            x, y = rng.uniform(-0.2, 0.9) * width, rng.uniform(-0.2, 0.9) * height
            w, h = rng.uniform(0.2, 0.5) * width, rng.uniform(0.15, 0.4) * height
            shade = rng.randint(150, 235)
            draw.rectangle([x, y, x + w, y + h], fill=(shade, shade, shade - 10), outline=(90, 90, 90), width=2)
            for line in range(int(y) + 12, int(y + h), 14):
                draw.line([(x + 10, line), (x + w - 10, line)], fill=(120, 120, 120), width=1)
    return desk


def photograph(card: Image.Image, rng: random.Random, *, fill: tuple[float, float] = (0.55, 0.85),
               tilt: tuple[float, float] = (-12.0, 12.0), perspective: float = 0.06, quarter_turns: int = 0,
               busy: bool = False, light: float = 0.35, glare: bool = True, jpeg: int = 70,
               frame: tuple[int, int] = (1280, 960)) -> tuple[Image.Image, list[Point]]:
    """The card photographed: returns the photo and the card's corners in it (TL, TR, BR, BL of the card)."""
    card = card.convert("RGB")
    width, height = frame
    photo = background(frame, rng, busy)
    angle = math.radians(rng.uniform(*tilt))
    # the card's width covers `fill` of the frame's width, and the turned card stays inside
    scale = rng.uniform(*fill) * width / card.width
    spread_w = abs(math.cos(angle)) * card.width + abs(math.sin(angle)) * card.height
    spread_h = abs(math.sin(angle)) * card.width + abs(math.cos(angle)) * card.height
    scale = min(scale, 0.95 * width / spread_w, 0.95 * height / spread_h)
    half_w, half_h = card.width * scale / 2, card.height * scale / 2
    cx, cy = width / 2 + rng.uniform(-0.08, 0.08) * width, height / 2 + rng.uniform(-0.08, 0.08) * height
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * half_w, sy * half_h
        x, y = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
        jitter = perspective * min(half_w, half_h)
        corners.append((cx + x + rng.uniform(-jitter, jitter), cy + y + rng.uniform(-jitter, jitter)))
    # the whole card stays in the frame, a margin from its border
    margin = 0.02 * width
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    dx = max(0.0, margin - min(xs)) - max(0.0, max(xs) - (width - margin))
    dy = max(0.0, margin - min(ys)) - max(0.0, max(ys) - (height - margin))
    corners = [(x + dx, y + dy) for x, y in corners]
    warped, mask = _warp(card, corners, frame)
    photo.paste(warped, mask=mask)
    photo = _lighting(photo, rng, light, glare)
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    for _ in range(quarter_turns % 4):  # the phone held another way: the photo turns clockwise
        photo = photo.transpose(Image.Transpose.ROTATE_270)
        corners = [(photo.width - 1 - y, x) for x, y in corners]
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=jpeg)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), corners


def _warp(card: Image.Image, corners: list[Point], frame: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
    import cv2

    source = np.array([(0, 0), (card.width, 0), (card.width, card.height), (0, card.height)], np.float32)
    matrix = cv2.getPerspectiveTransform(source, np.array(corners, np.float32))
    pixels = cv2.warpPerspective(np.asarray(card), matrix, frame, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full(card.size[::-1], 255, np.uint8), matrix, frame, flags=cv2.INTER_LINEAR)
    return Image.fromarray(pixels), Image.fromarray(mask)


def _lighting(photo: Image.Image, rng: random.Random, strength: float, glare: bool) -> Image.Image:
    pixels = np.asarray(photo, np.float32)
    height, width = pixels.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width]
    direction = rng.uniform(0, math.tau)
    ramp = (np.cos(direction) * xs / width + np.sin(direction) * ys / height)
    ramp = (ramp - ramp.min()) / max(1e-6, ramp.max() - ramp.min())
    pixels = pixels * (1 - strength + strength * ramp)[..., None] * rng.uniform(0.95, 1.2)
    if glare:
        gx, gy = rng.uniform(0.25, 0.75) * width, rng.uniform(0.25, 0.75) * height
        radius = rng.uniform(0.06, 0.12) * width
        weight = np.exp(-(((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * radius**2)))[..., None] * 0.5
        pixels = pixels * (1 - weight) + 255 * weight
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


TIERS = {  # how hard the photo is: keyword arguments of `photograph`; bench kinds "<tier>_photo"
    "desk": dict(fill=(0.55, 0.9), tilt=(-20.0, 20.0), perspective=0.06, busy=False, light=0.3, jpeg=75),
    "hard": dict(fill=(0.45, 0.55), tilt=(8.0, 20.0), perspective=0.14, busy=True, light=0.5, jpeg=60),
}


KINDS = tuple(f"{tier}_photo" for tier in TIERS)


def desk_photo(card: Image.Image, tier: str, rng: random.Random, quarter_turns: int | None = None
               ) -> tuple[Image.Image, int]:
    """A photo of `card` in one of the `TIERS`, and the rotation (degrees counter-clockwise,
    as the `rotate` setting) that turns it upright; turns are random unless given."""
    options = dict(TIERS[tier])
    low, high = options.pop("tilt")
    tilt = rng.uniform(low, high) * rng.choice((-1, 1)) if low > 0 else rng.uniform(low, high)
    turns = rng.randrange(4) if quarter_turns is None else quarter_turns
    photo, _ = photograph(card, rng, tilt=(tilt, tilt), quarter_turns=turns, **options)
    return photo, 90 * turns % 360
