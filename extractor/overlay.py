"""A picture of what was read: each field's rectangle, name and value drawn on the image."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .alignment.outline import rectangle
from .fields import LOW_CONFIDENCE, Extraction
from .geometry import rotate_image

FONT = Path(__file__).parent / "assets" / "DejaVuSans.ttf"  # covers accented Latin
GOOD = (0, 170, 60)
BAD = (220, 30, 30)
QUAD = (30, 90, 230)


def draw_overlay(image: Image.Image, extraction: Extraction, rotate: int = 0) -> Image.Image:
    """`image` with every field's box and reading, and the document's outline when it was found
    in a photo (blue); a scan is drawn turned upright, as it was read (by `rotate` when it
    was read with ``align=False``).

    Green: a valid value read with confidence; red: invalid, empty or unsure.
    """
    alignment = extraction.alignment
    found = alignment.quad if alignment is not None else None
    canvas = image.convert("RGB") if found else rotate_image(image.convert("RGB"), alignment.rotation if alignment
                                                             else rotate).copy()
    shade = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shade)
    size = max(12, round(min(canvas.size) / 40))
    font = ImageFont.truetype(str(FONT), size)
    to_image = _to_image(extraction.image_size, found)
    if found:
        draw.polygon([tuple(point) for point in found], outline=(*QUAD, 255), width=max(3, size // 4))
    for result in extraction.fields.values():
        colour = GOOD if result.valid and result.confidence >= LOW_CONFIDENCE else BAD
        left, top, right, bottom = result.rect
        corners = to_image([(left, top), (right, top), (right, bottom), (left, bottom)])
        draw.polygon(corners, outline=(*colour, 255), width=max(2, size // 6), fill=(*colour, 40))
        label = f"{result.name}: {result.value or result.raw or '(empty)'}"
        text_box = draw.textbbox(corners[0], label, font=font, anchor="lb")
        draw.rectangle(text_box, fill=(255, 255, 255, 210))
        draw.text(corners[0], label, font=font, fill=(*colour, 255), anchor="lb")
    return Image.alpha_composite(canvas.convert("RGBA"), shade).convert("RGB")


def _to_image(size: tuple[int, int], quad: Sequence[tuple[float, float]] | None
              ) -> Callable[[list[tuple[float, float]]], list[tuple[float, float]]]:
    """Maps points of the aligned document back onto the photo (the identity for a scan)."""
    if not quad:
        return lambda points: points
    width, height = size
    matrix = cv2.getPerspectiveTransform(rectangle(width, height), np.array(quad, np.float32))

    def mapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        result = cv2.perspectiveTransform(np.array([points], np.float32), matrix)[0]
        return [(float(x), float(y)) for x, y in result]

    return mapped
