"""Text detection: where the text lines of an image are (PP-OCR's DB model).

pre-processing (scaled to multiples of 32, at most `EngineConfig.det_max_side`) -> the session
(a per-pixel text probability map) -> DB post-processing (regions over `db_threshold`, kept when
their mean probability reaches `db_box_threshold`, grown back by `DB_UNCLIP_RATIO`) ->
quadrilaterals in the image's coordinates, in reading order.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from .config import EngineConfig

# How far a shrunk DB region is grown back: boxes stand round the ink by about this ratio of its
# height, which `lines.quad_image` undoes to know the ink's height.
DB_UNCLIP_RATIO = 1.6


def detect(session: Any, bgr: np.ndarray, config: EngineConfig) -> list[np.ndarray]:
    """Quadrilaterals (4x2 float arrays, clockwise from top-left) around the text lines of `bgr`,
    found by the detection `session`."""
    height, width = bgr.shape[:2]
    scale = min(1.0, config.det_max_side / max(height, width))
    resized_h = max(32, round(height * scale / 32) * 32)
    resized_w = max(32, round(width * scale / 32) * 32)
    resized = cv2.resize(bgr, (resized_w, resized_h))
    tensor = (resized.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
    probability = session.run(None, {session.get_inputs()[0].name: tensor})[0][0, 0]
    return _db_boxes(probability, width / resized_w, height / resized_h, config)


def _db_boxes(probability: np.ndarray, scale_x: float, scale_y: float, config: EngineConfig) -> list[np.ndarray]:
    """DB post-processing: text regions of the probability map, grown back to full size."""
    import pyclipper

    mask = cv2.dilate((probability > config.db_threshold).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    for contour in contours[:1000]:
        rect = cv2.minAreaRect(contour)
        if min(rect[1]) < 3:
            continue
        points = cv2.boxPoints(rect).astype(np.int32)
        region = np.zeros_like(mask)
        cv2.fillPoly(region, [points], 1)
        if cv2.mean(probability, region)[0] < config.db_box_threshold:
            continue
        polygon = cv2.boxPoints(rect)
        distance = cv2.contourArea(polygon) * DB_UNCLIP_RATIO / max(cv2.arcLength(polygon, True), 1e-6)
        offset = pyclipper.PyclipperOffset()
        offset.AddPath([tuple(map(int, p)) for p in polygon], pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
        grown = offset.Execute(distance)
        if not grown:
            continue
        rect = cv2.minAreaRect(np.asarray(grown[0], np.float32))
        if min(rect[1]) < 5:
            continue
        box = _clockwise(cv2.boxPoints(rect)) * (scale_x, scale_y)
        boxes.append(box.astype(np.float32))
    return sorted(boxes, key=lambda b: (round(b[:, 1].mean() / 10), b[:, 0].min()))


def _clockwise(points: np.ndarray) -> np.ndarray:
    """Order 4 points top-left, top-right, bottom-right, bottom-left."""
    by_x = points[np.argsort(points[:, 0])]
    left, right = by_x[:2], by_x[2:]
    top_left, bottom_left = left[np.argsort(left[:, 1])]
    top_right, bottom_right = right[np.argsort(right[:, 1])]
    return np.array([top_left, top_right, bottom_right, bottom_left], np.float32)
