"""A picture of what was read: each field's rectangle, name and value drawn on the image, and
the template's anchors, found or not.

Labels are laid out before they are drawn (`overlay_labels`): each goes beside its box where it
covers no label placed before it, so that on a turned photo, where the boxes stand on end and
crowd, every label stays readable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .alignment.outline import rectangle
from .fields import LOW_CONFIDENCE, Extraction
from .geometry import rotate_image
from .template import Template

FONT = Path(__file__).parent / "assets" / "DejaVuSans.ttf"  # covers accented Latin
GOOD = (0, 170, 60)
BAD = (220, 30, 30)
QUAD = (30, 90, 230)
ANCHOR_FOUND = (0, 150, 170)  # teal: printed text found where the template puts it
ANCHOR_MISSED = (230, 120, 0)  # orange: not found there
ANCHOR_UNCHECKED = (120, 120, 120)  # read as given: nothing looked for it
LONGEST = 48  # characters of a value a label shows
Point = tuple[float, float]
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Label:
    """A text drawn on the overlay: what it says, where (its box), its colour, and the outline
    (image points) it labels."""

    text: str
    box: Box
    colour: tuple[int, int, int]
    outline: tuple[Point, ...]
    anchor: bool = False  # an anchor's: its box is outlined only


def draw_overlay(image: Image.Image, extraction: Extraction, rotate: int = 0, template: Template | None = None
                 ) -> Image.Image:
    """`image` with every field's box and reading, the `template`'s anchors (teal where found,
    orange where not) and the document's outline when it was found in a photo (blue); a scan
    is drawn turned upright, as it was read (by `rotate` when it was read with ``align=False``).

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
    if found:
        draw.polygon([tuple(point) for point in found], outline=(*QUAD, 255), width=max(3, size // 4))
    labels = overlay_labels(canvas.size, extraction, template, font)
    for label in labels:
        width = max(2, size // (8 if label.anchor else 6))
        draw.polygon(list(label.outline), outline=(*label.colour, 255), width=width,
                     fill=None if label.anchor else (*label.colour, 40))
    for label in labels:  # a label set apart from its box is tied to it
        xs, ys = [x for x, _ in label.outline], [y for _, y in label.outline]
        middle = ((label.box[0] + label.box[2]) / 2, (label.box[1] + label.box[3]) / 2)
        nearest = min(label.outline, key=lambda p: abs(p[0] - middle[0]) + abs(p[1] - middle[1]))
        apart = label.box[3] < min(ys) - size or label.box[1] > max(ys) + size or label.box[2] < min(xs) - size \
            or label.box[0] > max(xs) + size
        if apart:
            draw.line([middle, nearest], fill=(*label.colour, 200), width=1)
    for label in labels:
        draw.rectangle(label.box, fill=(255, 255, 255, 215))
        draw.text((label.box[0] + 2, label.box[1] + 2), label.text, font=font, fill=(*label.colour, 255), anchor="lt")
    return Image.alpha_composite(canvas.convert("RGBA"), shade).convert("RGB")


def overlay_labels(size: tuple[int, int], extraction: Extraction, template: Template | None,
                   font: ImageFont.FreeTypeFont) -> list[Label]:
    """Every box the overlay draws (the fields', then the anchors') with its label, laid out on a
    canvas of `size` so that no two labels overlap."""
    alignment = extraction.alignment
    to_image = _to_image(extraction.image_size, alignment.quad if alignment is not None else None)
    wanted: list[tuple[str, tuple[int, int, int], tuple[Point, ...], bool]] = []
    for result in extraction.fields.values():
        colour = GOOD if result.valid and result.confidence >= LOW_CONFIDENCE else BAD
        shown = " ".join((result.value or result.raw or "(empty)").split())  # an MRZ's lines on one
        shown = shown if len(shown) <= LONGEST else shown[:LONGEST - 1] + "…"
        wanted.append((f"{result.name}: {shown}", colour,
                       tuple(to_image(_corners(result.rect))), False))
    if template is not None:
        scale_x, scale_y = extraction.image_size[0] / template.width, extraction.image_size[1] / template.height
        located = set(alignment.anchors_located) if alignment is not None else set()
        for index, anchor in enumerate(template.anchors):
            left, top, right, bottom = anchor.rect
            rect = (left * scale_x, top * scale_y, right * scale_x, bottom * scale_y)
            if alignment is None:
                colour, mark = ANCHOR_UNCHECKED, "?"
            else:
                colour, mark = (ANCHOR_FOUND, "✓") if index in located else (ANCHOR_MISSED, "✗")
            wanted.append((f"⚓ {anchor.text} {mark}", colour, tuple(to_image(_corners(rect))), True))
    placed: list[Box] = []
    labels = []
    for text, colour, outline, is_anchor in wanted:
        x0, y0, x1, y1 = font.getbbox(text)
        box = _place(outline, (x1 - x0 + 4, y1 - y0 + 6), size, placed)
        placed.append(box)
        labels.append(Label(text, box, colour, outline, is_anchor))
    return labels


def _corners(rect: Sequence[float]) -> list[Point]:
    left, top, right, bottom = rect
    return [(left, top), (right, top), (right, bottom), (left, bottom)]


def _place(outline: Sequence[Point], extent: tuple[float, float], size: tuple[int, int], placed: list[Box]) -> Box:
    """Where a label `extent` large goes: above the outline's bounds, else below, right or left of
    them, wherever it covers no label already `placed` and stays on the canvas; else the nearest
    free place further down or up."""
    xs, ys = [x for x, _ in outline], [y for _, y in outline]
    left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    width, height = extent
    tries = [(left, top - height), (left, bottom), (right + 2, top), (left - width - 2, top)]
    step = height + 2
    tries += [(left, top - height + sign * k * step) for k in range(1, 40) for sign in (1, -1)]
    fallback = None
    for x, y in tries:
        x = min(max(0.0, x), size[0] - width)
        y = min(max(0.0, y), size[1] - height)
        box = (x, y, x + width, y + height)
        fallback = fallback or box
        if not any(_overlap(box, other) for other in placed):
            return box
    assert fallback is not None
    return fallback


def _overlap(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _to_image(size: tuple[int, int], quad: Sequence[tuple[float, float]] | None
              ) -> Callable[[list[Point]], list[Point]]:
    """Maps points of the aligned document back onto the photo (the identity for a scan)."""
    if not quad:
        return lambda points: points
    width, height = size
    matrix = cv2.getPerspectiveTransform(rectangle(width, height), np.array(quad, np.float32))

    def mapped(points: list[Point]) -> list[Point]:
        result = cv2.perspectiveTransform(np.array([points], np.float32), matrix)[0]
        return [(float(x), float(y)) for x, y in result]

    return mapped
