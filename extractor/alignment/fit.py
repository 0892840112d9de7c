"""The one rule every alignment is scored by: how the document's text lines sit in the fields.

A template of rectangles alone still says a lot about where its document is: every field
holds one line of text (or two), about as tall as the rectangle was drawn for, centred in it
and running inside it; labels and titles lie outside. Mapped into the reference frame by a
candidate alignment, the detected text lines either do that or not.

Per field, the line that holds it best scores 1 when centred, as tall as expected, wholly
inside and set to the rectangle's left (or centred in it, or set to its right), and falls
towards 0 past the rectangle's top or bottom, at half or twice the expected height, outside,
or set nowhere in particular; other text reaching into the rectangle from outside, or smaller
than a value (a label, a neighbour), costs what it covers. Lines are cut at wide gaps first
(`segments.py`): a label printed beside its value is no part of it. The fit is the mean over
the fields: the same number ranks a scan read as given, each outline of a photo and each
refinement, and below `AlignConfig.trusted` an alignment is not trusted at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import cv2
import numpy as np

from ..template import Template
from .config import FitConfig


@dataclass(frozen=True)
class Lines:
    """Text lines in some frame: the middle, height and horizontal extent of each, the detected
    lines first, then *stacks*: two or three lines set one under the other (a field of two lines
    is held by the pair); `members` names a stack's lines (-1 elsewhere), `points` the detected
    lines' corners."""

    points: np.ndarray  # N x 4 x 2, the detected lines
    x: np.ndarray
    y: np.ndarray
    height: np.ndarray
    left: np.ndarray
    right: np.ndarray
    members: np.ndarray  # (N + stacks) x 3

    @classmethod
    def of(cls, boxes: Sequence[np.ndarray] | np.ndarray, homography: np.ndarray | None = None, *,
           stacks: bool = True) -> Lines:
        """Detected line quadrilaterals (4x2, clockwise), mapped by `homography` when given; with
        their stacks unless `stacks` is False (pairing every line costs a page of print dearly)."""
        points = np.asarray(boxes, np.float32).reshape(-1, 4, 2)
        if homography is not None and len(points):
            points = cv2.perspectiveTransform(points.reshape(1, -1, 2), homography)[0].reshape(-1, 4, 2)
        # mapped, a box may lie any way round: its height is the shorter of its two spans
        one = np.hypot(*((points[:, 1] + points[:, 2] - points[:, 0] - points[:, 3]) / 2).T)
        other = np.hypot(*((points[:, 3] + points[:, 2] - points[:, 0] - points[:, 1]) / 2).T)
        middle = points.mean(axis=1)
        single = (middle[:, 0], middle[:, 1], np.minimum(one, other), points[:, :, 0].min(axis=1),
                  points[:, :, 0].max(axis=1))
        return cls(points, *_with_stacks(*single, paired=stacks))

    def __len__(self) -> int:
        return len(self.x)

    @property
    def line_height(self) -> np.ndarray:
        """Each entry's height as one line of print: a stack's, its height over its lines'."""
        stacked = self.members[:, 1] >= 0
        return np.where(stacked, self.height / np.maximum(1, (self.members >= 0).sum(axis=1)), self.height)

    def shifted(self, dx: float, dy: float) -> Lines:
        """The lines moved by (`dx`, `dy`)."""
        return Lines(self.points + np.array((dx, dy), np.float32), self.x + dx, self.y + dy, self.height,
                     self.left + dx, self.right + dx, self.members)


