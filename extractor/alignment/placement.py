"""Each field's final rectangle: the template's, moved onto the text line it holds.

After alignment a rectangle can still sit a few pixels off its value (a rectangle drawn
loosely, perspective an outline did not catch). A rectangle must neither cut a value's first
letters nor take in its label, so each field follows the line it holds: vertically where
the line's ink crosses its top or bottom (by at most `snap_shift` of its height), and where
a side cuts through a word, the side moves to that word's end: out past it when most of the
word lies inside (the value's own letters), in before it when most lies outside (a label's
last letters).
"""

from __future__ import annotations

import cv2
import numpy as np

from .config import AlignConfig
from .fit import Lines, fit

Box = tuple[int, int, int, int]
INK_SHARE = 0.75  # of a detected line's height, its ink (DB boxes grow round the ink)


def place_fields(gray: np.ndarray, rects: np.ndarray, lines: Lines, config: AlignConfig) -> tuple[Box, ...]:
    """The rectangles (left, top, right, bottom; whole pixels inside the image) to read each field
    from, in the frame of `gray` (the image as it will be read), given `rects` placed there and
    the image's detected text `lines`."""
    height, width = gray.shape[:2]
    matched = fit(rects, lines, config.fit)
    placed = []
    for (left, top, right, bottom), line in zip(rects, matched.lines, strict=True):
        if line >= 0:
            tall = bottom - top
            ink = lines.height[line] * INK_SHARE / 2
            # a line of about the field's size crossing its top or bottom: the field follows it
            if lines.height[line] <= config.snap_height * tall:
                crossing = max(0.0, lines.y[line] + ink - bottom) - max(0.0, top - (lines.y[line] - ink))
                shift = float(np.clip(crossing, -config.snap_shift * tall, config.snap_shift * tall))
                top, bottom = top + shift, bottom + shift
            top, bottom = _clear_of_neighbours(line, top, bottom, left, right, lines)
            band = (lines.y[line] - lines.height[line] / 2, lines.y[line] + lines.height[line] / 2)
            left, right = _snap_sides(gray, float(left), float(right), band, config)
        box = (max(0, int(np.floor(left))), max(0, int(np.floor(top))),
               min(width, int(np.ceil(right))), min(height, int(np.ceil(bottom))))
        placed.append(box if box[2] > box[0] and box[3] > box[1] else _clamped((left, top, right, bottom), gray))
    return tuple(placed)


def _clear_of_neighbours(held: int, top: float, bottom: float, left: float, right: float, lines: Lines
                         ) -> tuple[float, float]:
    """`top` and `bottom` moved off the ink of other lines above and below the `held` one that
    reach into the rectangle (a label printed close above a value), never into the held line's."""
    ink_top = lines.y[held] - lines.height[held] * INK_SHARE / 2
    ink_bottom = lines.y[held] + lines.height[held] * INK_SHARE / 2
    across = (np.minimum(lines.right, right) - np.maximum(lines.left, left)) > 0
    for other in np.flatnonzero(across):
        if other == held:
            continue
        half = lines.height[other] * INK_SHARE / 2
        if lines.y[other] < lines.y[held] and lines.y[other] + half > top:
            top = min(max(top, lines.y[other] + half), ink_top - 1)
        elif lines.y[other] > lines.y[held] and lines.y[other] - half < bottom:
            bottom = max(min(bottom, lines.y[other] - half), ink_bottom + 1)
    return top, bottom


def _clamped(rect: tuple[float, ...], gray: np.ndarray) -> Box:
    height, width = gray.shape[:2]
    left, top, right, bottom = rect
    left, top = min(max(0, int(left)), width - 1), min(max(0, int(top)), height - 1)
    return left, top, max(left + 1, min(width, int(np.ceil(right)))), max(top + 1, min(height, int(np.ceil(bottom))))


def _snap_sides(gray: np.ndarray, left: float, right: float, band: tuple[float, float], config: AlignConfig
                ) -> tuple[float, float]:
    """`left` and `right` moved out of the words they cut, within the text band `band` (rows)."""
    height, width = gray.shape[:2]
    tall = band[1] - band[0]
    top, bottom = max(0, round(band[0])), min(height, round(band[1]))
    start, end = max(0, round(left - 2 * tall)), min(width, round(right + 2 * tall))
    if bottom - top < 6 or end - start < 4 * tall:
        return left, right
    words = _words(gray[top:bottom, start:end], config.word_gap * tall / 1.4)
    if words is None:
        return left, right
    pad = 0.2 * tall
    new_left, new_right = left, right
    for first, last in words:
        first, last = first + start, last + start
        if first < left < last:
            inside = (last - left) / (last - first)
            new_left = first - pad if inside >= config.snap_majority else last + pad
        if first < right < last:
            inside = (right - first) / (last - first)
            new_right = last + pad if inside >= config.snap_majority else first - pad
    if new_right - new_left < 0.5 * (right - left):  # both sides in one long word: leave it be
        return left, right
    return new_left, new_right


def _words(band: np.ndarray, gap: float) -> list[tuple[int, int]] | None:
    """Column spans [first, last) of the words in a text band: inked columns joined across gaps
    narrower than `gap`; None when the band's ink does not look like words (a pattern, a rule)."""
    # the ground levelled by a closing wider than a stroke: guilloche and gradients fall away
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, band.shape[0] // 2) | 1, 1))
    dark = cv2.morphologyEx(band, cv2.MORPH_CLOSE, kernel).astype(np.int16) - band
    light = band.astype(np.int16) - cv2.morphologyEx(band, cv2.MORPH_OPEN, kernel)
    ink = dark if dark.sum() >= light.sum() else light
    ink = np.clip(ink, 0, 255).astype(np.uint8)
    threshold, mask = cv2.threshold(ink, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if threshold < 24:  # no stroke stands out of the ground
        return None
    columns = mask.sum(axis=0) >= max(2, 0.15 * band.shape[0])
    if columns.mean() > 0.85:
        return None
    padded = np.concatenate(([False], columns, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    runs = [[int(a), int(b)] for a, b in zip(edges[::2], edges[1::2], strict=True)]
    words: list[list[int]] = []
    for run in runs:
        if words and run[0] - words[-1][1] < gap:
            words[-1][1] = run[1]
        else:
            words.append(run)
    return [(a, b) for a, b in words]
