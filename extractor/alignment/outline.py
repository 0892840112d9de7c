"""Find a document in a photo: the quadrilateral of its outline, from text and straight edges.

The text lines say which way the document runs (their direction, modulo 180 degrees)
and roughly where it is; the outline is then the four straight edges, two along the
text and two across it, that best enclose the text, are backed by image edges along
their whole length and have the template's width/height ratio. Colour edges are used
so that a dark header band still parts from a dark desk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import cast

import cv2
import numpy as np
import numpy.typing as npt

# How far from level/plumb an edge may lean: levelled by the text, only perspective tilts a
# document's edges; without text to go by, the document's own tilt adds to it.
LEVELLED_SLOPE = math.tan(math.radians(14))
MAX_SLOPE = math.tan(math.radians(25))
LINES_PER_DIRECTION = 32  # strongest edge lines kept along and across the text
SHAPE_REACH = 0.4  # log-ratio of side distances to the shape's tried (perspective foreshortens up to this)
MIN_TEXT_LINES = 2  # text lines an outline must enclose to be a document's
TEXT_WEIGHT = 0.5  # power of the share of the picture's text inside an outline in its score
# The share of a text line's height kept clear of its box's ends and sides when the print is
# masked out of the edges: detection's boxes reach past the letters by about this much.
PRINT_INSET = 0.4
MAIN_DIRECTION = 10.0  # degrees off a direction within which lines run along it
SECOND_DIRECTION = 0.04  # share of the lines' length a second direction needs (another document's text) ...
# ... and lines: a small card's fine print is too small to detect in the whole photo, leaving
# its title's two lines to tell its direction beside a larger document's (a card by a passport)
SECOND_LINES = 2
# Canny's upper threshold: this many times the picture's median gradient (its noise), within
# EDGE_THRESHOLD; the lower one a share of it. A desk's texture (median 8-14) keeps the usual
# 25/70, a scanner's page (median 4) lets a pale card's few tones of step through.
EDGE_PER_NOISE = 8.75
EDGE_THRESHOLD = (36.0, 70.0)
EDGE_HYSTERESIS = 25 / 70
SAME_DOCUMENT = 0.6  # outlines overlapping this much (intersection over union) show one document
ALTERNATIVE_APART = 0.03  # of a document's shorter side: a corner this far off makes another outline of it
# Of one document's outlines, one round another, backed this nearly as well, is its edge (the
# other a printed frame); the inner's corners may stand this share of its size outside it.
OUTER_SHARE = 0.9
OUTER_SLACK = 0.01
SNAP_MIN_EDGE = 40.0  # colour gradient (Sobel of 0-255 tones) under which a side has no edge to move onto
SNAP_SHARE = 0.4  # an edge this strong next to the strongest along a side may be the document's own
SNAP_TURN = 0.01  # of the document's size: how far each half of a side may move on its own
# A printed stroke (a frame line) steps the tone down and back up within its width: its pair of
# opposite gradients lies this share of the document's size apart at most (pixels at least).
STROKE_SHARE = 0.01
MIN_STROKE = 8
STROKE_BALANCE = 0.5  # the weaker side of a stroke is at least this share of the stronger
# Gaps an edge line may jump (pixels, and share of the picture's shorter side): a pale card's edge
# on a pale desk shows as dashes, and the print is masked out, so a long jump joins no text.
MIN_EDGE_GAP = 12
EDGE_GAP_SHARE = 0.025
ASPECT_TOLERANCE = 0.18  # log-ratio spread allowed between the found and expected shape
MIN_SIDE_SUPPORT = 0.35  # least share of a side's length an image edge must back


@dataclass(frozen=True)
class Quad:
    """A document outline: corners in image pixels, top-left first, clockwise with the text upright
    or upside down (the text direction alone cannot tell); `score` in 0..1, and of it what the
    shape and the edges say (`edges`), without the share of the picture's text inside."""

    corners: np.ndarray  # 4x2 float32
    score: float
    edges: float = 0.0
    document: int = 0  # which document of the picture it outlines, in the order found
    alternative: bool = False  # another outline of that document, after its best


