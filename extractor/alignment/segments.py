"""Detected text lines cut where the ink leaves a wide gap.

DB text detection joins words a little apart into one line: a label and the value printed
right of it ("4a.  12.03.2020", "EYES  BLUE"), two columns of a table. Alignment judges where
text sits against the field rectangles, and a label joined to its value would be judged as
part of it, so each detected line is cut at gaps wider than a word space.
"""

from __future__ import annotations

import cv2
import numpy as np

INK_SHARE = 0.7  # of a detected line's height, the text's (DB boxes grow round the ink)
EDGE_MARGIN = 0.5  # of the ink's height: the margin a part keeps round its ink where it was cut (as a DB box does)


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
    if tall < 6 or length < 1.5 * tall:
        return [box]
    strip = _strip(gray, quad, length, tall)
    inked = _inked_columns(strip)
    if inked is None:
        return [box]
    columns, ink_height = inked
    runs = _blank_runs(columns)
    gaps = [(a, b) for a, b in runs if b - a >= gap * ink_height]
    if not gaps:
        return [box]
    # a part ends where its ink does (and a DB box's margin), not half-way across the gap: faint
    # letters a gap took in (a highlight's) stay out of the label's part beside them
    margin = [min(EDGE_MARGIN * ink_height, (b - a) / 2) for a, b in gaps]
    starts = [0.0, *(b - m for (_, b), m in zip(gaps, margin, strict=True))]
    ends = [*(a + m for (a, _), m in zip(gaps, margin, strict=True)), float(length)]
    parts = []
    for left, right in zip(starts, ends, strict=True):
        if columns[int(left):int(np.ceil(right))].sum() < 0.3 * ink_height:
            continue  # a speck between gaps
        t0, t1 = left / length, right / length
        top = quad[0] + (quad[1] - quad[0]) * np.array([[t0], [t1]], np.float32)
        bottom = quad[3] + (quad[2] - quad[3]) * np.array([[t0], [t1]], np.float32)
        part = np.array([top[0], top[1], bottom[1], bottom[0]], np.float32)
        parts.append(np.roll(part, start, axis=0))  # listed as the box was
    return parts or [box]


def _strip(gray: np.ndarray, quad: np.ndarray, length: int, tall: int) -> np.ndarray:
    """The line `quad` straightened into a `length` x `tall` strip (cut out directly when it lies level)."""
    left, top = np.floor(quad.min(axis=0)).astype(int)
    level = abs(float(quad[1, 1] - quad[0, 1])) < 1 and quad[1, 0] > quad[0, 0] and quad[3, 1] > quad[0, 1]
    if level and left >= 0 and top >= 0 and left + length <= gray.shape[1] and top + tall <= gray.shape[0]:
        return gray[top:top + tall, left:left + length]
    target = np.array([(0, 0), (length, 0), (length, tall), (0, tall)], np.float32)
    return cv2.warpPerspective(gray, cv2.getPerspectiveTransform(quad, target), (length, tall),
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def ink_depth(gray: np.ndarray, size: int) -> np.ndarray:
    """How far each pixel's ink stands out of the ground under it (a closing, or for light text
    on a dark ground an opening, `size` pixels wide: wider than any stroke). The ground is the
    tone most of the crop has."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size | 1, size | 1))
    low, middle, high = np.percentile(gray, (5, 50, 95))
    if middle >= (low + high) / 2:  # a light ground: dark text
        return cv2.subtract(cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel), gray)
    return cv2.subtract(gray, cv2.morphologyEx(gray, cv2.MORPH_OPEN, kernel))


def _inked_columns(strip: np.ndarray) -> tuple[np.ndarray, float] | None:
    """Which columns of a line strip hold ink (dark or light text), and how tall the ink stands
    (a detected box may be taller than its text); None when the strip is blank."""
    ink = ink_depth(strip, max(3, strip.shape[0] // 2))
    threshold, mask = cv2.threshold(ink, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if threshold < 20:
        return None
    rows = np.flatnonzero(mask.sum(axis=1) >= max(2, 0.02 * strip.shape[1]))
    height = float(rows[-1] - rows[0] + 1) if rows.size else INK_SHARE * strip.shape[0]
    return mask.sum(axis=0) >= max(1, 0.05 * strip.shape[0]), height


def _blank_runs(columns: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of blank columns between inked ones."""
    inked = np.flatnonzero(columns)
    if inked.size == 0:
        return []
    padded = np.concatenate(([True], columns, [True])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return [(a, b) for a, b in runs if a > inked[0] and b <= inked[-1]]