def _with_stacks(x: np.ndarray, y: np.ndarray, height: np.ndarray, left: np.ndarray, right: np.ndarray,
                 paired: bool = True) -> tuple[np.ndarray, ...]:
    """The lines, then (when `paired`) every stack of two or three: lines of about one height,
    each starting under the one above it and no further below it than half a line."""
    count = len(x)
    members = np.full((count, 3), -1)
    members[:, 0] = np.arange(count)
    columns = [x, y, height, left, right]
    top, bottom = y - height / 2, y + height / 2
    pairs: np.ndarray | list[tuple[int, int]] = []
    if count > 1 and paired:
        ratio = height[:, None] / np.maximum(height[None, :], 1e-3)
        gap = top[None, :] - bottom[:, None]  # of line j under line i
        aligned = np.abs(left[None, :] - left[:, None]) <= 1.5 * np.maximum(height[:, None], height[None, :])
        stacked = (ratio > 0.7) & (ratio < 1.43) & (gap > -0.4 * height[:, None]) & (gap < 0.5 * height[:, None])
        pairs = np.argwhere(stacked & aligned & (y[None, :] > y[:, None]))
    stacks = [(int(i), int(j), -1) for i, j in pairs]
    below: dict[int, list[int]] = {}  # one pass: a newspaper's lines make thousands of pairs
    for i, j, _ in stacks:
        below.setdefault(i, []).append(j)
    stacks += [(i, j, k) for i, j, _ in list(stacks) for k in below.get(j, ())]
    if not stacks:
        return (*columns, members)
    rows = np.array(stacks)
    first = rows[:, 0]
    last = np.where(rows[:, 2] >= 0, rows[:, 2], rows[:, 1])
    lefts = np.minimum.reduce([left[first], left[rows[:, 1]], np.where(rows[:, 2] >= 0, left[last], np.inf)])
    rights = np.maximum.reduce([right[first], right[rows[:, 1]], np.where(rows[:, 2] >= 0, right[last], -np.inf)])
    tops, bottoms = top[first], bottom[last]
    extra = ((lefts + rights) / 2, (tops + bottoms) / 2, bottoms - tops, lefts, rights)
    joined = [np.concatenate([column, more]).astype(np.float32) for column, more in zip(columns, extra, strict=True)]
    return (*joined, np.vstack([members, rows]))


@dataclass(frozen=True)
class Fit:
    """How text sits in the fields under one alignment.

    `score`: the rule above, 0..1; `fields`: each field's score; `held`: the share of fields
    holding a line of their size; `crossing`: the share of held fields whose line crosses the
    rectangle's side; `stray`: the share of the text (by length) in no field, the labels and
    titles among it; `lines`: the index of each field's line (-1: none); `outshone`: the share
    of held fields with larger print in no field beside them (`_outshone`; in a fit `judged`).
    """

    score: float
    fields: tuple[float, ...]
    held: float
    crossing: float
    stray: float
    lines: tuple[int, ...]
    outshone: float = 0.0


def rects_of(template: Template) -> np.ndarray:
    """The template's field rectangles as an F x 4 array (left, top, right, bottom)."""
    return np.array([spec.rect for spec in template.fields], np.float32)


def _line_scores(rects: np.ndarray, lines: Lines, config: FitConfig) -> tuple[np.ndarray, np.ndarray]:
    """F x N: how well each line holds each field, and how much of each field's width each line covers."""
    left, top, right, bottom = (rects[:, i, None] for i in range(4))
    tall = bottom - top
    centred = np.exp(-((2 * (lines.y - (top + bottom) / 2) / (config.centre_spread * tall)) ** 2))
    ratio = np.maximum(lines.height, 1e-3) / (config.expected_height * tall)
    sized = np.exp(-((np.clip(np.abs(np.log(ratio)) - config.height_tolerance, 0, None) / config.height_spread) ** 2))
    overlap = _overlap(rects, lines)
    inside = overlap / np.maximum(lines.right - lines.left, 1.0)
    # values are written from the rectangle's left, a little in (or centred in it, or set to its
    # right): one that starts far in and is none of these is not this field's, or the
    # rectangles are stretched over the document
    late = np.clip((lines.left - left) / tall - config.start_slack, 0, None) / config.start_spread
    early = np.clip((right - lines.right) / tall - config.start_slack, 0, None) / config.start_spread
    off_centre = (lines.x - (left + right) / 2) / tall / config.start_spread
    started = np.exp(-np.minimum(np.minimum(late, early), np.abs(off_centre)) ** 2)
    # a stack's lines are a value's (an address), as tall as the values of one-line fields: a
    # stack of smaller lines is a label in two languages, as tall as a value only together
    stacked = lines.members[:, 1] >= 0
    member_height = lines.line_height
    value_height = config.expected_height * float(np.median(rects[:, 3] - rects[:, 1]))
    shortfall = np.clip(np.log(config.stack_line_share * value_height / np.maximum(member_height, 1e-3)), 0, None)
    as_values = np.where(stacked, np.exp(-((shortfall / config.height_spread) ** 2)), 1.0)
    # text reaching in from outside (a neighbour), or smaller than a value (a label), would be
    # read into the field; a value's other words are neither
    in_rows = (np.abs(lines.y - (top + bottom) / 2) < tall / 2) & (lines.members[:, 1] < 0)  # stacks aside
    reaching = (lines.left < left) | (lines.right > right)
    foreign = np.where(reaching, 1.0, 1.0 - sized) * in_rows
    return centred * sized * inside * started * as_values, overlap * foreign / np.maximum(right - left, 1.0)


