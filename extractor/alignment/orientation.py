"""Which way up: the text-direction classifier's vote over the field rectangles of each turn."""

from __future__ import annotations

import math

import numpy as np

from ..recognizers import Vision
from ..template import Template


def upright_votes(vision: Vision, template: Template, turns: dict[int, np.ndarray], fields: int
                  ) -> dict[int, float]:
    """For each candidate turn (the document's image so turned), the mean log-odds that its
    `fields` widest field rectangles read upright."""
    if len(turns) == 1:
        return dict.fromkeys(turns, 0.0)
    widest = sorted(template.fields, key=lambda spec: -(spec.rect[2] - spec.rect[0]))[:fields]
    votes = {}
    for turn, bgr in turns.items():
        height, width = bgr.shape[:2]
        sx, sy = width / template.width, height / template.height
        crops = [bgr[round(t * sy):round(b * sy), round(left * sx):round(r * sx)]
                 for left, t, r, b in (spec.rect for spec in widest)]
        upright = vision.upright([crop for crop in crops if crop.size])
        votes[turn] = float(np.mean([math.log(max(p, 1e-4) / max(1 - p, 1e-4)) for p in upright] or [0.0]))
    return votes
