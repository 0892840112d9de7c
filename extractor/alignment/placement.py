"""Each field's final rectangle: the template's, moved onto the text line it holds.

After alignment a rectangle can still sit a few pixels off its value (a rectangle drawn
loosely, perspective an outline did not catch). A rectangle must neither cut a value's first
letters nor take in its label, so each field follows the line it holds: vertically where
the line's ink crosses its top or bottom (by at most `snap_shift` of its height), and where
a side cuts through a word, the side moves to that word's end: out past it when most of the
word lies inside (the value's own letters), in before it when most lies outside (a label's
last letters); where a side cuts both (a label's box grown over the value's first letter),
out past the value. Lines are cut at wide gaps first (`segments.py`), so a label beside a value
is a line of its own; a line far taller than the held one (an overprinted word, a seal) moves
no side.
"""

from __future__ import annotations

import numpy as np

from ..geometry import Rect
from .config import AlignConfig
from .fit import Lines, fit_lines

INK_SHARE = 0.75  # of a detected line's height, its ink (DB boxes grow round the ink)
SAME_SIZE = 0.8  # of a line's height: a line at least this tall is print of the same size (labels are smaller)


def place_fields(size: tuple[int, int], rects: np.ndarray, lines: Lines, config: AlignConfig) -> tuple[Rect, ...]:
    """The rectangles (whole pixels inside the image) to read each field from, in an image of
    `size` (as it will be read), given `rects` placed there and the image's detected text `lines`."""
    width, height = size
    matched = fit_lines(rects, lines, config.fit)
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
            top, bottom = _clear_of_neighbours(line, top, bottom, left, right, lines, config.overprint_height)
            members = lines.members[line]
            highest = config.overprint_height * float(lines.height[members[members >= 0]].max())
            own = np.unique(np.append(members[members >= 0], line))
            left, right = _snap_sides(float(left), float(right), top, bottom, lines, highest, config, own)
        box = Rect(max(0, int(np.floor(left))), max(0, int(np.floor(top))),
                   min(width, int(np.ceil(right))), min(height, int(np.ceil(bottom))))
        placed.append(box if box.width > 0 and box.height > 0 else _clamped((left, top, right, bottom), size))
    return tuple(placed)


def _clear_of_neighbours(held: int, top: float, bottom: float, left: float, right: float, lines: Lines,
                         tallest: float) -> tuple[float, float]:
    """`top` and `bottom` moved off the ink of other lines above and below the `held` one that
    reach into the rectangle (a label printed close above a value), never into the value's ink:
    the held line's, and that of any line as tall, centred inside and starting where it starts
    (the value's other line, as in an address). A line over `tallest` times the rectangle's
    height is no row's print (an overprinted SPECIMEN, a seal, whose box hides a value's line
    it crosses) and moves nothing."""
    across = np.flatnonzero((np.minimum(lines.right, right) - np.maximum(lines.left, left)) > 0)
    others = [int(other) for other in across  # not the held line, its own lines (a stack) or a stack
              if other != held and other not in lines.members[held] and lines.members[other, 1] < 0
              and lines.height[other] <= tallest * (bottom - top)]
    value = [held, *(other for other in others if top <= lines.y[other] <= bottom
                     and lines.height[other] >= SAME_SIZE * lines.height[held]
                     and abs(lines.left[other] - lines.left[held]) <= lines.height[held])]
    half = lines.height * INK_SHARE / 2
    ink_top, ink_bottom = float(np.min(lines.y[value] - half[value])), float(np.max(lines.y[value] + half[value]))
    for other in others:
        if other in value:
            continue
        if lines.y[other] < lines.y[held] and lines.y[other] + half[other] > top:
            top = min(max(top, lines.y[other] + half[other]), ink_top - 1)
        elif lines.y[other] > lines.y[held] and lines.y[other] - half[other] < bottom:
            bottom = max(min(bottom, lines.y[other] - half[other]), ink_bottom + 1)
    return top, bottom


def _clamped(rect: tuple[float, ...], size: tuple[int, int]) -> Rect:
    width, height = size
    left, top, right, bottom = rect
    left, top = min(max(0, int(left)), width - 1), min(max(0, int(top)), height - 1)
    return Rect(left, top, max(left + 1, min(width, int(np.ceil(right)))),
                max(top + 1, min(height, int(np.ceil(bottom)))))


def _snap_sides(left: float, right: float, top: float, bottom: float, lines: Lines, highest: float,
                config: AlignConfig, own: np.ndarray | None = None) -> tuple[float, float]:
    """`left` and `right` moved out of the text lines (cut at wide gaps: words or runs of words)
    they cut in the field's rows: past a line most of which lies inside, before one most of
    which lies outside; where a side cuts both, past (a label's box, grown round its ink, may
    reach over the value's first letter beside it: the value's letters are not cut for it). A
    line over `highest` pixels tall (`overprint_height` times the held line's, or the tallest of
    its stack's) is no print of the field's size (an overprinted word, a seal across the value's
    row) and moves no side. The field's `own` lines (the line it holds, its stack's lines) are
    never left out: one mostly outside is a label and its value run together (detected at a
    small size, "Given names INÉS" as one line), and the side moved in past it would leave the
    value out too."""
    rows = np.flatnonzero((lines.y > top) & (lines.y < bottom) & (lines.members[:, 1] < 0)
                          & (lines.height <= highest))
    starts, ends = lines.left[rows].astype(float), lines.right[rows].astype(float)
    kept = np.isin(rows, own) if own is not None else np.zeros(len(rows), bool)
    new_left = _moved_side(left, starts, ends, config.snap_majority, kept)
    new_right = -_moved_side(-right, -ends, -starts, config.snap_majority, kept)  # the right side, mirrored
    if new_right - new_left < 0.5 * (right - left):  # one long line across the field: leave it be
        return left, right
    return new_left, new_right


def _moved_side(side: float, starts: np.ndarray, ends: np.ndarray, majority: float, kept: np.ndarray) -> float:
    """A left `side` moved out past the lines it cuts (running `starts` to `ends`) that lie at
    least `majority` inside, right of it, or else in past those that lie mostly outside and are
    not `kept` in the field."""
    cut = (starts < side) & (side < ends)
    held = cut & (ends - side >= majority * (ends - starts))
    if held.any():
        return min(side, float(starts[held].min()))
    outside = cut & ~kept
    return max(side, float(ends[outside].max())) if outside.any() else side
