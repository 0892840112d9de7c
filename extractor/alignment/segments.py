"""Detected text lines cut where the ink leaves a wide gap.

DB text detection joins words a little apart into one line: a label and the value printed
right of it ("4a.  12.03.2020", "EYES  BLUE"), two columns of a table. Alignment judges where
text sits against the field rectangles, and a label joined to its value would be judged as
part of it, so each detected line is cut at gaps wider than a word space.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

INK_SHARE = 0.7  # of a detected line's height, the text's (DB boxes grow round the ink)


def split_at_gaps(gray: np.ndarray, boxes: list[np.ndarray], gap: float) -> list[np.ndarray]:
    """`boxes` (4x2 quadrilaterals in `gray`), each cut at every blank run wider than `gap`
    text heights; a part must hold some ink to be kept."""
    parts: list[np.ndarray] = []
    for box in boxes:
        parts.extend(_split(gray, box, gap))
    return parts


def _split(gray: np.ndarray, box: np.ndarray, gap: float) -> list[np.ndarray]:
    box = np.asarray(box, np.float32)
    sides = [float(np.hypot(*(box[(i + 1) % 4] - box[i]))) for i in range(4)]
    start = 0 if sides[0] + sides[2] >= sides[1] + sides[3] else 1  # run along the longer sides
    quad = np.roll(box, -start, axis=0)  # quad[0] -> quad[1] runs along the line
    length = round((sides[start] + sides[start + 2]) / 2)
    tall = round((sides[start + 1] + sides[(start + 3) % 4]) / 2)
    if tall < 6 or length < 3 * tall:
        return [box]
    target = np.float32([(0, 0), (length, 0), (length, tall), (0, tall)])
    strip = cv2.warpPerspective(gray, cv2.getPerspectiveTransform(quad, target), (length, tall),
                                flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    columns = _inked_columns(strip)
    if columns is None:
        return [box]
    ink_height = INK_SHARE * tall
    runs = _blank_runs(columns)
    cuts = [(a + b) / 2 for a, b in runs if b - a >= gap * ink_height]
    if not cuts:
        return [box]
    edges = [0.0, *cuts, float(length)]
    parts = []
    for left, right in itertools.pairwise(edges):
        if columns[int(left):int(np.ceil(right))].sum() < 0.3 * ink_height:
            continue  # a speck between gaps
        t0, t1 = left / length, right / length
        top = quad[0] + (quad[1] - quad[0]) * np.float32([[t0], [t1]])
        bottom = quad[3] + (quad[2] - quad[3]) * np.float32([[t0], [t1]])
        part = np.float32([top[0], top[1], bottom[1], bottom[0]])
        parts.append(np.roll(part, start, axis=0))  # listed as the box was
    return parts or [box]


def _inked_columns(strip: np.ndarray) -> np.ndarray | None:
    """Which columns of a line strip hold ink (dark or light text); None when the strip is blank."""
    size = max(3, strip.shape[0] // 2) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    dark = cv2.subtract(cv2.morphologyEx(strip, cv2.MORPH_CLOSE, kernel), strip)
    light = cv2.subtract(strip, cv2.morphologyEx(strip, cv2.MORPH_OPEN, kernel))
    ink = dark if int(dark.sum()) >= int(light.sum()) else light
    threshold, mask = cv2.threshold(ink, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if threshold < 20:
        return None
    return mask.sum(axis=0) >= max(1, 0.08 * strip.shape[0])


def _blank_runs(columns: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of blank columns between inked ones."""
    inked = np.flatnonzero(columns)
    if inked.size == 0:
        return []
    padded = np.concatenate(([True], columns, [True])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return [(a, b) for a, b in runs if a > inked[0] and b <= inked[-1]]
