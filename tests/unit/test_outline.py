"""Outline finding (`alignment/outline.py`) on drawn scenes: a card on a desk, its text lines given."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractor.alignment.outline import find_quads

CARD = np.float32([(180, 140), (820, 170), (800, 560), (160, 520)])  # a card tilted and foreshortened
ASPECT = 85.6 / 54.0


def _scene(frame_inset: float | None) -> tuple[np.ndarray, list[np.ndarray]]:
    """A pale card on a brown desk with dark text lines, and a printed frame `frame_inset` of
    its size inside its edge; the text lines' boxes."""
    desk = np.full((700, 1000, 3), (40, 70, 110), np.uint8)
    cv2.fillConvexPoly(desk, np.int32(CARD), (225, 230, 235))
    unit = cv2.getPerspectiveTransform(np.float32([(0, 0), (1, 0), (1, 1), (0, 1)]), CARD)

    def on_card(points: list[tuple[float, float]]) -> np.ndarray:
        return cv2.perspectiveTransform(np.float32([points]), unit)[0]

    if frame_inset is not None:
        low, high = frame_inset, 1 - frame_inset
        cv2.polylines(desk, [np.int32(on_card([(low, low), (high, low), (high, high), (low, high)]))], True,
                      (60, 40, 120), 3)
    boxes = []
    for row in range(5):
        top = 0.2 + 0.13 * row
        box = on_card([(0.3, top), (0.8, top), (0.8, top + 0.06), (0.3, top + 0.06)])
        cv2.fillConvexPoly(desk, np.int32(box), (30, 30, 30))
        boxes.append(box)
    return desk, boxes


def _error(found: np.ndarray) -> float:
    """The largest distance from a card corner to the nearest found corner."""
    return max(float(np.min(np.hypot(*(found - corner).T))) for corner in CARD)


def test_the_card_outline_is_found():
    desk, boxes = _scene(None)
    quads = find_quads(desk, ASPECT, boxes, angle=float(np.degrees(np.arctan2(30, 640))))
    assert quads and _error(quads[0].corners) < 6


@pytest.mark.parametrize("inset", [0.03, 0.06])
def test_a_printed_frame_inside_the_card_is_not_its_outline(inset):
    """The frame is backed as well as the card's edge (often better): the template's size is
    the whole card's, so the outline round the frame stands for the document."""
    desk, boxes = _scene(inset)
    quads = find_quads(desk, ASPECT, boxes, angle=float(np.degrees(np.arctan2(30, 640))))
    assert quads and _error(quads[0].corners) < 6
