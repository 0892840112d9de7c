"""Alignment: the document of an image brought to the template's reference frame, upright.

The decision is one plain sequence: make candidates, score each with one rule, keep the best
or refuse.

Candidates:
- the image itself as the document (a *scan*), when it has the template's shape, turned the
  way the text-direction classifier votes (the fit settles a close vote);
- each likely outline of a document of the template's shape (`outline.py`), *straightened*:
  warped to the reference either way up (the classifier decides), moved onto its anchors when
  the template has them (`anchors.py`), then onto its fields' text (`fit.refine`).

The rule (`fit.py`): how the document's text lines sit in the field rectangles; with anchors,
the mean of that and the share of anchors found; less what the refinement had to move the
corners, and for an outline in a photo, what the lines of the photo's text its left or right
side runs through cost (a document's own edge cuts no text: an outline on a printed sheet cuts
the lines of its columns). A scan's own reading is kept unless an outline scores
`scan_preference` more: an inner panel or a header band taken for an outline puts text outside
the rectangles, and loses, or must be bent far to fit, and loses. Under `trusted` the best
candidate is not verified: its fields are flagged and `extract()` refuses; nor is it when most
of its fields hold a label's small print with a value's larger print beside them (`outshone`:
the fields sit a row off, which the fit alone cannot tell).

Last, each field's rectangle follows the text line it holds (`placement.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import cast

import cv2
import numpy as np
from PIL import Image

from ..errors import DocumentNotFoundError
from ..geometry import Rect
from ..recognizers import Vision
from ..template import Template
from .anchors import locate_anchors
from .config import ALIGN, AlignConfig
from .fit import Fit, Lines, fit_lines, lines_cut, rects_of, refine
from .layout import layout_outlines
from .orientation import line_votes, upright_votes
from .outline import MAIN_DIRECTION, Quad, find_quads, rectangle, snap_outline, text_angle, text_angles
from .picture import Picture, TextLines
from .placement import place_fields
from .sample import register
from .straighten import (
    corners_in_image,
    moves_within,
    onto_reference,
    quarter_turn,
    scan_corners,
    turned,
    warp,
)

logger = logging.getLogger(__name__)
LEVEL_AS_GIVEN = 0.01  # fit a levelled scan must gain to be levelled


@dataclass(frozen=True)
class Alignment:
    """What was done to bring the document to the template's frame.

    `method`: "scan" (the image was the document) or "photo" (found and straightened);
    `rotation`: the quarter turn that makes it upright (degrees counter-clockwise, as the
    `rotate` setting); `score`: the fit rule's value, 0..1 (see the module); `quad`: the
    document's corners in the input image (top-left first, clockwise, as the document reads),
    None for a scan; `verified`: False when the fit (or the anchors) say the alignment is not
    to be trusted, with `warnings` saying why; `candidates`: with several templates, each
    one's score.
    """

    method: str
    rotation: int
    score: float
    quad: tuple[tuple[float, float], ...] | None = None
    anchors_found: int = 0
    anchors_total: int = 0
    verified: bool = True
    warnings: tuple[str, ...] = ()
    candidates: dict[str, float] = field(default_factory=dict)
    anchors_located: tuple[int, ...] = ()  # the anchors (by index) found in the document
    sample_similarity: float | None = None  # with a `sample`: how much the document looks like it, 0..1
    field_fits: tuple[float, ...] = ()  # the fit rule's score of each field, in template order


@dataclass(frozen=True)
class Aligned:
    """The document ready to read: `image` turned by `rotate` (degrees counter-clockwise) is
    upright; `regions` are the fields' rectangles there, in template order; `as_given`: the
    image is the picture as it came (its original file may be sent instead)."""

    image: Image.Image
    rotate: int
    regions: tuple[Rect, ...]
    alignment: Alignment
    as_given: bool = False


@dataclass(frozen=True)
class _Straightened:
    """One candidate, straightened and scored."""

    quality: float
    fit: Fit
    homography: np.ndarray  # image to reference
    warped: np.ndarray  # BGR, reference size
    anchors: tuple[int, ...]
    regions: tuple[Rect, ...]
    similarity: float | None = None  # to the template's sample, when it has one
    reshaped: bool = False  # the refinement moved a whole side: the outline was a row or band off


@dataclass(frozen=True)
class _Outlined:
    """A document's outline in a photo, how well image edges back its sides (`Quad.edges`; an
    inner outline of a scan is kept only when well backed), and its document's other outlines."""

    corners: np.ndarray
    edges: float = 1.0
    others: tuple[_Outlined, ...] = ()