@dataclass(frozen=True)
class _Line:
    """x = slope * y + offset when `across`, else y = slope * x + offset (levelled frame)."""

    slope: float
    offset: float
    across: bool
    length: float

    def at(self, t: np.ndarray | float) -> np.ndarray | float:
        return self.slope * t + self.offset


_Sides = tuple[_Line, _Line, _Line, _Line]  # top, right, bottom, left

def rectangle(width: float, height: float) -> np.ndarray:
    """The corners of a `width` x `height` rectangle at the origin, top-left first, clockwise."""
    return np.array([(0, 0), (width, 0), (width, height), (0, height)], np.float32)


def text_angle(boxes: list[np.ndarray]) -> float | None:
    """The direction of the text lines in degrees (image axes, y down), modulo 180, or None: the
    length-weighted median of the lines near their main direction (a seal's ring of letters, a
    signature or a stamp aside)."""
    directions = text_angles(boxes, 1)
    return directions[0] if directions else None


def text_angles(boxes: list[np.ndarray], most: int = 2) -> list[float]:
    """Up to `most` directions the text lines run in (degrees modulo 180), the main one first: a
    card lying across a newspaper has its own. Each is the length-weighted median of the lines
    within `MAIN_DIRECTION` of it; a second direction needs a fair share of the lines' length."""
    angles, lengths = [], []
    for box in boxes:
        sides = [box[1] - box[0], box[2] - box[1]]
        long, short = sorted(sides, key=lambda v: -float(np.hypot(*v)))
        length = float(np.hypot(*long))
        if length < 2.5 * float(np.hypot(*short)):
            continue  # a word of one or two letters has no clear direction
        angles.append(math.degrees(math.atan2(float(long[1]), float(long[0]))))
        lengths.append(length)
    if len(angles) < 2:
        return []
    angle_array, weights = np.array(angles), np.array(lengths)
    total = float(weights.sum())
    found: list[float] = []
    remaining = np.ones(len(angles), bool)
    while len(found) < most and remaining.sum() >= 2:
        # the direction with the most line length within MAIN_DIRECTION of it
        offsets = (angle_array[None, :] - angle_array[:, None] + 90) % 180 - 90
        support = ((np.abs(offsets) <= MAIN_DIRECTION) * (weights * remaining)[None, :]).sum(axis=1)
        support[~remaining] = -1
        seed = int(np.argmax(support))
        near = remaining & (np.abs(offsets[seed]) <= MAIN_DIRECTION)
        if found and (support[seed] < SECOND_DIRECTION * total or near.sum() < SECOND_LINES):
            break
        order = np.argsort(offsets[seed][near])
        cumulative = np.cumsum(weights[near][order])
        median = float(offsets[seed][near][order][np.searchsorted(cumulative, cumulative[-1] / 2)])
        found.append((angle_array[seed] + median + 90) % 180 - 90)
        remaining &= np.abs((angle_array - found[-1] + 90) % 180 - 90) > MAIN_DIRECTION
    return found


def colour_edges(bgr: np.ndarray) -> np.ndarray:
    """Edges of any channel: a blue band on a brown desk differs in colour more than in grey.

    How strong an edge must be follows the picture's noise (its median gradient): a pale card
    on a scanner's white page shows a step of a few tones, which on a busy desk is clutter."""
    smooth = cv2.GaussianBlur(bgr, (5, 5), 0)
    channels = cv2.split(smooth)
    gradients = [np.abs(cv2.Sobel(channel, cv2.CV_16S, 1, 0)).astype(np.int32)
                 + np.abs(cv2.Sobel(channel, cv2.CV_16S, 0, 1)) for channel in channels]
    noise = float(np.median(np.max(gradients, axis=0)))
    high = float(np.clip(EDGE_PER_NOISE * noise, *EDGE_THRESHOLD))
    edges = np.zeros(bgr.shape[:2], np.uint8)
    for channel in channels:
        edges |= cast(npt.NDArray[np.uint8], cv2.Canny(channel, high * EDGE_HYSTERESIS, high))
    return edges


