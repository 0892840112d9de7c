"""Homographies between an image and the template's reference frame, and the warp they give."""

from __future__ import annotations

import math
from typing import cast

import cv2
import numpy as np

from ..template import Template
from .outline import rectangle


def reference_corners(template: Template) -> np.ndarray:
    """The reference frame's corners, top-left first, clockwise."""
    return rectangle(template.width, template.height)


def onto_reference(corners: np.ndarray, template: Template) -> np.ndarray:
    """The homography taking the document's `corners` in the image (top-left first, clockwise,
    as the document reads) to the reference frame."""
    return cv2.getPerspectiveTransform(np.asarray(corners, np.float32), reference_corners(template))


def scan_corners(size: tuple[int, int], turn: int) -> np.ndarray:
    """The corners of a whole image of `size` as the document's, when turning it `turn`
    degrees counter-clockwise makes it upright."""
    width, height = size
    return np.roll(rectangle(width, height), -(turn % 360) // 90, axis=0)


def corners_in_image(homography: np.ndarray, template: Template) -> np.ndarray:
    """Where `homography` (image to reference) puts the document's corners in the image."""
    return cast(np.ndarray, cv2.perspectiveTransform(reference_corners(template)[None], np.linalg.inv(homography))[0])


def quarter_turn(corners: np.ndarray) -> int:
    """The quarter turn (degrees counter-clockwise) nearest to what makes the document upright."""
    top = corners[1] - corners[0]
    return round(math.degrees(math.atan2(float(top[1]), float(top[0]))) / 90) * 90 % 360


def moves_within(correction: np.ndarray, template: Template, limit: float) -> bool:
    """Whether `correction` (reference to reference) moves no corner by more than `limit` of the size."""
    reference = reference_corners(template)
    moved = cv2.perspectiveTransform(reference[None], correction)[0]
    return bool(np.abs(moved - reference).max() <= limit * max(template.width, template.height))


def warp(bgr: np.ndarray, homography: np.ndarray, template: Template) -> np.ndarray:
    """`bgr` warped by `homography` (image to reference) to the reference size."""
    shrink = 1 / math.sqrt(abs(np.linalg.det(homography[:2, :2] / homography[2, 2])) or 1)
    if shrink > 1.5:  # the document is much larger than the reference: shrink first, or warping aliases
        bgr = cv2.resize(bgr, None, fx=1 / shrink, fy=1 / shrink, interpolation=cv2.INTER_AREA)
        homography = homography @ np.diag((shrink, shrink, 1.0))
    return cv2.warpPerspective(bgr, homography, (template.width, template.height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def turned(bgr: np.ndarray, turn: int) -> np.ndarray:
    """`bgr` turned `turn` degrees counter-clockwise (a quarter turn)."""
    codes = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return bgr if turn % 360 == 0 else cv2.rotate(bgr, codes[turn % 360])
