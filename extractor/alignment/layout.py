"""Outlines from where the text lies: the document placed by its fields' values, no edge needed.

A document whose edges do not show (white paper on a white scanner lid, a card on a sheet of
the same tone) or whose outline search found an inner frame still shows its values. Each
pair of a field and a detected line of about its size proposes a placement of the whole
document (a scale from the heights, a shift from the value's start and middle); the placement
that puts a line of the right size at the start of the most fields is kept, fitted to those
pairs by least squares, and offered as one more candidate outline, which the one rule
(`fit.py`) then judges with the others. Searched along each direction the text runs, both
ways up.
"""

from __future__ import annotations

import math

import numpy as np

from ..template import Template
from .config import AlignConfig
from .fit import Lines, rects_of
from .straighten import reference_corners


def layout_outlines(segments: list[np.ndarray], size: tuple[int, int], template: Template, angles: list[float],
                    config: AlignConfig) -> list[np.ndarray]:
    """Candidate corners (top-left first, clockwise) of the document in an image of `size`,
    each the placement that holds the most fields with a line, one per text direction and way
    up, best first; placements holding fewer than `config.layout_min_fields` fields are none."""
    if len(template.fields) < config.layout_min_fields or not segments:
        return []
    found = []
    for angle in angles:
        for way in (0.0, 180.0):
            placed = _placement(segments, size, template, angle + way, config)
            if placed is not None:
                found.append(placed)
    found.sort(key=lambda item: -item[0])
    return [corners for _, corners in found]


def _placement(segments: list[np.ndarray], size: tuple[int, int], template: Template, angle: float,
               config: AlignConfig) -> tuple[float, np.ndarray] | None:
    """The best placement with the text turned level along `angle` (degrees): how many fields it
    holds, and its corners in the image."""
    turn = _rotation(-angle)
    points = np.asarray(segments, np.float32).reshape(-1, 4, 2) @ turn.T
    lines = Lines.of(points)
    single = lines.members[:, 1] < 0
    rects = rects_of(template)
    left, middle = rects[:, 0], (rects[:, 1] + rects[:, 3]) / 2
    tall = rects[:, 3] - rects[:, 1]
    line_left, line_y, line_height = lines.left[single], lines.y[single], lines.height[single]
    # every pair's placement: scale from the heights, shift from the value's start and middle
    scale = line_height[None, :] / (config.fit.expected_height * tall[:, None])
    longest = max(size) / max(template.width, template.height)
    plausible = (scale >= config.layout_min_scale * longest) & (scale <= 1.05 * longest)
    if not plausible.any():
        return None
    fields, chosen = np.nonzero(plausible)
    hypotheses = np.stack([scale[fields, chosen], line_left[chosen] - scale[fields, chosen] * left[fields],
                           line_y[chosen] - scale[fields, chosen] * middle[fields]], axis=1)
    # the document lies in the frame (a half-visible one is refused): a placement reaching out of
    # it is text of something larger, a sheet of print beside the card
    corners = reference_corners(template)[None, :, :] * hypotheses[:, None, :1] + hypotheses[:, None, 1:]
    in_image = corners @ _rotation(angle).T
    margin = config.layout_margin * np.array(size, np.float32)
    hypotheses = hypotheses[_in_frame(in_image, size, margin)]
    if len(hypotheses) > config.layout_hypotheses:  # a busy page: an even sample of the pairs
        hypotheses = hypotheses[np.linspace(0, len(hypotheses) - 1, config.layout_hypotheses).astype(int)]
    # a height gives the scale only roughly: each placement is judged loosely first, then the
    # likeliest are fitted to the pairs they hold and judged strictly: the most fields held, and
    # among as many the closest (a layout of even rows is also held a row off)
    def held(placement: tuple[float, float, float], looseness: float = 1.0) -> tuple[list[tuple[int, int]], float]:
        return _held(placement, left, middle, tall, line_left, line_y, line_height, config, looseness)

    placements = [(float(s), float(dx), float(dy)) for s, dx, dy in hypotheses]
    loose = sorted(((len(pairs), -offset, index) for index, placement in enumerate(placements)
                    for pairs, offset in [held(placement, 2.0)]), reverse=True)
    best_rank: tuple[int, float] = (0, 0.0)
    best_placement = None
    for _, _, index in loose[:config.layout_refined]:
        placement = placements[index]
        for _ in range(2):  # fitted to what it holds, then to what the fitted placement holds
            pairs, _ = held(placement, 2.0)
            if len(pairs) < 2:
                break
            placement = _least_squares(pairs, left, middle, line_left, line_y)
        pairs, offset = held(placement)
        if (len(pairs), -offset) > best_rank:
            best_rank, best_placement = (len(pairs), -offset), placement
    if best_placement is None or best_rank[0] < config.layout_min_fields:
        return None
    s, dx, dy = best_placement
    placed = (reference_corners(template) * s + np.array((dx, dy), np.float32)) @ _rotation(angle).T
    if not _in_frame(placed, size, margin):
        return None
    return float(best_rank[0]), placed.astype(np.float32)