def _overlap(rects: np.ndarray, lines: Lines) -> np.ndarray:
    """F x N: how much of each field's columns each line spans."""
    spanned = np.minimum(lines.right, rects[:, 2, None]) - np.maximum(lines.left, rects[:, 0, None])
    return cast(np.ndarray, np.clip(spanned, 0, None))


def fit_lines(rects: np.ndarray, lines: Lines, config: FitConfig, *, judged: bool = False) -> Fit:
    """Score how `lines` (in the reference frame) sit in the field `rects` (see the module's rule).
    `judged`: the fit an alignment is judged by, with `Fit.outshone` measured (0 otherwise: the
    refinement's many trial fits need only the score)."""
    count = len(rects)
    if not len(lines) or not count:
        return Fit(0.0, (0.0,) * count, 0.0, 0.0, 1.0, (-1,) * count)
    scores, covers = _line_scores(rects, lines, config)
    best = scores.argmax(axis=1)
    held_scores = scores[np.arange(count), best]
    # other text reaching into the field's rows from outside costs what it covers (not the held
    # line, nor the lines of a held stack)
    covers[np.arange(count), best] = 0
    for member in lines.members[best].T:
        inner = member >= 0
        covers[np.flatnonzero(inner), member[inner]] = 0
    intruding = np.clip(covers.sum(axis=1), 0, 1) * config.intrusion_cost
    field_scores = np.clip(held_scores - intruding, 0, 1)
    held = held_scores >= config.held
    left, right = rects[:, 0], rects[:, 2]
    line_left, line_right = lines.left[best], lines.right[best]
    slack = config.crossing_slack * (rects[:, 3] - rects[:, 1])
    crossing = held & ((line_left < left - slack) | (line_right > right + slack))
    claimed = np.zeros(len(lines), bool)
    claimed[best[held]] = True
    claimed |= (scores > config.held).any(axis=0)
    lengths = lines.right - lines.left
    stray = float(lengths[~claimed].sum() / max(1e-6, lengths.sum()))
    return Fit(
        score=float(field_scores.mean()),
        fields=tuple(round(float(s), 3) for s in field_scores),
        held=float(held.mean()),
        crossing=float(crossing.sum() / max(1, held.sum())),
        stray=stray,
        lines=tuple(int(b) if h else -1 for b, h in zip(best, held, strict=True)),
        outshone=_outshone(rects[held], best[held], claimed, lines, config) if judged else 0.0,
    )


def _outshone(rects: np.ndarray, held: np.ndarray, claimed: np.ndarray, lines: Lines, config: FitConfig) -> float:
    """The share of fields (`rects`, holding the lines `held`; `claimed`: the lines any field
    holds) whose line is a label's size, with a line of a value's size that no field holds a
    row above or below, over the field's width (`FitConfig.label_share`). Labels are smaller
    than values: fields a row off, on the labels, have the values beside them."""
    if not len(rects):
        return 0.0
    members = lines.members
    own = lines.line_height[held]
    taken = claimed.copy()
    stacked = members[claimed]  # a stack a field holds takes its lines with it
    taken[stacked[stacked >= 0]] = True
    free = (members[:, 1] < 0) & ~taken  # single lines no field holds
    tall = rects[:, 3] - rects[:, 1]
    off = np.abs(lines.y[None, :] - (rects[:, 1, None] + rects[:, 3, None]) / 2) / tall[:, None]
    over = _overlap(rects, lines) / np.maximum(lines.right - lines.left, 1.0) > 0.5
    near, far = config.beside_rows
    beside = (off > near) & (off < far) & over & free
    valued = (lines.height >= config.outshining * own[:, None]) & (lines.height <= config.value_share * tall[:, None])
    labelled = own < config.label_share * tall
    return float((labelled & (beside & valued).any(axis=1)).mean())