def find_quads(bgr: np.ndarray, aspect: float, text_boxes: list[np.ndarray] | None, angle: float = 0.0,
               keep: int = 6, complete: bool = True, either_way: bool = False,
               lines_kept: int = LINES_PER_DIRECTION, per_document: int = 1) -> list[Quad]:
    """Up to `keep` likely document outlines in `bgr`, best first, for a document `aspect`
    (width/height along its text).

    `text_boxes` (the detected text lines): some must lie inside; `angle` is the text
    direction in degrees. Without text boxes, any outline of the right shape will do.
    A side the image does not show (a dark band on a dark desk) is also offered where the
    shape puts it, opposite and parallel to its partner, unless `complete` is False.
    With `either_way`, the document may also lie across (1/`aspect`); `lines_kept` bounds
    the edge lines tried in each direction (the search grows with its fourth power);
    `per_document` the outlines kept of one document (`keep` counts documents).
    """
    aspects = (aspect, 1 / aspect) if either_way else (aspect,)
    height, width = bgr.shape[:2]
    level = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    corners = cv2.transform(rectangle(width, height)[None], level)[0]
    shift = -corners.min(axis=0)
    level[:, 2] += shift
    size = tuple(int(v) for v in np.ceil(corners.max(axis=0) + shift))
    found_edges = colour_edges(bgr)
    if text_boxes:  # no document's edge runs through its text: a page's rows of print are no outline
        cv2.fillPoly(found_edges, [np.round(_print_of(box)).astype(np.int32) for box in text_boxes], 0)
    # thickened before turning, so that neither noise gaps nor the turn break the outline
    turned_edges = cv2.warpAffine(cv2.dilate(found_edges, np.ones((3, 3), np.uint8)), level, size,
                                  flags=cv2.INTER_NEAREST)
    support = cv2.dilate(turned_edges, np.ones((3, 3), np.uint8)) > 0
    text = None
    lines = _edge_lines(turned_edges, LEVELLED_SLOPE if text_boxes else MAX_SLOPE)
    if text_boxes:
        text = points = cv2.transform(np.array(text_boxes, np.float32).reshape(1, -1, 2), level)[0].reshape(-1, 4, 2)
        low, high = points.reshape(-1, 2).min(axis=0), points.reshape(-1, 2).max(axis=0)
        margin = 0.25 * (high - low)
        # a desk's own long lines (ruled paper, a keyboard) count only where they pass the text
        stretches: dict[bool, tuple[float, float] | None] = {
            True: (low[1] - margin[1], high[1] + margin[1]), False: (low[0] - margin[0], high[0] + margin[0])}
    else:
        stretches = {True: None, False: None}
    by_backing = sorted(lines, key=lambda line: -_backing(line, support, stretches[line.across]))
    along = sorted([line for line in by_backing if not line.across][:lines_kept], key=lambda line: line.offset)
    across = sorted([line for line in by_backing if line.across][:lines_kept], key=lambda line: line.offset)
    min_side = 0.12 * min(size)
    vertical = [(a, b) for a, b in combinations(along, 2) if b.offset - a.offset >= min_side]
    horizontal = [(a, b) for a, b in combinations(across, 2) if b.offset - a.offset >= min_side]
    widths = np.array([b.offset - a.offset for a, b in horizontal], np.float32)
    # outlines with every side backed, and with all but one (the missing side is then guessed)
    found: list[tuple[float, _Sides, int | None, float]] = []
    partial: list[tuple[float, _Sides, int | None, float]] = []
    for top, bottom in vertical:
        # only pairs of sides about as far apart as the shape asks (perspective aside) are tried
        ratios = np.log(np.maximum(widths, 1e-3) / (bottom.offset - top.offset))
        near = np.zeros(len(horizontal), bool)
        for shape in aspects:
            near |= np.abs(ratios - math.log(shape)) <= SHAPE_REACH
        for index in np.flatnonzero(near):
            left, right = horizontal[index]
            sides = (top, right, bottom, left)
            score, weak, edges = _score(_corners(sides), support, aspects, text)
            if score > 0:
                (found if weak is None else partial).append((score, sides, weak, edges))
    found.sort(key=lambda item: -item[0])
    partial.sort(key=lambda item: -item[0])
    completed: list[tuple[float, _Sides, int | None, float]] = []
    for _, sides, weak, _ in found[:keep] + partial[:keep] if complete else ():
        for moved in range(4) if weak is None else (weak,):
            guess = _complete(sides, moved, aspect)
            score, _, edges = _score(_corners(guess), support, aspects, text, strict=False)
            completed.append((score, guess, None, edges))
    back = cv2.invertAffineTransform(level)
    # every side backed (found), or one guessed where the shape puts it (completed)
    candidates = [(score, sides, edges, True) for score, sides, _, edges in found] \
        + [(score, sides, edges, False) for score, sides, _, edges in completed]
    documents: list[list[Quad]] = []
    # outlines mostly over one another (a card's inner frame, its edge found twice) show one
    # document: its best stands for it, so that another document gets its turn, and up to
    # `per_document - 1` others that differ from it follow (a side on the sheet the card lies on
    # is often backed better than the card's own edge: how the text fits the fields tells them apart),
    # the last the best backed by edges (outlines reaching over a newspaper hold more text than
    # the document's own)
    for score, sides, edges, backed in sorted(candidates, key=lambda item: -item[0]):
        quad = cv2.transform(_corners(sides)[None], back)[0]
        if score <= 0:
            continue
        same = [index for index, group in enumerate(documents) if _overlap(quad, group[0].corners) > SAME_DOCUMENT]
        if not same:
            documents.append([Quad(quad, score, edges, len(documents))])
            if len(documents) == keep:
                break
            continue
        group = documents[same[0]]
        if backed and _outer(quad, group[0], score):
            group[0] = Quad(quad, score, edges, same[0])
        elif all(_apart(quad, other.corners) for other in group):
            alternative = Quad(quad, score, edges, same[0], alternative=True)
            if len(group) < per_document:
                group.append(alternative)
            elif per_document > 1 and edges > max(other.edges for other in group):
                group[-1] = alternative  # the best backed of them all, though it holds less of the photo's text
    return [quad for group in documents for quad in group]


