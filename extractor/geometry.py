"""Place a template's reference rectangles on an actual image.

Rectangles refer to the document *after* `rotate` is applied (degrees
counter-clockwise, as `PIL.Image.rotate(angle, expand=True)` turns). They are
scaled from the reference size to the rotated image size, rounded outward and
clamped to the image.
"""

from __future__ import annotations

import logging
import math
import warnings
from typing import NamedTuple

from PIL import Image

from .errors import AspectRatioWarning, GeometryError

logger = logging.getLogger(__name__)

# Relative difference between the image's and the reference's width/height ratio.
ASPECT_WARN = 0.08  # beyond this a warning: regions drift by up to ~4 % of a side
ASPECT_FAIL = 0.25  # beyond this an error: the regions would read the wrong text


class Rect(NamedTuple):
    """Pixel rectangle: left, top, right, bottom (right and bottom exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def slices(self) -> tuple[slice, slice]:
        """Row and column slices that cut this rectangle out of a numpy image."""
        return slice(self.top, self.bottom), slice(self.left, self.right)

    def holds_middle(self, other: Rect) -> bool:
        """Whether the middle of `other` lies in this rectangle (its sides included)."""
        x, y = (other.left + other.right) / 2, (other.top + other.bottom) / 2
        return self.left <= x <= self.right and self.top <= y <= self.bottom


def rotated_size(size: tuple[int, int], angle: float) -> tuple[int, int]:
    """The size `PIL.Image.rotate(angle, expand=True)` gives an image of `size`."""
    width, height = size
    angle = angle % 360
    if angle % 90 == 0:
        return (height, width) if angle % 180 else (width, height)
    # Pillow's own arithmetic (Image.rotate), so the sizes agree to the pixel.
    radians = -math.radians(angle)
    a, b = round(math.cos(radians), 15), round(math.sin(radians), 15)
    d, e = round(-math.sin(radians), 15), round(math.cos(radians), 15)
    cx, cy = width / 2, height / 2
    c = a * -cx + b * -cy + cx
    f = d * -cx + e * -cy + cy
    xs = [a * x + b * y + c for x, y in ((0, 0), (width, 0), (width, height), (0, height))]
    ys = [d * x + e * y + f for x, y in ((0, 0), (width, 0), (width, height), (0, height))]
    return math.ceil(max(xs)) - math.floor(min(xs)), math.ceil(max(ys)) - math.floor(min(ys))


def rotate_image(image: Image.Image, angle: float) -> Image.Image:
    """Turn `image` counter-clockwise by `angle` degrees, growing the canvas to fit."""
    angle = angle % 360
    if angle == 0:
        return image
    transposes: dict[float, Image.Transpose] = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
                  270: Image.Transpose.ROTATE_270}
    if angle in transposes:
        return image.transpose(transposes[angle])
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                        fillcolor=(255, 255, 255))


def check_aspect(reference: tuple[int, int], size: tuple[int, int], source: str = "template") -> None:
    """Warn, or raise `GeometryError`, when `size` is not shaped like `reference`."""
    expected = reference[0] / reference[1]
    actual = size[0] / size[1]
    difference = abs(actual / expected - 1)
    if difference <= ASPECT_WARN:
        return
    message = (
        f"{source}: the image is {size[0]}x{size[1]} (width/height {actual:.3f}) but the "
        f"template was drawn on {reference[0]}x{reference[1]} ({expected:.3f}), "
        f"{difference:.0%} apart"
    )
    if difference > ASPECT_FAIL:
        if abs(1 / actual / expected - 1) <= ASPECT_WARN:
            message += "; the image looks turned on its side: pass rotate=90 or rotate=270"
        else:
            message += "; crop the image to the document"
        raise GeometryError(message)
    logger.warning("%s", message)
    warnings.warn(message + "; regions may be misplaced", AspectRatioWarning, stacklevel=3)


def scale_rect(rect: Rect, reference: tuple[int, int], size: tuple[int, int]) -> Rect:
    """`rect` scaled from `reference` to `size`, rounded outward and clamped to the image."""
    sx, sy = size[0] / reference[0], size[1] / reference[1]
    return Rect(
        max(0, math.floor(rect.left * sx)),
        max(0, math.floor(rect.top * sy)),
        min(size[0], math.ceil(rect.right * sx)),
        min(size[1], math.ceil(rect.bottom * sy)),
    )


def iou(one: Rect, other: Rect) -> float:
    """How much two rectangles overlap: their intersection over their union, 0..1."""
    inter = max(0.0, min(one.right, other.right) - max(one.left, other.left)) * max(
        0.0, min(one.bottom, other.bottom) - max(one.top, other.top))
    union = one.width * one.height + other.width * other.height - inter
    return inter / union if union > 0 else 0.0


def check_inside(rect: Rect, size: tuple[int, int], what: str) -> None:
    """Raise `GeometryError` unless `rect` is non-empty and inside an image of `size`."""
    if rect.left < 0 or rect.top < 0 or rect.right > size[0] or rect.bottom > size[1]:
        raise GeometryError(
            f"{what}: rect {tuple(rect)} lies outside the {size[0]}x{size[1]} image"
        )
    if rect.width <= 0 or rect.height <= 0:
        raise GeometryError(f"{what}: rect {tuple(rect)} is empty")
