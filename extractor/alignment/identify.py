"""Template detection: which of several templates an image shows, and how sure that is.

Each candidate template aligns the image its own way (text lines and outlines are shared
through the `Picture`) and scores what its alignment scores (the fit rule, anchors included)
and, when it has a `sample` image, how much the aligned document looks like the sample. The
best wins only when its alignment is verified and it leads the runner-up by `IdentifyConfig.lead`:
at a tie or a near tie nothing is picked, and the error says between which.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ..errors import DocumentNotFoundError
from ..recognizers import Vision
from ..template import Template
from .align import Aligned, align_document
from .config import ALIGN, AlignConfig
from .picture import Picture

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdentifyConfig:
    """How sure template detection must be."""

    # The winner must lead the runner-up by this much: two templates that fit an image about
    # equally well (the same shape, fields in the same places) cannot be told apart by it.
    lead: float = 0.05
    closer_looks: int = 2  # best candidates aligned again, more thoroughly, when not verified
    sample_weight: float = 0.3  # share of the score given to looking like the template's sample


IDENTIFY = IdentifyConfig()


@dataclass(frozen=True)
class Identified:
    """The template picked and the document aligned to it (every candidate's score is in
    `aligned.alignment.candidates`)."""

    template: Template
    aligned: Aligned


def identify(picture: Picture, candidates: list[Template], vision: Vision, *, rotate: int | None = None,
             config: AlignConfig = ALIGN, identify_config: IdentifyConfig = IDENTIFY) -> Identified:
    """The candidate that best matches `picture`; `DocumentNotFoundError` lists the candidates
    when none does, or when two match about equally well."""
    scores: dict[str, float] = {}
    found: dict[str, Identified] = {}
    for template in candidates:  # a first look: the likeliest outline of each
        score, result = _score(picture, template, vision, rotate, config, identify_config, outlines=1)
        scores[template.name] = score
        if result is not None:
            found[template.name] = result
    for name in sorted(found, key=scores.__getitem__, reverse=True)[:identify_config.closer_looks]:
        alignment = found[name].aligned.alignment
        if alignment.method == "photo" and not alignment.verified:
            score, closer = _score(picture, found[name].template, vision, rotate, config, identify_config)
            if closer is not None and score > scores[name]:
                scores[name], found[name] = score, closer
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    tried = ", ".join(f"{name} ({scores[name]:.2f})" for name in ranked)
    best = found.get(ranked[0]) if ranked else None
    if best is None or not best.aligned.alignment.verified:
        raise DocumentNotFoundError(f"the image matches none of the templates tried: {tried}", candidates=scores)
    if len(ranked) > 1 and scores[ranked[0]] - scores[ranked[1]] < identify_config.lead:
        raise DocumentNotFoundError(
            f"the image matches {ranked[0]} and {ranked[1]} about equally well "
            f"({scores[ranked[0]]:.2f} and {scores[ranked[1]]:.2f}): name the template; tried {tried}",
            candidates=scores,
        )
    alignment = replace(best.aligned.alignment, candidates=dict(scores))
    logger.debug("identified %s (score %.2f)", best.template.name, scores[best.template.name])
    return Identified(best.template, replace(best.aligned, alignment=alignment))


def _score(picture: Picture, template: Template, vision: Vision, rotate: int | None, config: AlignConfig,
           identify_config: IdentifyConfig, outlines: int | None = None) -> tuple[float, Identified | None]:
    """How well `template` matches, with the document aligned to it (None: not found)."""
    try:
        aligned = align_document(picture, template, vision, rotate=rotate, config=config, outlines=outlines)
    except DocumentNotFoundError:
        return 0.0, None
    score = aligned.alignment.score if aligned.alignment.verified else aligned.alignment.score / 2
    similarity = aligned.alignment.sample_similarity
    if similarity is not None:
        score = (1 - identify_config.sample_weight) * score + identify_config.sample_weight * similarity
    return round(score, 3), Identified(template, aligned)