def _apart(one: np.ndarray, other: np.ndarray) -> bool:
    """Whether two outlines of one document differ by more than `ALTERNATIVE_APART` of its size at a corner."""
    size = min(float(np.hypot(*(other[(i + 1) % 4] - other[i]))) for i in range(4))
    return bool(np.abs(one - other).max() > ALTERNATIVE_APART * size)


def _outer(quad: np.ndarray, inner: Quad, score: float) -> bool:
    """Whether `quad` (every side backed, scoring `score`) is the document's edge round `inner`:
    a printed frame or panel inside a card is backed as well as the card's edge, often better,
    but the template's reference size is the whole document's."""
    grown = quad.mean(axis=0) + (quad - quad.mean(axis=0)) * (1 + OUTER_SLACK)
    return score >= OUTER_SHARE * inner.score and bool(inside_convex(grown, inner.corners).all())


def _print_of(box: np.ndarray) -> np.ndarray:
    """The inner part of a detected text line's box, where its letters are: detection draws the
    box a margin round them, and a line may end at another document's edge or run close to it."""
    box = np.asarray(box, np.float32)
    one, other = (box[1] + box[2] - box[0] - box[3]) / 2, (box[3] + box[2] - box[0] - box[1]) / 2
    along, across = (one, other) if np.hypot(*one) >= np.hypot(*other) else (other, one)
    length, height = float(np.hypot(*along)), float(np.hypot(*across))
    half_along = along / max(length, 1e-6) * max(0.0, length / 2 - PRINT_INSET * height)
    half_across = across / 2 * (1 - PRINT_INSET)
    centre = box.mean(axis=0)
    return np.array([centre - half_along - half_across, centre + half_along - half_across,
                     centre + half_along + half_across, centre - half_along + half_across], np.float32)


def _overlap(one: np.ndarray, other: np.ndarray) -> float:
    """Intersection over union of two convex quadrilaterals."""
    common, _ = cv2.intersectConvexConvex(one.astype(np.float32), other.astype(np.float32))
    union = cv2.contourArea(one.astype(np.float32)) + cv2.contourArea(other.astype(np.float32)) - common
    return float(common / union) if union > 0 else 0.0


def _corners(sides: _Sides) -> np.ndarray:
    top, right, bottom, left = sides
    return np.array([_meet(top, left), _meet(top, right), _meet(bottom, right), _meet(bottom, left)], np.float32)


