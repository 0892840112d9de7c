"""Alignment: bring the document in an image to the template's reference frame, upright.

Two paths:
- a *scan* (the image is already the document, cropped, in one of four orientations):
  no text detection; the text-direction classifier on a few field rectangles picks the
  quarter turn (about 10 ms);
- a *photo* (the document somewhere in a larger picture, tilted, in perspective): the
  text lines give the document's direction, `document.find_quads` its likely outlines,
  the template's field rectangles pick the outline that puts text where fields are,
  the classifier says which end is up, and the document is warped to the reference size.

Anchors (text printed on every document) refine the warp: the lines of the straightened
document that read as their printed text give a correction onto the template's anchor
rectangles (affine, or a homography when they span the document), composed with the
outline's homography, and applied again until it settles. They also verify it: anchors
that do not read as printed mean the alignment failed, and the result says so.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image
from rapidfuzz import fuzz

from .document import Quad, find_quads, rectangle, text_angle
from .errors import DocumentNotFoundError
from .geometry import rotate_image, scale_rect
from .images import LoadedImage
from .recognizers import Recognizer
from .recognizers.embedded import LATIN_LANGUAGES
from .recognizers.layout import Cleanup, line_text, quad_image
from .recognizers.ppocr import Models
from .request import RecognizeRegionsRequest, Region
from .template import Template

logger = logging.getLogger(__name__)

# An image this close to the template's shape may already be the document. Phone frames
# (4:3, 3:2) come within 6 % of passport and A-series shapes, so closer than that first.
SCAN_ASPECT = 0.04
LOOSE_SCAN_ASPECT = 0.08  # ... and when no document is found inside, this close
SCAN_COVER = 0.85  # an outline covering less of the image than this is a document in a photo
MIN_COVER = 0.2  # ... unless it covers less than this: a picture printed on the document
SCAN_CHECK_SIDE, SCAN_CHECK_LINES = 360, 8  # the look for an outline inside a scan: small and quick
WORK_SIDE = 1280  # photos are searched at most this large
ANCHOR_MATCH = 0.75  # fuzzy similarity an anchor's reading needs to count as found
# ... or, for a line read in a photo, this much when the other anchors' lines agree on where it is
LOCATED_MATCH = 0.6
CLASSIFIED_FIELDS = 6  # field rectangles the text-direction classifier looks at
SURE_VOTE = 2.5  # log-odds lead of one turn over the next that settles a scan's orientation
OUTLINES_TRIED = 3  # likely outlines straightened in turn until the anchors agree
MIN_ANCHOR_SPREAD = 0.25  # share of the document the anchors must span to correct perspective
LOCATED_CORRECTION = 0.35  # anchors may move the document's corners by this share of its size, no more
LOCATED_ERROR = 8.0  # reference pixels an anchor's line may lie off the correction and still agree
ANCHOR_PASSES = 3  # anchor corrections in turn, each in the document straightened by the last
SETTLED = 0.01  # a correction moving no corner more than this share of the size ends them


@dataclass
class Alignment:
    """What was done to bring the document to the template's frame.

    `method`: "scan" (the image was the document) or "photo" (found and warped);
    `quad`: the document's corners in the input image (top-left first, clockwise, as the
    document reads), None for a scan; `rotation`: the quarter turn applied (degrees
    counter-clockwise, as the `rotate` setting); `score`: 0..1, the share of field
    rectangles holding text and, with anchors, the share of anchors read as printed;
    `verified`: False when the anchors say the alignment failed.
    """

    method: str
    rotation: int
    score: float
    quad: list[tuple[float, float]] | None = None
    anchors_found: int = 0
    anchors_total: int = 0
    verified: bool = True
    warnings: list[str] = field(default_factory=list)
    candidates: dict[str, float] = field(default_factory=dict)  # template detection: each one's score
    anchors_located: tuple[int, ...] = ()  # anchors (by index) read in the photo's lines that placed the document


@dataclass
class Photo:
    """An image being aligned, with what was learned of it shared between templates."""

    image: Image.Image
    bgr: np.ndarray
    _boxes: list[np.ndarray] | None = None
    _quads: dict[float, list[Quad]] = field(default_factory=dict)  # by document shape
    _document_boxes: dict[bytes, list[np.ndarray]] = field(default_factory=dict)  # by warp

    @classmethod
    def of(cls, image: Image.Image) -> Photo:
        return cls(image, cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR))

    def text_boxes(self, models: Models) -> list[np.ndarray]:
        """The text lines of the whole image."""
        if self._boxes is None:
            self._boxes = models.detect(self.bgr)
        return self._boxes

    def outlines(self, work: np.ndarray, aspect: float, boxes: list[np.ndarray], angle: float) -> list[Quad]:
        """`document.find_quads` on the working copy, once per document shape."""
        key = round(aspect, 3)
        if key not in self._quads:
            self._quads[key] = find_quads(work, aspect, boxes, angle)
        return self._quads[key]

    def document_boxes(self, models: Models, warped: np.ndarray, homography: np.ndarray) -> list[np.ndarray]:
        """The text lines of a straightened document (templates of one shape share them)."""
        key = np.round(homography, 6).tobytes() + bytes(str(warped.shape), "ascii")
        if key not in self._document_boxes:
            self._document_boxes[key] = models.detect(warped)
        return self._document_boxes[key]


def align_document(photo: Photo, template: Template, models: Models, anchor_reader: Recognizer, *,
                   rotate: int | None = None, verify_scan: bool = False, outlines: int = OUTLINES_TRIED
                   ) -> tuple[Image.Image, Alignment]:
    """The document of `photo` as `template` expects it, and how it was found.

    A photo comes back warped to the reference size; a scan keeps its resolution.

    `rotate` (degrees counter-clockwise) is applied first and fixes the orientation;
    without it the orientation is detected. Anchors verify photos (and scans too with
    `verify_scan`, which template detection needs); up to `outlines` likely outlines of a
    photo are tried until the anchors agree. Raises `DocumentNotFoundError` when the image
    holds no document of the template's shape.
    """
    if rotate:
        photo = Photo.of(rotate_image(photo.image, rotate))
    fixed = rotate is not None
    turns = _scan_turns(photo, template, fixed, SCAN_ASPECT)
    if turns is not None:
        return _as_scan(photo, template, models, anchor_reader, turns, rotate, verify_scan)
    loose = _scan_turns(photo, template, fixed, LOOSE_SCAN_ASPECT, look_inside=False)
    try:
        image, alignment = _align_photo(photo, template, models, fixed, outlines)
    except DocumentNotFoundError:
        if loose is None:
            raise
        # a scan cropped a little loosely: no outline inside, but roughly the right shape
        return _as_scan(photo, template, models, anchor_reader, loose, rotate, verify_scan)
    alignment.rotation = (alignment.rotation + (rotate or 0)) % 360
    if template.anchors:
        _check_anchors(image, template, anchor_reader, alignment)
        if not alignment.verified and loose is not None:  # an outline inside a scan misled: read it whole
            height, width = photo.bgr.shape[:2]
            if cv2.contourArea(np.array(alignment.quad, np.float32)) >= SCAN_COVER * width * height:
                # the outline is the image's own border, slanted by edges near it: a scan after all
                return _as_scan(photo, template, models, anchor_reader, loose, rotate, verify_scan)
            scan_image, scan = _as_scan(photo, template, models, anchor_reader, loose, rotate, verify_scan=True)
            # scored as the photo was: text in the fields, half; anchors read, half
            corners = np.roll(rectangle(width, height), -((scan.rotation - (rotate or 0)) % 360 // 90), axis=0)
            fit = layout_fit(template, cv2.getPerspectiveTransform(corners, _reference(template)),
                             photo.text_boxes(models))
            if 0.5 * fit + 0.5 * scan.score > alignment.score:
                return scan_image, scan
    return image, alignment


def _as_scan(photo: Photo, template: Template, models: Models, anchor_reader: Recognizer, turns: list[int],
             rotate: int | None, verify_scan: bool) -> tuple[Image.Image, Alignment]:
    """`photo` read as the document itself, turned upright.

    On small or washed-out scans the classifier's vote can be close: then the anchors, read
    each way, decide, and without anchors the image stays as it came (0 and 180 only)."""
    votes = _upright_votes(models, template, {t: _turned(photo.bgr, t) for t in turns})
    ranked = sorted(votes, key=votes.__getitem__, reverse=True)
    turn = ranked[0]
    if len(ranked) > 1 and votes[ranked[0]] - votes[ranked[1]] < SURE_VOTE:
        if template.anchors:
            readings = {t: np.mean(anchor_similarity(template, read_anchors(rotate_image(photo.image, t), template,
                                                                            anchor_reader))) for t in ranked[:2]}
            turn = max(readings, key=lambda t: (readings[t], t == 0))  # a tie leaves the image as it came
        elif 0 in ranked[:2]:
            turn = 0
    image = photo.image if turn == 0 else rotate_image(photo.image, turn)
    alignment = Alignment("scan", (turn + (rotate or 0)) % 360, 1.0)
    if template.anchors and verify_scan:
        _check_anchors(image, template, anchor_reader, alignment)
    return image, alignment


def _turned(bgr: np.ndarray, turn: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return bgr if turn == 0 else cv2.rotate(bgr, codes[turn])


def _scan_turns(photo: Photo, template: Template, fixed: bool, tolerance: float, look_inside: bool = True
                ) -> list[int] | None:
    """The quarter turns that could make this image the document itself, or None for a photo:
    the image has the document's shape (within `tolerance`) and, if `look_inside`, holds no
    outline of a document."""
    height, width = photo.bgr.shape[:2]
    ratio = width / height
    if abs(ratio / template.aspect - 1) <= tolerance:
        turns = [0] if fixed else [0, 180]
    elif not fixed and abs(ratio * template.aspect - 1) <= tolerance:
        turns = [90, 270]
    else:
        return None
    if not look_inside:
        return turns
    # a document of the right shape inside the image means the image is a photo of it
    scale = SCAN_CHECK_SIDE / max(height, width)
    small = cv2.resize(photo.bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    area = small.shape[0] * small.shape[1]
    for quad in find_quads(small, template.aspect, None, keep=1, complete=False, either_way=True,
                           lines_kept=SCAN_CHECK_LINES):
        if quad.score > 0.6 and MIN_COVER * area < cv2.contourArea(quad.corners) < SCAN_COVER * area:
            return None
    return turns


def _upright_votes(models: Models, template: Template, candidates: dict[int, np.ndarray]) -> dict[int, float]:
    """For each candidate (a turn of the document), the mean log-odds that its field rectangles read upright."""
    if len(candidates) == 1:
        return dict.fromkeys(candidates, 0.0)
    widest = sorted(template.fields, key=lambda spec: -(spec.rect[2] - spec.rect[0]))[:CLASSIFIED_FIELDS]
    votes = {}
    for turn, bgr in candidates.items():
        height, width = bgr.shape[:2]
        sx, sy = width / template.width, height / template.height
        crops = [bgr[round(t * sy):round(b * sy), round(left * sx):round(r * sx)]
                 for left, t, r, b in (spec.rect for spec in widest)]
        upright = models.upright([crop for crop in crops if crop.size])
        votes[turn] = float(np.mean([math.log(max(p, 1e-4) / max(1 - p, 1e-4)) for p in upright] or [0.0]))
    return votes


def _align_photo(photo: Photo, template: Template, models: Models, fixed: bool, outlines: int
                 ) -> tuple[Image.Image, Alignment]:
    scale = min(1.0, WORK_SIDE / max(photo.bgr.shape[:2]))
    work = photo.bgr if scale == 1 else cv2.resize(photo.bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    boxes = [box * scale for box in photo.text_boxes(models)]
    angle = text_angle(boxes)
    if angle is None:
        raise DocumentNotFoundError("no document found: the image shows no lines of text")
    quads = photo.outlines(work, template.aspect, boxes, angle)
    if not quads:
        raise DocumentNotFoundError(
            f"no document found: no outline shaped like {template.name} "
            f"({template.width}x{template.height}) encloses the text in the image"
        )
    reference = _reference(template)
    ranked: list[tuple[float, np.ndarray]] = []
    for quad in quads:
        for start in (0, 2):  # the text direction leaves two ways up: the classifier decides later
            corners = np.roll(quad.corners, -start, axis=0) / scale
            homography = cv2.getPerspectiveTransform(corners, reference)
            fit = layout_fit(template, homography, photo.text_boxes(models))
            if template.anchors:  # printed labels where the template has them: the strongest evidence
                fit = (fit + anchor_closeness(template, homography, photo.text_boxes(models))) / 2
            ranked.append((fit * (0.5 + 0.5 * quad.score), corners))
    ranked.sort(key=lambda item: -item[0])
    best: tuple[float, Image.Image, Alignment] | None = None
    for _, corners in ranked[:outlines]:
        closeness, image, alignment = _straighten(photo, template, models, fixed, corners)
        if best is None or closeness > best[0]:
            best = (closeness, image, alignment)
        if closeness >= 0.5:  # no anchors (1.0), or half of them where the template has them
            break
    assert best is not None
    return best[1], best[2]


def _straighten(photo: Photo, template: Template, models: Models, fixed: bool, corners: np.ndarray
                ) -> tuple[float, Image.Image, Alignment]:
    """The document inside `corners` warped upright, refined by its anchors, and how close the
    anchors came (0..1; 1.0 without anchors)."""
    reference = _reference(template)
    flipped = np.roll(corners, -2, axis=0)
    warps: dict[int, np.ndarray] = {}
    if fixed:  # the caller's rotation made the photo upright: the document's top edge runs rightward
        turn = 0 if corners[1][0] - corners[0][0] >= flipped[1][0] - flipped[0][0] else 180
    else:
        warps = {start: _warp(photo.bgr, cv2.getPerspectiveTransform(points.astype(np.float32), reference), template)
                 for start, points in ((0, corners), (180, flipped))}
        votes = _upright_votes(models, template, warps)
        turn = max(votes, key=votes.__getitem__)
    if turn == 180:
        corners = flipped
    homography = cv2.getPerspectiveTransform(corners.astype(np.float32), reference)
    warped = warps[turn] if warps else _warp(photo.bgr, homography, template)
    boxes = photo.document_boxes(models, warped, homography)  # labels are too small to find in the whole photo
    placed, located = np.eye(3), ()
    for _ in range(ANCHOR_PASSES):
        correction, found = locate_anchors(template, models, warped, boxes)
        if correction is None:
            break
        located = found
        homography = correction @ homography
        warped = _warp(photo.bgr, homography, template)
        if _small(correction, template, SETTLED):
            placed = correction
            break
        boxes, placed = models.detect(warped), np.eye(3)  # a large correction: look again, closer
    corners = cv2.perspectiveTransform(reference[None], np.linalg.inv(homography))[0]
    fit = layout_fit(template, placed, boxes)
    closeness = len(located) / len(template.anchors) if template.anchors else 1.0
    top = corners[1] - corners[0]
    rotation = round(math.degrees(math.atan2(top[1], top[0])) / 90) * 90 % 360
    quad_points = [(round(float(x), 1), round(float(y), 1)) for x, y in corners]
    image = Image.fromarray(cv2.cvtColor(warped, cv2.COLOR_BGR2RGB))
    logger.debug("document found in a %dx%d photo: layout fit %.2f, anchors %.2f, turned %d, refined: %s",
                 *photo.image.size, fit, closeness, rotation, bool(located))
    return closeness, image, Alignment("photo", rotation, round(fit, 3), quad_points, anchors_located=located)


def locate_anchors(template: Template, models: Models, bgr: np.ndarray, boxes: list[np.ndarray]
                   ) -> tuple[np.ndarray | None, tuple[int, ...]]:
    """A correction (a homography onto the reference) of the straightened document `bgr`,
    from its text lines (`boxes`) that read as the anchors' printed text, and the anchors
    that agree with it; (None, ()) when fewer than two do.

    Reading finds the anchors however far the outline put them. Each gives two points, the
    ends of its line pulled in to where the ink ends; an affine fit, or a homography when four
    anchors or more span the document, whichever puts the fields' text lines in their rectangles.
    """
    located = _read_anchor_lines(template, models, bgr, boxes)
    if len(located) < 2:
        return None, ()
    source, target, owners = [], [], []
    for number, box in located.items():
        left, top, right, bottom = template.anchors[number].rect
        start, end = (box[0] + box[3]) / 2, (box[1] + box[2]) / 2
        along = (end - start) / max(1e-6, float(np.hypot(*(end - start))))
        inset = max(0.0, (float(np.hypot(*(box[3] - box[0]))) - (bottom - top)) / 2)  # DB boxes grow round the ink
        source += [start + inset * along, end - inset * along]
        target += [(left, (top + bottom) / 2), (right, (top + bottom) / 2)]
        owners += [number, number]
    source_points, target_points = np.array(source, np.float32), np.array(target, np.float32)
    fit = cv2.estimateAffine2D if len(located) >= 3 else cv2.estimateAffinePartial2D
    affine, inliers = fit(source_points, target_points, ransacReprojThreshold=LOCATED_ERROR)
    candidates = [] if affine is None else [(np.vstack([affine, (0, 0, 1)]), inliers)]
    spread = cv2.contourArea(cv2.convexHull(target_points)) / (template.width * template.height)
    if len(located) >= 4 and spread >= MIN_ANCHOR_SPREAD:
        homography, inliers = cv2.findHomography(source_points, target_points, cv2.RANSAC, LOCATED_ERROR)
        if homography is not None:
            candidates.append((homography, inliers))
    best: tuple[float, np.ndarray | None, tuple[int, ...]] = (-1.0, None, ())
    for correction, inliers in candidates:
        agreeing = tuple(sorted({owner for owner, inlier in zip(owners, inliers.ravel(), strict=True) if inlier}))
        if len(agreeing) < 2 or not _small(correction, template, LOCATED_CORRECTION):
            continue
        # anchors bunched in one part leave the rest to extrapolation: the fields' text decides
        score = layout_fit(template, correction, boxes) + len(agreeing) / len(template.anchors)
        if score > best[0] + 0.01:
            best = (score, correction, agreeing)
    return best[1], best[2]


def _read_anchor_lines(template: Template, models: Models, bgr: np.ndarray, boxes: list[np.ndarray]
                       ) -> dict[int, np.ndarray]:
    """The text line of `bgr` that reads as each anchor (by index), of those that one does."""
    if not template.anchors or not boxes:
        return {}
    tallest = max(a.rect[3] - a.rect[1] for a in template.anchors)
    narrowest = min(a.rect[2] - a.rect[0] for a in template.anchors)
    widest = max(a.rect[2] - a.rect[0] for a in template.anchors)
    # only lines about an anchor's size are read: a few labels of the many lines
    likely = [box for box in boxes if float(np.hypot(*(box[3] - box[0]))) <= 4 * tallest
              and 0.5 * narrowest <= float(np.hypot(*(box[1] - box[0]))) <= 2 * widest + 4 * tallest]
    if not likely:
        return {}
    language = template.recognition_settings().language
    lines = [quad_image(bgr, box, Cleanup()) for box in likely]
    reads = models.read_lines([line.image for line in lines], language in LATIN_LANGUAGES)
    texts = [line_text(line, read) for line, read in zip(lines, reads, strict=True)]
    size = max(template.width, template.height)
    located = {}
    for number, anchor in enumerate(template.anchors):
        centre = np.array(((anchor.rect[0] + anchor.rect[2]) / 2, (anchor.rect[1] + anchor.rect[3]) / 2))
        # the best reading and, of two alike (a label printed twice), the nearer
        scored = [(similarity - 0.2 * float(np.hypot(*(box.mean(axis=0) - centre))) / size, index)
                  for index, (box, text) in enumerate(zip(likely, texts, strict=True))
                  if (similarity := _reads_as(text, anchor.text)) >= LOCATED_MATCH]
        if scored:
            located[number] = likely[max(scored)[1]]
    return located


def _small(correction: np.ndarray, template: Template, limit: float) -> bool:
    """Whether `correction` moves no corner of the document by more than `limit` of its size."""
    reference = _reference(template)
    moved = cv2.perspectiveTransform(reference[None], correction)[0]
    return bool(np.abs(moved - reference).max() <= limit * max(template.width, template.height))


def _mapped_boxes(boxes: list[np.ndarray], homography: np.ndarray) -> tuple[np.ndarray, ...]:
    """Centres, heights and widths of text boxes mapped by `homography` (whichever way they were listed)."""
    mapped = cv2.perspectiveTransform(np.array(boxes, np.float32).reshape(1, -1, 2), homography)[0].reshape(-1, 4, 2)
    one = np.hypot(*((mapped[:, 1] + mapped[:, 2] - mapped[:, 0] - mapped[:, 3]) / 2).T)
    other = np.hypot(*((mapped[:, 3] + mapped[:, 2] - mapped[:, 0] - mapped[:, 1]) / 2).T)
    return mapped.mean(axis=1), np.minimum(one, other), np.maximum(one, other)


def _reference(template: Template) -> np.ndarray:
    return rectangle(template.width, template.height)


def layout_fit(template: Template, homography: np.ndarray, boxes: list[np.ndarray]) -> float:
    """How well, with `homography` (image to reference), detected text lines sit in the field
    rectangles, 0..1: per rectangle, the best line of about its height by how close its
    middle comes to the rectangle's middle row (a line a row off scores nothing)."""
    if not boxes:
        return 0.0
    centres, heights, _ = _mapped_boxes(boxes, homography)
    total = 0.0
    for spec in template.fields:
        left, top, right, bottom = spec.rect
        tall = bottom - top
        inside = ((centres[:, 0] >= left) & (centres[:, 0] <= right) & (centres[:, 1] >= top)
                  & (centres[:, 1] <= bottom) & (heights >= 0.3 * tall) & (heights <= 1.4 * tall))
        if inside.any():
            total += float(1 - np.abs(centres[inside, 1] - (top + bottom) / 2).min() / tall)
    return total / len(template.fields)