def _in_frame(corners: np.ndarray, size: tuple[int, int], margin: np.ndarray) -> np.ndarray:
    """Whether each set of corners (..., 4, 2) lies in an image of `size`, give or take `margin`."""
    inside: np.ndarray = ((corners >= -margin) & (corners <= np.array(size, np.float32) + margin)).all(axis=(-2, -1))
    return inside


def _held(placement: tuple[float, float, float], left: np.ndarray, middle: np.ndarray, tall: np.ndarray,
          line_left: np.ndarray, line_y: np.ndarray, line_height: np.ndarray, config: AlignConfig,
          looseness: float = 1.0) -> tuple[list[tuple[int, int]], float]:
    """(field, line) for each field a line holds under the placement (the line starts near the
    field's left, lies in its middle and is about as tall as its value), and their mean offset
    from where the placement puts them (value heights); `looseness` widens what counts as near."""
    s, dx, dy = placement
    want_left, want_y, want_height = s * left + dx, s * middle + dy, s * config.fit.expected_height * tall
    off_x = np.abs(line_left[None, :] - want_left[:, None]) / want_height[:, None]
    off_y = np.abs(line_y[None, :] - want_y[:, None]) / want_height[:, None]
    # as tall as the fit rule scores a value at all (its tolerance and one spread beyond)
    sized = (np.abs(np.log(line_height[None, :] / want_height[:, None]))
             <= config.fit.height_tolerance + config.fit.height_spread)
    slack = looseness * config.layout_slack
    close = (off_x <= slack) & (off_y <= slack / 2) & sized
    cost = np.where(close, off_x + off_y, np.inf)
    best = cost.argmin(axis=1)
    costs = cost[np.arange(len(left)), best]
    held = np.flatnonzero(np.isfinite(costs))
    return [(int(f), int(best[f])) for f in held], float(costs[held].mean()) if len(held) else 0.0


def _least_squares(pairs: list[tuple[int, int]], left: np.ndarray, middle: np.ndarray, line_left: np.ndarray,
                   line_y: np.ndarray) -> tuple[float, float, float]:
    """The scale and shift putting each paired field's left on its line's start and its middle
    on the line's middle, by least squares."""
    rows, values = [], []
    for field, line in pairs:
        rows += [(left[field], 1.0, 0.0), (middle[field], 0.0, 1.0)]
        values += [line_left[line], line_y[line]]
    solution = np.linalg.lstsq(np.array(rows, np.float64), np.array(values, np.float64), rcond=None)[0]
    return float(solution[0]), float(solution[1]), float(solution[2])


def _rotation(degrees: float) -> np.ndarray:
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    return np.array([[cos, -sin], [sin, cos]], np.float32)