def _complete(sides: _Sides, moved: int, aspect: float) -> _Sides:
    """`sides` with side `moved` replaced by the parallel to its opposite side that gives `aspect`."""
    corners = _corners(sides)
    lengths = [float(np.hypot(*(corners[(i + 1) % 4] - corners[i]))) for i in range(4)]
    opposite = sides[(moved + 2) % 4]
    # left or right moves: the width follows from the height; top or bottom: the reverse
    distance = aspect * (lengths[1] + lengths[3]) / 2 if opposite.across else (lengths[0] + lengths[2]) / 2 / aspect
    sign = 1 if moved in (1, 2) else -1  # right and bottom lie at larger offsets
    replacement = _Line(opposite.slope, opposite.offset + sign * distance * math.hypot(1, opposite.slope),
                        opposite.across, 0.0)
    return cast(_Sides, tuple(replacement if i == moved else side for i, side in enumerate(sides)))


def _edge_lines(edges: np.ndarray, max_slope: float) -> list[_Line]:
    """Straight edges within `max_slope` of level or plumb, longest first, near-duplicates merged."""
    height, width = edges.shape
    segments = cv2.HoughLinesP(edges, 1, np.pi / 360, threshold=40, minLineLength=max(20, min(height, width) // 12),
                               maxLineGap=max(MIN_EDGE_GAP, round(EDGE_GAP_SHARE * min(height, width))))
    found: list[_Line] = []
    for x1, y1, x2, y2 in np.zeros((0, 4)) if segments is None else segments.reshape(-1, 4).astype(float):
        dx, dy = x2 - x1, y2 - y1
        if abs(dy) <= abs(dx) * max_slope:
            slope = dy / dx
            found.append(_Line(slope, y1 - slope * x1, False, abs(dx)))
        elif abs(dx) <= abs(dy) * max_slope:
            slope = dx / dy
            found.append(_Line(slope, x1 - slope * y1, True, abs(dy)))
    merged: list[_Line] = []
    for line in sorted(found, key=lambda line: -line.length):
        span = height if line.across else width
        if not any(other.across == line.across and abs(other.slope - line.slope) < 0.03
                   and abs(other.at(span / 2) - line.at(span / 2)) < 6 for other in merged):
            merged.append(line)
    return merged


def _backing(line: _Line, support: np.ndarray, stretch: tuple[float, float] | None = None) -> float:
    """Pixels along the line (within `stretch` of its running coordinate) that lie on an edge."""
    height, width = support.shape
    span = height if line.across else width
    low, high = (0, span) if stretch is None else (max(0, int(stretch[0])), min(span, int(stretch[1])))
    t = np.arange(low, high)
    s = np.round(line.at(t)).astype(int)
    inside = (s >= 0) & (s < (width if line.across else height))
    ys, xs = (t[inside], s[inside]) if line.across else (s[inside], t[inside])
    return float(support[ys, xs].sum())


def _meet(along: _Line, across: _Line) -> tuple[float, float]:
    x = (across.slope * along.offset + across.offset) / (1 - across.slope * along.slope)
    return x, along.slope * x + along.offset


def _side_support(start: np.ndarray, end: np.ndarray, support: np.ndarray) -> float:
    """The share of the segment's length lying on an image edge."""
    count = max(8, int(np.hypot(*(end - start)) / 4))
    t = np.linspace(0.03, 0.97, count)[:, None]
    points = np.round(start + (end - start) * t).astype(int)
    height, width = support.shape
    inside = (points[:, 0] >= 0) & (points[:, 0] < width) & (points[:, 1] >= 0) & (points[:, 1] < height)
    if not inside.any():
        return 0.0
    return float(support[points[inside, 1], points[inside, 0]].sum()) / count


def inside_convex(quad: np.ndarray, points: np.ndarray) -> npt.NDArray[np.bool_]:
    """Whether each of `points` (... x 2) lies inside the convex quadrilateral `quad` (either way round)."""
    start = quad.astype(np.float64)
    edge = np.roll(start, -1, axis=0) - start
    offset = points[..., None, :] - start
    cross = edge[:, 0] * offset[..., 1] - edge[:, 1] * offset[..., 0]
    # an array for points of N x 2 and more (numpy types `all(axis=...)` as maybe a scalar)
    return cast(npt.NDArray[np.bool_], (cross >= 0).all(axis=-1) | (cross <= 0).all(axis=-1))


def _score(quad: np.ndarray, support: np.ndarray, aspects: tuple[float, ...], text: np.ndarray | None,
           strict: bool = True) -> tuple[float, int | None, float]:
    """Shape match times edge backing times the share of text inside, the one side (0 top,
    clockwise) an image edge does not back, if one, and shape match times edge backing alone;
    `strict` scores 0 when more sides are unbacked. `text`: the text lines' corners (N x 4 x 2)."""
    top_len, right_len, bottom_len, left_len = (float(np.hypot(*(quad[(i + 1) % 4] - quad[i]))) for i in range(4))
    ratio = (top_len + bottom_len) / max(1e-6, left_len + right_len)
    shape = math.exp(-((min(abs(math.log(ratio / aspect)) for aspect in aspects) / ASPECT_TOLERANCE) ** 2))
    if shape < 0.05:
        return 0.0, None, 0.0
    backing = [_side_support(quad[i], quad[(i + 1) % 4], support) for i in range(4)]
    unbacked = [i for i, share in enumerate(backing) if share < MIN_SIDE_SUPPORT]
    if strict and len(unbacked) > 1:
        return 0.0, None, 0.0
    weak = unbacked[0] if strict and unbacked else None
    score = edges = shape * float(np.mean(backing))
    if text is not None and len(text):
        inside = inside_convex(quad, text.mean(axis=1))
        # a document holds text, but other papers in the picture may hold more: this prunes the
        # search, how the text fits the template's fields ranks what is left (`fit.py`)
        if inside.sum() < MIN_TEXT_LINES:
            return 0.0, None, 0.0
        weights = np.hypot(*(text[:, 1] - text[:, 0]).T)
        score *= float((weights * inside).sum() / weights.sum()) ** TEXT_WEIGHT
    return score, weak, edges


def edge_strength(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The colour gradient of `bgr` (x and y derivatives of the channel that changes most)."""
    smooth = cv2.GaussianBlur(bgr, (5, 5), 0).astype(np.float32)
    gx = np.stack([cv2.Sobel(channel, cv2.CV_32F, 1, 0, ksize=3) for channel in cv2.split(smooth)])
    gy = np.stack([cv2.Sobel(channel, cv2.CV_32F, 0, 1, ksize=3) for channel in cv2.split(smooth)])
    strongest = np.argmax(gx * gx + gy * gy, axis=0)[None]
    return np.take_along_axis(gx, strongest, 0)[0], np.take_along_axis(gy, strongest, 0)[0]


def snap_outline(gradient: tuple[np.ndarray, np.ndarray], corners: np.ndarray, reach: float) -> np.ndarray:
    """`corners` with each side moved onto the outermost strong edge that runs along it within
    `reach` of the document's size: a side placed by the shape alone, or on a shadow, lands on
    the document's own edge. Then each half of a side moves a little on its own, so that the
    side may also turn (perspective the outline missed)."""
    centre = corners.mean(axis=0)
    size = float(np.mean([np.hypot(*(corners[(i + 1) % 4] - corners[i])) for i in range(4)]))
    sides = []
    for i in range(4):
        start, end = corners[i].astype(np.float32), corners[(i + 1) % 4].astype(np.float32)
        along = (end - start) / max(1e-6, float(np.hypot(*(end - start))))
        normal = np.array((-along[1], along[0]), np.float32)
        if float(np.dot(normal, (start + end) / 2 - centre)) < 0:
            normal = -normal  # outward
        stroke = max(MIN_STROKE, round(STROKE_SHARE * size))
        shift = _edge_offset(gradient, start, end, normal, (0.1, 0.9), 0.0, reach * size, stroke)
        points = [start + (end - start) * (low + high) / 2 + normal
                  * _edge_offset(gradient, start, end, normal, (low, high), shift, SNAP_TURN * size, stroke)
                  for low, high in ((0.1, 0.45), (0.55, 0.9))]
        sides.append((points[0], points[1] - points[0]))
    snapped = []
    for i in range(4):
        (p, r), (q, s) = sides[(i - 1) % 4], sides[i]
        cross = float(r[0] * s[1] - r[1] * s[0])
        if abs(cross) < 1e-6:
            return corners
        u = float((q - p)[0] * s[1] - (q - p)[1] * s[0]) / cross
        snapped.append(p + u * r)
    return np.array(snapped, np.float32)


def _edge_offset(gradient: tuple[np.ndarray, np.ndarray], start: np.ndarray, end: np.ndarray, normal: np.ndarray,
                 span: tuple[float, float], around: float, reach: float, stroke: int) -> float:
    """How far along `normal`, within `reach` of `around`, the outermost strong edge runs along
    the part `span` of the side from `start` to `end` (`around` when there is none).

    Strong edges count, and so do strong steps in tone: a thin printed line (its opposite
    gradient within `stroke` pixels) steps only by what its two sides differ, so a pale card's
    faint edge on a pale page is a step as strong as any beside the card's dark printed frame
    just inside it (a card's thin pale margin between a dark desk and a dark band is no step, but
    a strong edge)."""
    gx, gy = gradient
    height, width = gx.shape
    wide = around + np.arange(-round(reach) - stroke, round(reach) + stroke + 1, dtype=np.float32)
    t = np.linspace(*span, 24, dtype=np.float32)[:, None]
    grid = (start + (end - start) * t)[None, :, :] + wide[:, None, None] * normal  # offsets x samples x 2
    xs = np.clip(np.round(grid[..., 0]).astype(int), 0, width - 1)
    ys = np.clip(np.round(grid[..., 1]).astype(int), 0, height - 1)
    across = gx[ys, xs] * normal[0] + gy[ys, xs] * normal[1]
    signed = np.median(across, axis=1)
    strength = np.median(np.abs(across), axis=1)
    inside = range(stroke, len(wide) - stroke)  # the offsets within reach
    strongest = max(float(strength[k]) for k in inside)
    if strongest < SNAP_MIN_EDGE:
        return around
    step = strength - _stroke_partners(signed, stroke)
    tops = _peaks(strength, inside)
    strongest_step = max((float(step[k]) for k in tops), default=0.0)
    peaks = [k for k in tops if strength[k] >= SNAP_SHARE * strongest
             or step[k] >= max(SNAP_MIN_EDGE, SNAP_SHARE * strongest_step)]
    if not peaks:
        return around
    return float(wide[max(peaks)])  # the outermost: inner frames and bands lie inside


def _peaks(profile: np.ndarray, indices: range) -> list[int]:
    """The `indices` where `profile` is no lower than on either side (its ends count their one side)."""
    last = len(profile) - 1
    return [k for k in indices if profile[k] >= profile[max(0, k - 1)] and profile[k] >= profile[min(last, k + 1)]]


def _stroke_partners(signed: np.ndarray, stroke: int) -> np.ndarray:
    """For each offset of a signed gradient profile, the strength of the opposite gradient it
    forms a stroke with (0 where none): two opposite peaks within `stroke` of each other, each
    the other's nearest, of like strength (a frame line's sides pair with each other, not with
    the card's edge beside the line; an edge and its faint halo or a shadow's far side are no stroke)."""
    magnitude = np.abs(signed)
    lobes = [k for k in _peaks(magnitude, range(len(signed))) if magnitude[k] > 0]

    def nearest_opposite(k: int) -> int | None:
        near = [j for j in lobes if abs(j - k) <= stroke and signed[j] * signed[k] < 0]
        return min(near, key=lambda j: (abs(j - k), -magnitude[j])) if near else None

    partner = {k: nearest_opposite(k) for k in lobes}
    paired = np.zeros(len(signed), np.float32)
    for k, j in partner.items():
        back = partner.get(j) if j is not None else None
        if j is None or back is None or abs(back - k) > 1:  # not each other's nearest (a plateau's twin counts)
            continue
        if min(magnitude[j], magnitude[k]) >= STROKE_BALANCE * max(magnitude[j], magnitude[k]):
            paired[k] = magnitude[j]
    return paired