def align_document(picture: Picture, template: Template, vision: Vision, *, rotate: int | None = None,
                   config: AlignConfig = ALIGN, outlines: int | None = None) -> Aligned:
    """The document of `picture` as `template` expects it, and how it was found.

    `rotate` (degrees counter-clockwise) is applied first and fixes the orientation; without
    it the orientation is detected. Up to `outlines` (default `config.outlines_tried`)
    candidates of a photo are straightened; given, the look is a quick one, and where nothing
    fits surely, the picture is not looked at again in parts. Raises
    `DocumentNotFoundError` when no candidate exists at all (no text, no outline); a poor best
    candidate comes back not verified.
    """
    given = (rotate or 0) % 360
    if given:
        picture = picture.turned(given)
    fixed = rotate is not None
    tried = outlines or config.outlines_tried
    turns = _scan_turns(picture.size, template, fixed, config.scan_aspect)
    loose = turns or _scan_turns(picture.size, template, fixed, config.loose_scan_aspect)
    scan = _scan(picture, template, vision, loose, config) if loose else None
    if scan is not None and turns and scan[1].quality >= config.sure:
        return _scan_result(picture, template, scan, given, config)  # its text sits in its fields: a scan
    # a photo, or a scan-shaped image whose text does not fit: an outline in it may be the document
    inner = [_Outlined(corners) for corners in _inner_outlines(picture, template, config)] if turns else []
    photo, angle = _best(picture, template, vision, inner, fixed, config, tried) if inner else None, None
    if not turns or scan is None or scan[1].quality < config.trusted:  # a quick look will not do
        photo, searched = _photo(picture, template, vision, picture.text_lines(vision, config.work_side), "whole",
                                 turns, fixed, config, tried, photo)
        sure = max(photo.quality if photo else 0.0, scan[1].quality if scan else 0.0) >= config.sure
        if not sure and outlines is None:  # small print one look missed: the picture in parts (not in a quick look)
            photo, finer = _photo(picture, template, vision, picture.text_lines_in_parts(vision, config.parts_side),
                                  "parts", turns, fixed, config, tried, photo, searched)
            searched += finer
        angle = searched[0] if searched else None
    # alignment must never make a scan worse: an outline inside a scan must fit clearly better
    preference = config.scan_preference if turns else 0.0
    if scan is not None and (photo is None or scan[1].quality + preference >= photo.quality):
        return _scan_result(picture, template, scan, given, config)
    if photo is None:
        if angle is None:
            raise DocumentNotFoundError("no document found: the image shows no lines of text")
        raise DocumentNotFoundError(
            f"no document found: no outline shaped like {template.name} "
            f"({template.width}x{template.height}) encloses the text in the image"
        )
    return _photo_result(picture, template, photo, given, config)


