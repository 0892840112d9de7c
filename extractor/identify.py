"""Template detection: which of several templates an image shows, and how sure that is.

Each candidate aligns the image its own way (the text detection is shared); its score
is the alignment score (field rectangles holding text, anchors read as printed) and,
when the template has a `sample` image, how much the aligned image looks like it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from .align import OUTLINES_TRIED, Alignment, Photo, align_document
from .errors import DocumentNotFoundError
from .recognizers import Recognizer
from .recognizers.ppocr import Models
from .template import Template

logger = logging.getLogger(__name__)

MIN_SCORE = 0.5  # below this, the image shows none of the candidates
MIN_LEADING_SCORE, LEAD = 0.25, 2.0  # ... or above this and this many times the runner-up's
CLOSER_LOOKS = 2  # best candidates aligned again more thoroughly when their anchors disagree
THUMBNAIL = (96, 64)


@dataclass(frozen=True)
class Identified:
    """The template picked, the document aligned to it (every candidate's score is in
    `alignment.candidates`)."""

    template: Template
    image: Image.Image
    alignment: Alignment


def identify(photo: Photo, candidates: list[Template], models: Models, reader: Recognizer, *,
             rotate: int | None = None) -> Identified:
    """The candidate that best matches `photo`; `DocumentNotFoundError` lists the candidates
    when none does."""
    scores: dict[str, float] = {}
    found: dict[str, Identified] = {}
    for template in candidates:  # a first look: the likeliest outline of each
        result = _try(photo, template, models, reader, rotate, outlines=1)
        scores[template.name] = result[0]
        if result[1] is not None:
            found[template.name] = result[1]
    # a closer look at the two best photos: more outlines, until the anchors agree
    for name in sorted(found, key=scores.__getitem__, reverse=True)[:CLOSER_LOOKS]:
        if found[name].alignment.method == "photo" and not found[name].alignment.verified:
            score, closer = _try(photo, found[name].template, models, reader, rotate)
            if closer is not None and score > scores[name]:
                scores[name], found[name] = score, closer
    best = found[max(found, key=scores.__getitem__)] if found else None
    if best is None or not _convincing(scores[best.template.name], scores):
        tried = ", ".join(f"{name} ({score:.2f})" for name, score in sorted(scores.items(), key=lambda i: -i[1]))
        raise DocumentNotFoundError(f"the image matches none of the templates tried: {tried}")
    best.alignment.candidates = scores
    logger.debug("identified %s (score %.2f)", best.template.name, scores[best.template.name])
    return best


def _convincing(best: float, scores: dict[str, float]) -> bool:
    """A score high enough, or (a hard photo read poorly) far enough ahead of every other."""
    runner_up = ([*sorted(scores.values(), reverse=True), 0.0, 0.0])[1]
    return best >= MIN_SCORE or (best >= MIN_LEADING_SCORE and best >= LEAD * runner_up)


def _try(photo: Photo, template: Template, models: Models, reader: Recognizer, rotate: int | None,
         outlines: int = OUTLINES_TRIED) -> tuple[float, Identified | None]:
    """How well `template` matches, with the document aligned to it (None: not found)."""
    try:
        image, alignment = align_document(photo, template, models, reader, rotate=rotate, verify_scan=True,
                                          outlines=outlines)
    except DocumentNotFoundError:
        return 0.0, None
    score = alignment.score if alignment.verified or not template.anchors else alignment.score / 2
    if template.sample is not None:
        score = 0.7 * score + 0.3 * sample_similarity(image, template.sample)
    return round(score, 3), Identified(template, image, alignment)


def sample_similarity(image: Image.Image, sample: Path) -> float:
    """Correlation, 0..1, of the coarse light and colour layout of `image` and the sample image."""
    a, b = _thumbnail(image), _sample_thumbnail(str(sample))
    a, b = a - a.mean(), b - b.mean()
    return max(0.0, float((a * b).sum() / max(1e-6, np.sqrt((a * a).sum() * (b * b).sum()))))


@lru_cache(maxsize=64)
def _sample_thumbnail(path: str) -> np.ndarray:
    with Image.open(path) as sample:
        return _thumbnail(sample.convert("RGB"))


def _thumbnail(image: Image.Image) -> np.ndarray:
    small = np.asarray(image.convert("RGB").resize(THUMBNAIL, Image.Resampling.BOX), np.float32)
    return cv2.GaussianBlur(small, (5, 5), 0)
