"""Which way up: the text-direction classifier's vote over the field rectangles of each turn
(a scan) or over the text lines detected in the straightened document (a photo)."""

from __future__ import annotations

import math

import numpy as np

from ..recognizers import Vision
from ..template import Template

MIN_LINE_HEIGHT = 6  # pixels: a line lower than this is a speck or a rule, no evidence


def upright_votes(vision: Vision, template: Template, turns: dict[int, np.ndarray], fields: int
                  ) -> dict[int, float]:
    """For each candidate turn (the document's image so turned), the mean log-odds that its
    `fields` widest field rectangles read upright."""
    if len(turns) == 1:
        return dict.fromkeys(turns, 0.0)
    widest = sorted(template.fields, key=lambda spec: -spec.rect.width)[:fields]
    votes = {}
    for turn, bgr in turns.items():
        height, width = bgr.shape[:2]
        sx, sy = width / template.width, height / template.height
        crops = [bgr[round(t * sy):round(b * sy), round(left * sx):round(r * sx)]
                 for left, t, r, b in (spec.rect for spec in widest)]
        upright = vision.upright([crop for crop in crops if crop.size])
        votes[turn] = float(np.mean([_log_odds(p) for p in upright] or [0.0]))
    return votes


def line_votes(vision: Vision, straight: np.ndarray, lines: list[np.ndarray], count: int) -> dict[int, float]:
    """The mean log-odds that the `count` widest of `lines` (detected in the straightened
    document `straight`) read upright as it is (0) and turned half round (180).

    Lines, not field rectangles: on an outline a little off (a card's inner frame taken for its
    edge) the rectangles cut through labels and blank ground, and their vote is a coin toss."""
    height, width = straight.shape[:2]
    crops = []
    for box in sorted(lines, key=lambda box: -float(np.ptp(box[:, 0])))[:count]:
        left, top = np.floor(box.min(axis=0)).astype(int)
        right, bottom = np.ceil(box.max(axis=0)).astype(int)
        crop = straight[max(0, top):min(height, bottom), max(0, left):min(width, right)]
        if crop.shape[0] >= MIN_LINE_HEIGHT and crop.shape[1] >= 2 * crop.shape[0]:
            crops.append(crop)
    if not crops:
        return {0: 0.0, 180: 0.0}
    return {turn: float(np.mean([_log_odds(p) for p in vision.upright(view)]))
            for turn, view in ((0, crops), (180, [crop[::-1, ::-1] for crop in crops]))}


def _log_odds(p: float) -> float:
    return math.log(max(p, 1e-4) / max(1 - p, 1e-4))