def _photo(picture: Picture, template: Template, vision: Vision, detected: TextLines, look: str,
           turns: list[int] | None, fixed: bool, config: AlignConfig, tried: int, best: _Straightened | None,
           searched: Sequence[float] = ()) -> tuple[_Straightened | None, list[float]]:
    """`best`, or the best candidate of the photo search on the text lines `detected` (found by
    the `look` named) along the directions they run in but those `searched` already, when it
    fits better; and those directions, the main one first."""
    angles = [angle for angle in text_angles(detected.lines)
              if all(abs((angle - other + 90) % 180 - 90) > MAIN_DIRECTION for other in searched)]
    if not angles:
        return best, []
    found = _photo_outlines(picture, template, detected, angles, look, config)
    # in a scan, an outline as large as the image is the scan itself, slanted by edges near its border
    outlines = [outline for outline in found if not turns or _inside(outline.corners, picture.size, config)]
    photo = _best(picture, template, vision, outlines, fixed, config, tried) if outlines else None
    if photo is None or photo.quality < config.sure or photo.reshaped:
        photo = _placed_by_values(picture, template, vision, detected.segments, angles, fixed, config, photo)
    if best is None or (photo is not None and photo.quality > best.quality):
        best = photo
    return best, angles


def _scan_turns(size: tuple[int, int], template: Template, fixed: bool, tolerance: float) -> list[int] | None:
    """The quarter turns that could make an image of `size` the document itself (within
    `tolerance` of its shape), or None."""
    ratio = size[0] / size[1]
    if abs(ratio / template.aspect - 1) <= tolerance:
        return [0] if fixed else [0, 180]
    if not fixed and abs(ratio * template.aspect - 1) <= tolerance:
        return [90, 270]
    return None