def lines_cut(lines: Lines, template: Template) -> int:
    """How many of the detected `lines` (in the reference frame, without stacks) the document's
    left or right side runs through, with a line's height or more of each on either side. A
    document's own edge cuts no text; an outline drawn across a printed sheet cuts the lines of
    its columns."""
    height, left, right, width = lines.height, lines.left, lines.right, template.width
    in_rows = (lines.y > 0) & (lines.y < template.height)
    across = ((left < -height) & (right > height)) | ((left < width - height) & (right > width + height))
    return int((in_rows & across).sum())


@dataclass(frozen=True)
class Refinement:
    """A correction (3x3, reference to reference), the fit it gives, and what it costs: how far
    it moves the document's corners (a candidate that must be moved far is a poor one);
    `reshaped`: a whole side was moved (the outline was a row or band off, so it proves little)."""

    correction: np.ndarray
    fit: Fit
    cost: float
    reshaped: bool = False

    @property
    def score(self) -> float:
        return self.fit.score - self.cost


def refine(template: Template, lines: Lines, config: FitConfig) -> Refinement:
    """The small correction that makes `lines` (in the reference frame) fit the fields best,
    less what its moves cost (`move_cost` per share of the size the corners move on average).

    First a shift, searched over a grid no wider than half the spacing of the field rows (a
    whole row's shift would put each value in its neighbour's rectangle); then each corner of
    the document moved in turn, in halving steps (a homography: perspective the outline missed),
    each move kept only when the fit gains more than it costs. Between the two, whole sides are
    searched over a wider grid (`_sides_moved`): the left and right always, the top and bottom
    in a candidate that still fits poorly; once a side at a time and once with the two sides
    across an axis also moved apart, keeping the better.
    """
    rects = rects_of(template)
    size = np.array([template.width, template.height], np.float32)
    longer = float(size.max())
    reach = np.array([config.max_shift * size[0],
                      min(config.max_shift * size[1], config.row_fraction * _row_spacing(rects))], np.float32)
    if not len(lines):
        return Refinement(np.eye(3), fit_lines(rects, lines, config, judged=True), 0.0)

    def cost(moves: np.ndarray) -> float:
        return config.move_cost * float(np.hypot(*moves.T).mean()) / longer

    def shift_objective(dx: float, dy: float) -> float:
        return fit_lines(rects, lines.shifted(dx, dy), config).score - cost(np.array([(dx, dy)], np.float32))

    coarse, fine = config.coarse_step * longer, config.fine_step * longer
    best = (shift_objective(0.0, 0.0), 0.0, 0.0)
    for step, span, around in ((coarse, reach, (0.0, 0.0)), (fine, (2 * coarse,) * 2, None)):
        centre = around if around is not None else (best[1], best[2])
        for dx in centre[0] + np.arange(-span[0], span[0] + step / 2, step):
            for dy in centre[1] + np.arange(-span[1], span[1] + step / 2, step):
                if abs(dx) <= reach[0] and abs(dy) <= reach[1]:
                    value = shift_objective(float(dx), float(dy))
                    if value > best[0] + 1e-6:
                        best = (value, float(dx), float(dy))
    corners = _reference(template)
    moves = np.tile(np.array((best[1], best[2]), np.float32), (4, 1))

    def corner_objective(moved: np.ndarray) -> float:
        return fit_lines(rects, Lines.of(lines.points, _homography(corners, moved)), config).score - cost(moved)

    value = corner_objective(moves)
    shifted = moves
    # the left and right sides always: moving one stretches every row alike, and fits no label better
    sides = (0, 1, 2, 3) if value < config.reshape_below else (1, 3)
    # one side at a time, and with both sides across an axis moved apart too: each search can
    # stop on a row's shift the other passes by
    moves, value = max((_sides_moved(moves, value, corner_objective, size, config, sides, apart)
                        for apart in (False, True)), key=lambda searched: searched[1])
    lifted = moves - shifted  # the sides' moves: each corner's own steps are bounded around them
    limit = config.max_corner_move * size
    step = config.corner_step * longer
    while step >= fine:
        improved = True
        while improved:
            improved = False
            for corner in range(4):
                for axis in range(2):
                    for sign in (-1.0, 1.0):
                        trial = moves.copy()
                        trial[corner, axis] += sign * step
                        if abs(trial[corner, axis] - lifted[corner, axis]) > limit[axis]:
                            continue
                        candidate = corner_objective(trial)
                        if candidate > value + 1e-4:
                            value, moves, improved = candidate, trial, True
        step /= 2
    # reshaped: the sides moved, and a corner ended further from the shift than the shift's own
    # reach (about half a row): the outline was a row or band off (a nudge within it is not)
    reshaped = bool(lifted.any() and (np.abs(moves - shifted) > reach).any())
    correction = _homography(corners, moves)
    judged = fit_lines(rects, Lines.of(lines.points, correction), config, judged=True)
    return Refinement(correction, judged, cost(moves), reshaped)