def anchor_closeness(template: Template, homography: np.ndarray, boxes: list[np.ndarray]) -> float:
    """How close, 0..1, detected lines of an anchor's size come to the anchors where
    `homography` (image to reference) puts them (1.0 without anchors)."""
    if not template.anchors:
        return 1.0
    if not boxes:
        return 0.0
    centres, heights, widths = _mapped_boxes(boxes, homography)
    total = 0.0
    for anchor in template.anchors:
        left, top, right, bottom = anchor.rect
        tall, wide = bottom - top, right - left
        offset = np.abs(centres - ((left + right) / 2, (top + bottom) / 2))
        near = ((offset[:, 1] < 3 * tall) & (offset[:, 0] < 0.5 * wide + 2 * tall)
                & (heights > 0.5 * tall) & (heights < 3 * tall) & (widths > 0.6 * wide) & (widths < 1.6 * wide))
        if near.any():
            candidates = np.flatnonzero(near)
            # a label's own line, not the value next to it: near, and as wide as the anchor
            best = candidates[np.argmin(np.hypot(*offset[candidates].T) + np.abs(widths[candidates] - wide))]
            total += float(max(0.0, 1 - offset[best, 1] / (3 * tall)))
    return total / len(template.anchors)


def _warp(bgr: np.ndarray, homography: np.ndarray, template: Template) -> np.ndarray:
    """`bgr` warped by `homography` (image to reference) to the reference size."""
    shrink = 1 / math.sqrt(abs(np.linalg.det(homography[:2, :2] / homography[2, 2])) or 1)
    if shrink > 1.5:  # the document is much larger than the reference: shrink first, or warping aliases
        bgr = cv2.resize(bgr, None, fx=1 / shrink, fy=1 / shrink, interpolation=cv2.INTER_AREA)
        homography = homography @ np.diag((shrink, shrink, 1.0))
    return cv2.warpPerspective(bgr, homography, (template.width, template.height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def anchor_similarity(template: Template, readings: list[str]) -> list[float]:
    """How closely each anchor's reading matches its printed text, 0..1."""
    return [_reads_as(text, anchor.text) for anchor, text in zip(template.anchors, readings, strict=True)]


def _reads_as(reading: str, printed: str) -> float:
    """How closely `reading` matches `printed` text, 0..1, case and spacing aside."""
    return fuzz.ratio(" ".join(reading.upper().split()), " ".join(printed.upper().split())) / 100


def read_anchors(image: Image.Image, template: Template, reader: Recognizer) -> list[str]:
    """The text in each anchor rectangle of the aligned `image` (upright, of the template's shape)."""
    settings = template.recognition_settings()
    reference = (template.width, template.height)
    regions = tuple(Region(order, scale_rect(anchor.rect, reference, image.size))
                    for order, anchor in enumerate(template.anchors))
    request = RecognizeRegionsRequest(LoadedImage(image), settings.updated(make_skew_correct=False), regions)
    return [result.text for result in reader.recognize(request)]


def _check_anchors(image: Image.Image, template: Template, reader: Recognizer, alignment: Alignment) -> None:
    similarity = anchor_similarity(template, read_anchors(image, template, reader))
    # an anchor whose line was read, and agreed with the others, in the photo is there, however
    # poorly its small print reads again in its rectangle
    similarity = [max(s, ANCHOR_MATCH) if number in alignment.anchors_located else s
                  for number, s in enumerate(similarity)]
    found = sum(s >= ANCHOR_MATCH for s in similarity)
    alignment.anchors_found, alignment.anchors_total = found, len(similarity)
    alignment.score = round(alignment.score * 0.5 + 0.5 * float(np.mean(similarity)), 3) \
        if alignment.method == "photo" else round(float(np.mean(similarity)), 3)
    if found * 2 < len(similarity):
        alignment.verified = False
        alignment.warnings.append(
            f"alignment not verified: {found} of {len(similarity)} anchors of {template.name} read as printed"
        )
