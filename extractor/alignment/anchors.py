"""Anchors: text printed identically on every document of a template, found by reading.

There is one way to find them: the straightened document's text lines of about an anchor's
size are read, and a line that reads as an anchor's printed text is that anchor, wherever the
outline put it. Two or more give a correction of the straightening (affine, or a homography
when they span the document); the anchors whose lines agree with it are *found*, and they
verify the alignment however poorly their small print would read again in its rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz

from ..recognizers import Vision
from ..recognizers.languages import LATIN_LANGUAGES
from ..recognizers.lines import Cleanup, quad_image
from ..recognizers.repair import line_text
from ..template import Template
from .config import AlignConfig
from .fit import Lines, fit_lines, rects_of
from .straighten import moves_within


@dataclass(frozen=True)
class AnchorMatch:
    """A correction of the straightened document (reference to reference; None: none needed or
    none found) and the anchors (by index) whose lines agree with it."""

    correction: np.ndarray | None
    found: tuple[int, ...]


NEAR = 0.05  # of the document's size: lines this close to an anchor's place are read first


def reads_as(reading: str, printed: str) -> float:
    """How closely `reading` matches `printed` text, 0..1, case and spacing aside."""
    return fuzz.ratio(" ".join(reading.upper().split()), " ".join(printed.upper().split())) / 100


def locate_anchors(template: Template, vision: Vision, bgr: np.ndarray, boxes: list[np.ndarray],
                   config: AlignConfig) -> AnchorMatch:
    """The anchors of `template` in the straightened document `bgr`, from its text lines `boxes`.

    Each anchor read gives two points, the ends of its line pulled in to where the ink ends.
    With two or more, an affine correction (or a homography when four or more span the
    document), whichever puts the fields' text lines in their rectangles best; anchors whose
    line lies within `anchor_error` of where the correction puts them are found.
    """
    located = _read_anchor_lines(template, vision, bgr, boxes, config)
    if not located:
        return AnchorMatch(None, ())
    source, target = [], []
    for number, box in located.items():
        left, top, right, bottom = template.anchors[number].rect
        start, end = (box[0] + box[3]) / 2, (box[1] + box[2]) / 2
        along = (end - start) / max(1e-6, float(np.hypot(*(end - start))))
        inset = max(0.0, (float(np.hypot(*(box[3] - box[0]))) - (bottom - top)) / 2)  # DB boxes grow round the ink
        source += [start + inset * along, end - inset * along]
        target += [(left, (top + bottom) / 2), (right, (top + bottom) / 2)]
    source_points, target_points = np.array(source, np.float32), np.array(target, np.float32)
    in_place = _agreeing(np.eye(3), located, template, config.anchor_error)
    if len(located) < 2:
        return AnchorMatch(None, in_place)
    estimate = cv2.estimateAffine2D if len(located) >= 3 else cv2.estimateAffinePartial2D
    affine, _ = estimate(source_points, target_points, ransacReprojThreshold=config.anchor_error)
    candidates = [] if affine is None else [np.vstack([affine, (0, 0, 1)])]
    spread = cv2.contourArea(cv2.convexHull(target_points)) / (template.width * template.height)
    if len(located) >= 4 and spread >= config.anchor_spread:
        homography, _ = cv2.findHomography(source_points, target_points, cv2.RANSAC, config.anchor_error)
        if homography is not None:
            candidates.append(homography)
    rects = rects_of(template)
    best: tuple[float, np.ndarray | None, tuple[int, ...]] = (-1.0, None, in_place)
    if len(in_place) >= 2:  # already in place: a correction must do better than none
        best = (fit_lines(rects, Lines.of(boxes), config.fit).score + len(in_place) / len(template.anchors), None,
                in_place)
    for correction in candidates:
        agreeing = _agreeing(correction, located, template, config.anchor_error)
        if len(agreeing) < 2 or not moves_within(correction, template, config.anchor_correction):
            continue
        # anchors bunched in one part leave the rest to extrapolation: the fields' text decides
        score = fit_lines(rects, Lines.of(boxes, correction), config.fit).score + len(agreeing) / len(template.anchors)
        if score > best[0] + 0.01:
            best = (score, correction, agreeing)
    return AnchorMatch(best[1], best[2])


def _agreeing(correction: np.ndarray, located: dict[int, np.ndarray], template: Template, error: float
              ) -> tuple[int, ...]:
    """The anchors whose line `correction` puts, by its middle, inside the anchor's rectangle
    (grown by `error`): a line read as an anchor may hold only part of it (DB parts long
    titles at wide gaps), but that part lies where the anchor is printed."""
    agreeing = []
    for number, box in located.items():
        x, y = cv2.perspectiveTransform(box.mean(axis=0).reshape(1, 1, 2).astype(np.float32), correction)[0, 0]
        left, top, right, bottom = template.anchors[number].rect
        if left - error <= x <= right + error and top - error <= y <= bottom + error:
            agreeing.append(number)
    return tuple(sorted(agreeing))


def _read_anchor_lines(template: Template, vision: Vision, bgr: np.ndarray, boxes: list[np.ndarray],
                       config: AlignConfig) -> dict[int, np.ndarray]:
    """The text line of `bgr` that reads as each anchor (by index), of those that one does."""
    if not template.anchors or not boxes:
        return {}
    tallest = max(a.rect.height for a in template.anchors)
    narrowest = min(a.rect.width for a in template.anchors)
    widest = max(a.rect.width for a in template.anchors)
    # only lines about an anchor's size are read: a few labels of the many lines
    likely = [box for box in boxes if float(np.hypot(*(box[3] - box[0]))) <= 4 * tallest
              and 0.5 * narrowest <= float(np.hypot(*(box[1] - box[0]))) <= 2 * widest + 4 * tallest]
    if not likely:
        return {}
    latin = template.recognition_settings().language in LATIN_LANGUAGES
    size = max(template.width, template.height)
    centres = [np.array(((a.rect.left + a.rect.right) / 2, (a.rect.top + a.rect.bottom) / 2)) for a in template.anchors]
    # lines near where the anchors are printed are read first: in a document already in place
    # (a scan, a good outline) they are the anchors, and the other lines need no reading
    near = [index for index, box in enumerate(likely)
            if min(float(np.hypot(*(box.mean(axis=0) - centre))) for centre in centres) <= NEAR * size]
    texts: dict[int, str] = {}
    rest = sorted(set(range(len(likely))) - set(near))
    for batch in (near, rest):
        if not batch:
            continue
        lines = [quad_image(bgr, likely[index], Cleanup()) for index in batch]
        reads = vision.read_lines([line.image for line in lines], latin)
        texts.update((index, line_text(line, read)) for index, line, read in zip(batch, lines, reads, strict=True))
        located = {}
        for number, anchor in enumerate(template.anchors):
            # the best reading and, of two alike (a label printed twice), the nearer
            scored = [(similarity - 0.2 * float(np.hypot(*(likely[index].mean(axis=0) - centres[number]))) / size,
                       index) for index, text in texts.items()
                      if (similarity := reads_as(text, anchor.text)) >= config.anchor_match]
            if scored:
                located[number] = likely[max(scored)[1]]
        if len(located) == len(template.anchors):
            break
    return located