def _inner_outlines(picture: Picture, template: Template, config: AlignConfig) -> list[np.ndarray]:
    """Outlines of a document of the template's shape well inside a scan-shaped image (a quick,
    small look): each is a candidate against reading the image as the document."""
    height, width = picture.bgr.shape[:2]
    scale = config.scan_check_side / max(height, width)

    def search() -> list[Quad]:
        small = cv2.resize(picture.bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        return find_quads(small, template.aspect, None, keep=2, complete=False, either_way=True,
                          lines_kept=config.scan_check_lines)

    area = width * height * scale * scale
    quads = picture.outlines(("inside", round(template.aspect, 3)), search)
    inner = [quad.corners / scale for quad in quads
             if quad.score > 0.6 and config.min_cover * area < cv2.contourArea(quad.corners) < config.scan_cover * area]
    return [_along(corners, template) for corners in inner]


def _inside(corners: np.ndarray, size: tuple[int, int], config: AlignConfig) -> bool:
    """Whether an outline lies inside an image of `size` and covers less of it than a scan's own border."""
    width, height = size
    within = bool((corners >= -1).all() and (corners[:, 0] <= width + 1).all() and (corners[:, 1] <= height + 1).all())
    return within and cv2.contourArea(corners.astype(np.float32)) < config.scan_cover * width * height


def _along(corners: np.ndarray, template: Template) -> np.ndarray:
    """`corners` started so that the first side runs along the document's longer or shorter
    side as the template's top does (which way up is left to the classifier)."""
    top = float(np.hypot(*(corners[1] - corners[0])))
    side = float(np.hypot(*(corners[2] - corners[1])))
    return corners if (top >= side) == (template.width >= template.height) else np.roll(corners, -1, axis=0)


def _photo_outlines(picture: Picture, template: Template, detected: TextLines, angles: list[float], look: str,
                    config: AlignConfig) -> list[_Outlined]:
    """The likely outlines of the document in a photo, searched along each way its text runs
    (another document's text may run another way), each way up the text leaves open, best first
    by how the photo's text lines fit the fields inside them and how edges back them, less the
    lines of print their left and right sides cut (the rule's cost, `cut_cost`); one per document,
    its best, with its other outlines."""
    height, width = picture.bgr.shape[:2]
    scale = min(1.0, config.work_side / max(height, width))

    @cache
    def work() -> np.ndarray:  # only when some direction's outlines are not cached yet
        return picture.bgr if scale == 1 else cv2.resize(picture.bgr, None, fx=scale, fy=scale,
                                                         interpolation=cv2.INTER_AREA)

    def search(angle: float) -> list[Quad]:
        return find_quads(work(), template.aspect, [box * scale for box in detected.lines], angle,
                          keep=config.outlines_found, per_document=config.outlines_per_document)

    quads = [(direction, quad) for direction, angle in enumerate(angles)
             for quad in picture.outlines(("photo", look, round(template.aspect, 3), round(angle, 1)),
                                          partial(search, angle))]
    rects = rects_of(template)
    ranked = []
    snapped_of = []
    for index, (direction, quad) in enumerate(quads):
        # on the document's own edges: a side the shape placed, or one on a shadow, moves there
        snapped = snap_outline(picture.gradient(), quad.corners / scale, config.snap_reach)
        snapped_of.append(snapped)
        for start in (0, 2):  # the text direction leaves two ways up: the classifier decides later
            corners = np.roll(snapped, -start, axis=0)
            homography = onto_reference(corners, template)
            coarse = fit_lines(rects, Lines.of(detected.segments, homography), config.fit).score
            cut = lines_cut(Lines.of(detected.lines, homography, stacks=False), template)
            rank = coarse * (0.5 + 0.5 * quad.edges) - config.cut_cost * max(0, cut - config.cut_allowed)
            ranked.append((rank, (direction, quad.document), index, corners))
    ranked.sort(key=lambda item: -item[0])
    # each document stands once, by its outline ranked first (one way up: the classifier turns it),
    # its other outlines behind it
    chosen: list[_Outlined] = []
    standing: set[tuple[int, int]] = set()
    for _, document, index, corners in ranked:
        if document not in standing:
            standing.add(document)
            others = tuple(_Outlined(snapped_of[other], quad.edges) for other, (direction, quad) in enumerate(quads)
                           if (direction, quad.document) == document and other != index)
            chosen.append(_Outlined(corners, quads[index][1].edges, others))
    return chosen


def _best(picture: Picture, template: Template, vision: Vision, outlines: list[_Outlined], fixed: bool,
          config: AlignConfig, tried: int) -> _Straightened | None:
    """The best of the first `tried` outlines, straightened. One fitting `outline_sure` ends the
    search, unless its side had to be moved (a row's shift fits a form of even rows well, and
    a sheet's column of print beside the card nearly so) or edges back its sides less than
    `sure_edges` (a newspaper's column fits a form of even rows well). When none is sure, the best one's
    document's other outlines are tried too (only then: an outline fitting a little better at
    first is no better straightened, and another document's would compete)."""
    best: tuple[_Straightened, _Outlined] | None = None
    for outline in outlines[:tried]:
        candidate = _straighten(picture, template, vision, outline.corners, fixed, config)
        if best is None or candidate.quality > best[0].quality:
            best = candidate, outline
        if _sure(candidate, outline, config):
            return candidate
    if best is None:
        return None
    chosen = best[0]
    for other in best[1].others:
        candidate = _straighten(picture, template, vision, other.corners, fixed, config)
        if candidate.quality > chosen.quality:
            chosen = candidate
        if _sure(candidate, other, config):
            break
    return chosen


def _sure(candidate: _Straightened, outline: _Outlined, config: AlignConfig) -> bool:
    """Whether a straightened outline ends the search among outlines (`_best`)."""
    return candidate.quality >= config.outline_sure and not candidate.reshaped and outline.edges >= config.sure_edges


def _placed_by_values(picture: Picture, template: Template, vision: Vision, segments: list[np.ndarray],
                      angles: list[float], fixed: bool, config: AlignConfig, best: _Straightened | None
                      ) -> _Straightened | None:
    """`best`, or the document placed where its values lie (`layout.py`) when no edge showed it
    well (or only with a side moved) and the best of its likeliest placements fits better. Its
    values must sit inside the fields, crossing none of their sides: a sheet of print beside the
    card holds a line at the start of any field, but its lines run on across them."""
    laid = layout_outlines(segments, picture.size, template, angles, config)
    placed = [_straighten(picture, template, vision, corners, fixed, config) for corners in laid[:config.layouts_tried]]
    inside = [candidate for candidate in placed if candidate.fit.crossing <= config.layout_crossing]
    if not inside:
        return best
    candidate = max(inside, key=lambda straightened: straightened.quality)
    # an outline fitted by moving a side still has edges behind it: the values' placement must
    # fit clearly better (labels as large as values fit about as well, a row off)
    lead = config.layout_lead if best is not None and best.reshaped else 0.0
    if best is not None and candidate.quality <= best.quality + lead:
        return best
    return candidate


def _straighten(picture: Picture, template: Template, vision: Vision, corners: np.ndarray, fixed: bool,
                config: AlignConfig) -> _Straightened:
    """The document inside `corners` warped upright, corrected by its anchors and its fields' text."""
    flipped = np.roll(corners, -2, axis=0)
    homography = onto_reference(corners, template)
    warped: np.ndarray | None = None
    if fixed:  # the caller's rotation made the photo upright: the document's top edge runs rightward
        turn = 0 if corners[1][0] - corners[0][0] >= flipped[1][0] - flipped[0][0] else 180
    else:  # the classifier votes on the lines of the document as outlined
        warped = warp(picture.bgr, homography, template)
        as_found = picture.document_lines(vision, warped, homography)
        votes = line_votes(vision, warped, as_found.lines, config.classified_lines)
        turn = max(votes, key=votes.__getitem__)
    if turn == 180:
        homography = onto_reference(flipped, template)
    if warped is None or turn == 180:
        warped = warp(picture.bgr, homography, template)
    if not fixed and turn == 180:  # the lines found, the document turned half round
        half_turn = np.array([[-1, 0, template.width], [0, -1, template.height], [0, 0, 1]], np.float64)
        detected = TextLines(_mapped(as_found.lines, half_turn), _mapped(as_found.segments, half_turn))
    else:
        detected = picture.document_lines(vision, warped, homography)
    moved = np.eye(3)  # from the frame the lines were detected in to the current one
    found: tuple[int, ...] = ()
    for _ in range(config.anchor_passes if template.anchors else 0):
        match = locate_anchors(template, vision, warped, _mapped(detected.lines, moved), config)
        found = match.found
        if match.correction is None:
            break
        homography = match.correction @ homography
        warped = warp(picture.bgr, homography, template)
        if moves_within(match.correction, template, config.settled):
            moved = match.correction @ moved
            break
        detected, moved = picture.detected(warped, vision.detect(warped)), np.eye(3)  # a large correction: again
    similarity = None
    if template.sample is not None:
        registration = register(cv2.cvtColor(warped, cv2.COLOR_BGR2GRAY), template, config)
        similarity = registration.similarity
        if registration.correction is not None:
            homography = registration.correction @ homography
            warped = warp(picture.bgr, homography, template)
            moved = registration.correction @ moved
    refined = refine(template, Lines.of(detected.segments, moved), config.fit)
    if not np.allclose(refined.correction, np.eye(3)):
        homography = refined.correction @ homography
        warped = warp(picture.bgr, homography, template)
    lines = Lines.of(detected.segments, refined.correction @ moved)
    regions = place_fields((template.width, template.height), rects_of(template), lines, config)
    photo_lines = Lines.of(picture.text_lines(vision, config.work_side).lines, homography, stacks=False)
    cut = lines_cut(photo_lines, template)
    quality = _quality(refined.fit, found, template) - refined.cost - config.cut_cost * max(0, cut - config.cut_allowed)
    return _Straightened(quality, refined.fit, homography, warped, found, regions, similarity, refined.reshaped)


def _mapped(boxes: list[np.ndarray], homography: np.ndarray) -> list[np.ndarray]:
    """Line quadrilaterals mapped by `homography`, each listed again from its top-left corner
    (a quarter turn moves which corner that is)."""
    if np.allclose(homography, np.eye(3)) or not boxes:
        return boxes
    points = cv2.perspectiveTransform(np.asarray(boxes, np.float32).reshape(1, -1, 2), homography)[0]
    mapped = []
    for box in points.reshape(-1, 4, 2):
        rightward = [float(box[(i + 1) % 4][0] - box[i][0]) for i in range(4)]
        mapped.append(np.roll(box, -int(np.argmax(rightward)), axis=0))  # the top edge runs rightward
    return mapped


def _quality(fitted: Fit, found: tuple[int, ...], template: Template) -> float:
    """The rule: the fit, and with anchors the mean of the fit and the share of anchors found."""
    if not template.anchors:
        return fitted.score
    return (fitted.score + len(found) / len(template.anchors)) / 2


def detection_side(size: tuple[int, int], template: Template, config: AlignConfig) -> int:
    """The longest side to find text lines at, in an image of `size` showing the document whole:
    small enough to be quick, large enough that a median field (or, with anchors, a label) stays
    `detected_height` pixels tall."""
    heights = [spec.rect.height for spec in template.fields]
    tall = float(np.median(heights))
    if template.anchors:  # labels are smaller than values, and anchors must be read
        tall = min(tall, 2 * float(np.median([a.rect.height for a in template.anchors])))
    pixels_per_unit = max(size) / max(template.width, template.height)
    side = max(size) * config.detected_height / (tall * pixels_per_unit)
    return int(np.clip(side, config.min_detect_side, min(max(size), config.max_detect_side)))


def _scan(picture: Picture, template: Template, vision: Vision, turns: list[int], config: AlignConfig
          ) -> tuple[int, _Straightened, np.ndarray | None]:
    """`picture` read as the document itself, in the turn that makes it upright, levelled when
    its text runs askew and sits better so, scored; and the levelled image when it was levelled."""
    detected = picture.text_lines(vision, detection_side(picture.size, template, config))
    boxes = detected.segments
    rects = rects_of(template)
    levels = {0.0: np.eye(3)}  # the scan as it came, and levelled when its text runs askew
    angle = text_angle(detected.lines)
    if angle is not None:
        skew = (angle + 45) % 90 - 45  # from level or plumb, whichever the text runs along
        if config.min_skew <= abs(skew) <= config.max_skew:
            height, width = picture.bgr.shape[:2]
            levels[skew] = np.vstack([cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0), (0, 0, 1)])

    def onto(turn: int, level: np.ndarray) -> np.ndarray:
        return cast(np.ndarray, onto_reference(scan_corners(picture.size, turn), template) @ level)

    fits = {(turn, skew): fit_lines(rects, Lines.of(boxes, onto(turn, level)), config.fit, judged=True)
            for turn in turns for skew, level in levels.items()}
    # as it came unless levelled fits better
    ranked = sorted(fits, key=lambda key: fits[key].score + (LEVEL_AS_GIVEN if key[1] == 0 else 0), reverse=True)
    turn, skew = ranked[0]
    others = [key for key in ranked if key[0] != turn]
    if others and fits[ranked[0]].score - fits[others[0]].score < config.sure_fit_lead:
        # the text sits about as well either way up: the text-direction classifier decides
        votes = upright_votes(vision, template, {t: turned(picture.bgr, t) for t in turns}, config.classified_fields)
        turn = max(votes, key=lambda t: (votes[t], t == 0))
        skew = max((key for key in fits if key[0] == turn), key=lambda key: fits[key].score)[1]
    level = levels[skew]
    bgr = picture.bgr
    if skew:
        height, width = bgr.shape[:2]
        bgr = cv2.warpAffine(bgr, level[:2], (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    homography = onto(turn, level)
    found: tuple[int, ...] = ()
    similarity = None
    if template.anchors or template.sample is not None:
        view = warp(picture.bgr, homography, template)
        if template.anchors:
            found = locate_anchors(template, vision, view, _mapped(detected.lines, homography), config).found
        if template.sample is not None:
            similarity = register(cv2.cvtColor(view, cv2.COLOR_BGR2GRAY), template, config).similarity
    upright = turned(bgr, turn)
    height, width = upright.shape[:2]
    to_upright = np.diag((width / template.width, height / template.height, 1.0)) @ homography
    scale = np.array([width / template.width, height / template.height] * 2, np.float32)
    regions = place_fields((width, height), rects * scale, Lines.of(boxes, to_upright), config)
    fitted = fits[(turn, skew)]
    scored = _Straightened(_quality(fitted, found, template), fitted, homography, upright, found, regions,
                           similarity)
    return turn, scored, (upright if skew else None)


def _verdict(template: Template, candidate: _Straightened, config: AlignConfig) -> tuple[bool, tuple[str, ...]]:
    warnings = []
    if candidate.quality < config.trusted:
        warnings.append(f"alignment not verified: the text fits the fields of {template.name} poorly "
                        f"(score {candidate.quality:.2f}, {candidate.fit.held:.0%} of the fields hold a line)")
    if candidate.fit.outshone > config.outshone:
        warnings.append(f"alignment not verified: {candidate.fit.outshone:.0%} of the fields of {template.name} "
                        "hold a label's small print with larger print beside them: they may sit a row off their values")
    if template.anchors and 2 * len(candidate.anchors) < len(template.anchors):
        warnings.append(f"alignment not verified: {len(candidate.anchors)} of {len(template.anchors)} anchors "
                        f"of {template.name} read as printed")
    return not warnings, tuple(warnings)


def _scan_result(picture: Picture, template: Template, scan: tuple[int, _Straightened, np.ndarray | None],
                 given: int, config: AlignConfig) -> Aligned:
    """A scan goes as it came, with the rotation that makes it upright (the protocol's way),
    or levelled and upright when its text ran askew."""
    turn, scored, levelled = scan
    verified, warnings = _verdict(template, scored, config)
    alignment = Alignment("scan", (turn + given) % 360, round(scored.quality, 3), None, len(scored.anchors),
                          len(template.anchors), verified, warnings, anchors_located=scored.anchors,
                          sample_similarity=scored.similarity, field_fits=scored.fit.fields)
    if levelled is not None:
        return Aligned(Image.fromarray(cv2.cvtColor(levelled, cv2.COLOR_BGR2RGB)), 0, scored.regions, alignment)
    return Aligned(picture.image, turn, scored.regions, alignment, as_given=not given)


def _photo_result(picture: Picture, template: Template, photo: _Straightened, given: int,
                  config: AlignConfig) -> Aligned:
    verified, warnings = _verdict(template, photo, config)
    corners = corners_in_image(photo.homography, template)
    if given:  # the quad refers to the image as the caller gave it
        corners = _unturned(corners, picture.size, given)
    rotation = quarter_turn(corners)
    quad = tuple((round(float(x), 1), round(float(y), 1)) for x, y in corners)
    alignment = Alignment("photo", rotation, round(photo.quality, 3), quad, len(photo.anchors),
                          len(template.anchors), verified, warnings, anchors_located=photo.anchors,
                          sample_similarity=photo.similarity, field_fits=photo.fit.fields)
    image = Image.fromarray(cv2.cvtColor(photo.warped, cv2.COLOR_BGR2RGB))
    logger.debug("document found in a %dx%d picture: fit %.2f, anchors %d, turned %d",
                 *picture.size, photo.fit.score, len(photo.anchors), rotation)
    return Aligned(image, 0, photo.regions, alignment)


def _unturned(corners: np.ndarray, size: tuple[int, int], given: int) -> np.ndarray:
    """Points of an image turned `given` degrees counter-clockwise, in the image before the turn."""
    width, height = size  # of the turned image
    turn = cv2.getRotationMatrix2D((0, 0), -given, 1.0)  # clockwise: undoes the caller's turn
    back = cv2.transform(corners[None].astype(np.float32), turn)[0]
    box = cv2.transform(rectangle(width, height)[None], turn)[0]
    return cast(np.ndarray, back - box.min(axis=0))