# Both sides across an axis moved apart (or together): top (TL, TR) up and bottom (BR, BL)
# down, left (BL, TL) left and right (TR, BR) right.
_APART = ((1, (0, 2), {0: -1.0, 1: -1.0, 2: 1.0, 3: 1.0}), (0, (1, 3), {3: -1.0, 0: -1.0, 1: 1.0, 2: 1.0}))


def _sides_moved(moves: np.ndarray, value: float, objective: Callable[[np.ndarray], float], size: np.ndarray,
                 config: FitConfig, sides: tuple[int, ...] = (0, 1, 2, 3), apart: bool = False
                 ) -> tuple[np.ndarray, float]:
    """`moves` with whole sides moved along the document's axes and its value: in each of four
    rounds at most, each of `sides` (0-3: top, right, bottom, left) is tried over a grid as far
    as `max_side_move` (a share of the size across it) from where it lies, and the best move is
    kept when it gains `side_gain` more than it costs: an outline on an inner frame, or on the
    edge of a band, is a side's band or row short of the document's, and the corners' small
    steps stop on the labels in between. With `apart`, the two sides across an axis (both among
    `sides`) are also moved apart or together: an outline short of both ends (the card's edges
    lost against paper of its colour) fits its end rows only so, and one side's move alone stops
    a row off.
    Each round costs at most six moves times 2 * `max_side_move` / (2 * `coarse_step`) fits
    (about 180 for the defaults, 60 for the left and right alone), whatever the template's size."""
    step = 2 * config.coarse_step * float(size.max())
    # each side alone: corners side and side + 1 of TL, TR, BR, BL
    shapes = [(1 - side % 2, {side: 1.0, (side + 1) % 4: 1.0}) for side in sides]
    shapes += [(axis, signs) for axis, across, signs in _APART if apart and set(across) <= set(sides)]
    for _ in range(4):
        best = (value + config.side_gain, moves)
        for axis, signs in shapes:
            count = int(config.max_side_move * float(size[axis]) / step)
            for offset in step * np.concatenate([np.arange(-count, 0), np.arange(1, count + 1)]):
                trial = moves.copy()
                for corner, sign in signs.items():
                    trial[corner, axis] += sign * offset
                candidate = objective(trial)
                if candidate > best[0]:
                    best = (candidate, trial)
        if best[1] is moves:
            break
        value, moves = best
    return moves, value


def _reference(template: Template) -> np.ndarray:
    return np.array([(0, 0), (template.width, 0), (template.width, template.height), (0, template.height)],
                    np.float32)


def _homography(corners: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """The homography taking `corners` to `corners` + `moves`."""
    return cv2.getPerspectiveTransform(corners, (corners + moves).astype(np.float32))


def _row_spacing(rects: np.ndarray) -> float:
    """The smallest distance between the middles of two field rows (rectangles side by side share a row)."""
    middles = np.unique(np.round((rects[:, 1] + rects[:, 3]) / 2))
    gaps = np.diff(middles)
    gaps = gaps[gaps > 0.5 * float(np.median(rects[:, 3] - rects[:, 1]))]
    return float(gaps.min()) if len(gaps) else float(np.median(rects[:, 3] - rects[:, 1])) * 2
