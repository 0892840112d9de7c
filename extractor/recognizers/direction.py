"""The direction classifier: whether a text line reads upright or turned 180 degrees."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

CLS_HEIGHT, CLS_WIDTH = 48, 192  # the classifier's input; a line is scaled to this height, padded or cut to this width


def upright(session: Any, lines: list[np.ndarray]) -> list[float]:
    """For BGR text-line crops, the probability that each reads upright, as the classifier
    `session` sees them."""
    if not lines:
        return []
    tensor = np.zeros((len(lines), 3, CLS_HEIGHT, CLS_WIDTH), np.float32)
    for slot, line in enumerate(lines):
        width = min(CLS_WIDTH, max(8, round(line.shape[1] * CLS_HEIGHT / max(1, line.shape[0]))))
        resized = cv2.resize(line, (width, CLS_HEIGHT)).astype(np.float32) / 127.5 - 1.0
        tensor[slot, :, :, :width] = resized.transpose(2, 0, 1)
    scores = session.run(None, {session.get_inputs()[0].name: tensor})[0]
    return [float(score[0] / max(1e-6, score[0] + score[1])) for score in scores]
