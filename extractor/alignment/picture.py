"""An image being aligned, with what was learned of it kept for every template tried on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from ..geometry import rotate_image
from ..recognizers import Vision
from .config import ALIGN
from .outline import Quad, edge_strength
from .segments import split_at_gaps

PARTS_OVERLAP = 0.15  # of the image: a line on the line between two parts is seen whole in one of them


@dataclass(frozen=True)
class TextLines:
    """Text lines (quadrilaterals) as detection found them, and cut at wide gaps (`segments.py`):
    anchors are read on the first, a field's text fitted on the second."""

    lines: list[np.ndarray]
    segments: list[np.ndarray]


@dataclass
class Picture:
    """The image (RGB and BGR) and, computed once, its text lines, outlines and straightened views."""

    image: Image.Image
    bgr: np.ndarray
    segment_gap: float  # text heights: detected lines are cut at wider gaps (`segments.py`)
    _lines: dict[int, TextLines] = field(default_factory=dict)  # by the longest side detected at
    _lines_in_parts: dict[int, TextLines] = field(default_factory=dict)  # by the side the picture is enlarged to
    _outlines: dict[tuple[object, ...], list[Quad]] = field(default_factory=dict)
    _document_lines: dict[bytes, TextLines] = field(default_factory=dict)  # by warp
    _gradient: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def of(cls, image: Image.Image, segment_gap: float = ALIGN.segment_gap) -> Picture:
        rgb = image.convert("RGB")
        return cls(rgb, cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2BGR), segment_gap)

    def turned(self, degrees: int) -> Picture:
        """The picture turned counter-clockwise (what learned of it is not kept)."""
        return Picture.of(rotate_image(self.image, degrees), self.segment_gap)

    def detected(self, bgr: np.ndarray, boxes: list[np.ndarray]) -> TextLines:
        """Lines detected in `bgr`, and cut at wide gaps."""
        return TextLines(boxes, split_at_gaps(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), boxes, self.segment_gap))

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def text_lines(self, vision: Vision, side: int) -> TextLines:
        """The text lines of the whole image (quadrilaterals in its pixels), detected at most `side` large."""
        if side not in self._lines:
            height, width = self.bgr.shape[:2]
            scale = min(1.0, side / max(height, width))
            small = self.bgr if scale == 1 else cv2.resize(self.bgr, None, fx=scale, fy=scale,
                                                           interpolation=cv2.INTER_AREA)
            self._lines[side] = self.detected(self.bgr, [box / scale for box in vision.detect(small)])
        return self._lines[side]

    def text_lines_in_parts(self, vision: Vision, side: int) -> TextLines:
        """The text lines of the whole image, detected in its four quarters (overlapping by a
        `PARTS_OVERLAP` share) with the image `side` large: print too small for one look at the
        whole (detection takes at most `det_max_side`) is found at twice the size."""
        if side not in self._lines_in_parts:
            height, width = self.bgr.shape[:2]
            scale = side / max(height, width)
            large = cv2.resize(self.bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC if scale > 1
                               else cv2.INTER_AREA)
            big_height, big_width = large.shape[:2]
            boxes = []
            for top, bottom, own_top, own_bottom in _halves(big_height):
                for left, right, own_left, own_right in _halves(big_width):
                    for box in vision.detect(large[top:bottom, left:right]):
                        box = box + np.array((left, top), np.float32)
                        x, y = box.mean(axis=0)
                        if own_left <= x < own_right and own_top <= y < own_bottom:  # once, from one part
                            boxes.append(box / scale)
            self._lines_in_parts[side] = self.detected(self.bgr, boxes)
        return self._lines_in_parts[side]

    def outlines(self, key: tuple[object, ...], search: Callable[[], list[Quad]]) -> list[Quad]:
        """`search()`'s outlines, once per `key` (the document's shape and how it was searched)."""
        if key not in self._outlines:
            self._outlines[key] = search()
        return self._outlines[key]

    def gradient(self) -> tuple[np.ndarray, np.ndarray]:
        """The image's colour gradient (`outline.edge_strength`)."""
        if self._gradient is None:
            self._gradient = edge_strength(self.bgr)
        return self._gradient

    def document_lines(self, vision: Vision, warped: np.ndarray, homography: np.ndarray) -> TextLines:
        """The text lines of a straightened view (templates of one shape share them)."""
        key = np.round(homography, 6).tobytes() + bytes(str(warped.shape), "ascii")
        if key not in self._document_lines:
            self._document_lines[key] = self.detected(warped, vision.detect(warped))
        return self._document_lines[key]


def _halves(length: int) -> list[tuple[int, int, int, int]]:
    """Two overlapping parts of a `length` (start, end) and the share each owns (start, end)."""
    middle, reach = length // 2, round(PARTS_OVERLAP * length / 2)
    return [(0, min(length, middle + reach), 0, middle), (max(0, middle - reach), length, middle, length)]

