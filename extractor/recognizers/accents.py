"""Which accent a capital letter carries, told from the ink above and below it.

The recognition model reads a letter surely but its accent poorly when it rarely saw that
accent: Ě read as É, Å as A, Ę as E, Ø as O. It then spreads its probability over the letter's
forms (`LineRead.variants`). Among the forms it considers, the mark printed over the letter (a
stroke rising to the right or to the left, a V, a roof, two dots, a ring, a dot, a bar),
whether one hangs under it, and a stroke through it (an O's bowl parted in two, ink crossing an
L's or a D's stem) decide; when the ink is unclear, or several forms fit it, the model's choice
stands, as it does where the model read a mark and the ink shows none (blur and small print
pale a mark past the ink's tone split; a mark seen is evidence, none seen is not). A letter the
model read surely whose ink plainly shows another form of it is doubted (the field is flagged),
and takes that form when it is the only one with the mark seen above it (Ň read as Ñ, Å as A).
Two letters the model hardly knows in their accented forms are told by their shape among the
letters it weighed: an I's narrow stem (Ì read as È) and a G's bar (Ğ read as Č).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import cv2
import numpy as np

if TYPE_CHECKING:
    from .recognition import LineRead

Mark = Literal["none", "acute", "grave", "double_acute", "cup", "roof", "dots", "ring", "dot", "bar", "notch"]

# The mark above each combining accent looks like (caron and breve are both a cup; macron and
# tilde both a bar, at the sizes printed on documents).
_ABOVE: dict[str, Mark] = {
    "\u0301": "acute", "\u0300": "grave", "\u030b": "double_acute", "\u030c": "cup", "\u0306": "cup",
    "\u0302": "roof", "\u0308": "dots", "\u030a": "ring", "\u0307": "dot", "\u0304": "bar", "\u0303": "bar",
}
_BELOW = frozenset("\u0327\u0328\u0326\u0323")  # cedilla, ogonek, comma and dot below
# A form of a capital the model gives this probability is one it hesitated over: the ink decides
# among those.
VARIANT_FLOOR = 0.02
# How often a mark seen plainly is the mark printed (shapes on the development pool's scans).
MARK_TRUST = 0.9
# The probability left to a letter whose plainly seen marks fit none of the forms the model gave
# more than a trace (it takes the form they fit when only one does).
DOUBTED = 0.3
# Marks plain enough to replace the model's choice of a letter it was sure of (doubted): a mark
# above, nothing below. No mark may be one faded (blur, glare), a dot a blurred stroke, and
# ink under a letter a neighbour's cedilla or the guilloche (development pool: these gained
# 31 letters and lost none; the others gained 10 and lost 13).
_TAKEN: frozenset[tuple[Mark, bool]] = frozenset(
    (mark, False) for mark in ("acute", "grave", "cup", "roof", "dots", "ring"))
# A dot is taken over an I alone: a small acute blurred looks like one over an N (Ń), but an I's
# acute stays a slanted stroke (development pool, 256 images: 17 I's seen dotted, all of them İ).
_DOT_TAKEN = frozenset("İ")
# An accented capital whose ink is no wider than this share of the capital height is an I (a bold
# serif I 0.36-0.44 with its serifs, E, A, O and U 0.6 and more).
NARROW_LETTER = 0.5
NARROWER = 0.6  # ... and than this share of the line's median letter (a condensed face's E is narrow too)
# A G's bar and the stem under it close the letter's right side (its last BAR_SIDE) between
# BAR_LOW and BAR_HIGH of the capital height above the baseline, where a C stands open. A Ğ the
# model reads as Č gives ğ 0.019-0.025.
BAR_LOW, BAR_HIGH, BAR_SIDE = 0.3, 0.55, 0.25
OTHER_LETTER = 0.01  # the G's form the model must give for the ink to decide
# Letters drawn with a stroke through them carry nothing above or below.
STROKED = {"Ł": "L", "Ø": "O", "Đ": "D", "Ħ": "H"}
# The stroke is seen when it parts an O's bowl in two (each part this share of the squared
# capital height at least: a speck of ground between blurred strokes is less), or when ink
# reaches this share of the capital height left of an L's or a D's stem at mid height (Ł and Đ
# 0.06-0.2 in the bundled faces, L and D never past their stem). A stroke not seen may be one
# blur hid: only a stroke seen counts.
STROKE_HOLE = 0.01
STROKE_HALVES = 0.5  # ... and, in an O run together with a neighbour, the smaller this share of the larger
STROKE_REACH = 0.05

# Ink above a letter's top or below the line's baseline counts as a mark when it covers this
# share of the squared capital height (an acute accent covers about 3 %, a speck of noise under 1 %).
MARK_AREA = 0.008
# A mark reaches this share of the capital height past the capitals' top or the baseline (accents
# 0.2-0.3); a round letter's overshoot or a letter printed a little off the line (blurred or
# not) stays short of it.
MARK_REACH = 0.15
# Rows of slack at the capitals' top and the baseline, as a share of the capital height:
# serifs and antialiasing reach a little past them.
EDGE_SLACK = 0.07
# How far the middle of a mark's stroke must sink (a cup) or rise (a roof) below or above its
# ends, or its right end rise over its left (acute) or fall (grave), as a share of its height.
BEND = 0.25
SLANT = 0.3
# A dot is about as wide as high and under this share of the capital height.
DOT_SIZE = 0.3
DOT_FILL = 0.7  # share of its bounding box a dot fills (an accent's stroke fills about half)
# A ring printed onto its letter (Å in a bold face) closes this share of the capital height
# below the capitals' top; the letter's own holes (A, R, B) open lower.
RING_REACH = 0.15
FRAME_FILL = 0.8  # share of its bounding box a frame's bar at the line's end fills (letters far less)
# A stroke spanning this share of the line image's height at least, no wider than RULE_WIDTH of
# it, is a frame's rule the crop took in, anywhere along the line: the line's margins keep a
# letter, its marks included, under 0.72 of the image's height, and its stem is 0.1-0.17 of the
# capital height.
RULE_SPAN = 0.8
RULE_WIDTH = 0.1
MIN_CAPITAL_HEIGHT = 8  # pixels of the line image: smaller capitals leave their marks shapeless
# A letter as wide as this many capital heights is two letters run together: not judged.
MAX_LETTER_WIDTH = 1.3
# The model places a narrow letter's column up to this share of the capital height beside its ink
# (an I read 6 px right of its 3-px stem at a 27-px capital height).
NEAR_LETTER = 0.5


@functools.cache  # asked for each form of each capital of each line read
def marks(char: str) -> tuple[str, Mark, bool] | None:
    """The base letter of `char`, the mark above it and whether one hangs below (None: a
    letter with two marks above, which the ink cannot tell apart)."""
    if char in STROKED:
        return STROKED[char], "none", False
    decomposed = unicodedata.normalize("NFD", char)
    base, accents = decomposed[0], decomposed[1:]
    above = [_ABOVE[a] for a in accents if a in _ABOVE]
    if len(above) > 1 or any(a not in _ABOVE and a not in _BELOW for a in accents):
        return None
    return base, (above[0] if above else "none"), any(a in _BELOW for a in accents)


def settle(image: np.ndarray, read: LineRead) -> LineRead:
    """`read` with each capital's accent chosen by the ink in the line `image` among the forms
    the model hesitated over, and doubted where the ink plainly shows a form of the letter the
    model did not consider (see the module docstring)."""
    if not any(read.variants) or any(c.islower() for c in read.chars):
        return read  # small letters leave the capitals' height and top unknown
    ink = _ink(image)
    line = _capitals(ink)
    if line is None:
        return read
    chars, probabilities = list(read.chars), list(read.probabilities)
    for index, forms in enumerate(read.variants):
        if not forms:
            continue
        described = [(form, probability, marks(form)) for form, probability in forms]
        neighbours = read.columns[max(0, index - 1):index] + read.columns[index + 1:index + 2]
        stroked = any(form in STROKED for form, _ in forms) and _stroke_seen(
            line, read.columns[index], neighbours, STROKED.get(chars[index], chars[index]))
        if not stroked and any(found is None or found[1] == "double_acute" for _, _, found in described):
            continue  # two strokes run together or apart look like one acute or two dots
        # a stroke's ends reach past the letter's top and baseline, as marks above and below would
        seen: tuple[Mark, bool] | None = (
            ("none", False) if stroked else _seen_marks(ink, line, read.columns[index], neighbours))
        if seen is None:
            continue
        other = _narrow_as_i(line, read, index, neighbours) or _barred_as_g(line, read, index, neighbours, seen)
        if other is not None:
            chars[index] = other  # the model's probability of the letter stands: it weighed that form too
            continue
        read_as = marks(chars[index])
        if seen == ("none", False) and not stroked and read_as is not None and read_as[1] != "none":
            # no mark seen over a letter the model read with one: under blur or in small print a
            # mark pales past the tone split (development documents 0-47: each of the 12 marks
            # the ink so took off was printed; kept, documents 704-799 gained 8 values, lost 1).
            # Nor is the letter doubted where the model gave the bare form under VARIANT_FLOOR.
            continue
        fitting = [(probability, form) for form, probability, found in described
                   if found and _agrees(found[1:], seen) and (form in STROKED or not stroked)]
        considered = [(probability, form) for probability, form in fitting
                      if probability >= VARIANT_FLOOR or form == chars[index]]
        best_probability, best = max(considered, default=(0.0, chars[index]))
        if best != chars[index]:
            # the model is as sure of the letter as of all its forms together; the ink says which form
            chars[index] = best
            mass = min(1.0, sum(probability for _, probability in forms))
            probabilities[index] = max(best_probability, MARK_TRUST * mass)
        elif fitting and not considered and seen[0] != "notch":  # a tilde or a bar never looks plain (`_shape`)
            # the one form the ink shows, against the model's word: flagged
            if len(fitting) == 1 and (seen in _TAKEN or (seen == ("dot", False) and fitting[0][1] in _DOT_TAKEN)):
                chars[index] = fitting[0][1]
            probabilities[index] = min(probabilities[index], DOUBTED)
    if chars == list(read.chars) and probabilities == list(read.probabilities):
        return read
    return replace(read, chars=tuple(chars), probabilities=tuple(probabilities))


def weighed_marks(read: LineRead, at_least: float) -> frozenset[str]:
    """The marked forms of capitals (Ł, Ó) the model gave `at_least` where it read the plain
    letter (L, O) in `read`."""
    return frozenset(form for char, forms in zip(read.chars, read.variants, strict=False)
                     if marks(char) == (char, "none", False)
                     for form, probability in forms if probability >= at_least and marks(form) != (form, "none", False))


def ink_chosen(read: LineRead) -> frozenset[str]:
    """The letters of `read` (settled) whose form the ink chose over the model's likeliest."""
    return frozenset(char for char, forms in zip(read.chars, read.variants, strict=False)
                     if forms and char != max(forms, key=lambda form: form[1])[0])


def _narrow_as_i(line: _Capitals, read: LineRead, index: int, neighbours: Sequence[float]) -> str | None:
    """The I with the mark of the accented capital read at `index` (None: none fits), where the
    letter's ink is as narrow as an I's stem and the model liked an I's form there too: it knows
    some accented I's hardly at all and reads them as a wide letter with that mark (Ì as È or À)."""
    found = marks(read.chars[index])
    if found is None or found[0] in "IJ" or found[1:] == ("none", False):
        return None
    letter = _letter(line, read.columns[index], neighbours)
    typical = float(np.median(line.stats[line.letters, cv2.CC_STAT_WIDTH]))
    if letter is None or letter[2] - letter[1] > min(NARROW_LETTER * line.height, NARROWER * typical):
        return None
    if not _given_forms(read, index, "I", VARIANT_FLOOR):
        return None
    composed = unicodedata.normalize("NFC", "I" + unicodedata.normalize("NFD", read.chars[index])[1:])
    return composed if len(composed) == 1 else None


def _barred_as_g(line: _Capitals, read: LineRead, index: int, neighbours: Sequence[float],
                 seen: tuple[Mark, bool]) -> str | None:
    """The G's form the model gave (OTHER_LETTER at least) with the mark `seen` over the accented C
    read at `index`, where its ink closes on the right at mid height as a G's bar does and a C's
    open side does not (None: none fits): the model reads a Ğ surely as Č."""
    found = marks(read.chars[index])
    if found is None or found[0] != "C" or found[1] == "none":
        return None
    forms = [(probability, form) for probability, form, described in _given_forms(read, index, "G", OTHER_LETTER)
             if _agrees(described[1:], seen)]
    letter = _letter(line, read.columns[index], neighbours)
    if not forms or letter is None:
        return None
    blob, x0, x1 = letter
    baseline = line.baseline((x0 + x1) / 2)
    rows = slice(round(baseline - BAR_HIGH * line.height), round(baseline - BAR_LOW * line.height))
    right = slice(round(x1 - BAR_SIDE * (x1 - x0)), x1)
    return max(forms)[1] if (line.labels[rows, right] == blob).any() else None


def _given_forms(read: LineRead, index: int, base: str,
                 floor: float) -> list[tuple[float, str, tuple[str, Mark, bool]]]:
    """The capital forms of `base` among the classes the model liked next at `index`, given
    `floor` at least: (probability, capital form, its marks)."""
    given = []
    for form, probability in read.alternatives[index] if read.alternatives else ():
        capital = form.upper()
        described = marks(capital) if len(capital) == 1 and probability >= floor else None
        if described is not None and described[0] == base:
            given.append((probability, capital, described))
    return given


def _agrees(printed: tuple[Mark, bool], seen: tuple[Mark, bool]) -> bool:
    """Whether marks `seen` in the ink fit a form printed with these marks (a notch, a V printed
    onto its letter, is a caron or two dots blurred together: it only speaks among the forms
    the model weighed)."""
    return printed == seen or (seen[0] == "notch" and printed[0] in ("cup", "dots") and printed[1] == seen[1])


def _ink(image: np.ndarray) -> np.ndarray:
    """The line's ink as a 0/1 mask (the ground is the larger Otsu class, dark or light)."""
    _, dark = cv2.threshold(image, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return dark if dark.mean() <= 0.5 else 1 - dark


class _Capitals:
    """The line's ink as labelled blobs, the capitals among them, and the capitals' baseline
    and height (a line tilted a little has its baseline sloped)."""

    def __init__(self, labels: np.ndarray, stats: np.ndarray, letters: np.ndarray) -> None:
        self.labels, self.stats, self.letters = labels, stats, letters
        self.middles = stats[:, cv2.CC_STAT_LEFT] + stats[:, cv2.CC_STAT_WIDTH] / 2  # of every blob
        bottoms = (stats[letters, cv2.CC_STAT_TOP] + stats[letters, cv2.CC_STAT_HEIGHT]).astype(np.float64)
        centres = self.middles[letters]
        # medians, so that marks printed onto a few letters (above or below) do not move them:
        # the slope is the median of every pair of letters' (Theil-Sen)
        across = centres[None, :] - centres[:, None]
        pairs = np.triu(np.abs(across) >= 1, k=1)
        steps = (bottoms[None, :] - bottoms[:, None])[pairs] / across[pairs]
        self.slope = float(np.median(steps)) if steps.size else 0.0
        self.intercept = float(np.median(bottoms - self.slope * centres))
        self.height = float(np.median(stats[letters, cv2.CC_STAT_HEIGHT]))

    def baseline(self, x: float) -> float:
        return self.intercept + self.slope * x


def _capitals(ink: np.ndarray) -> _Capitals | None:
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    # a solid bar from the line image's top to its bottom at its left or right end, or a thin rule
    # nearly as tall anywhere, is a frame or a shadow the crop took in beside the text, no letter:
    # taller than the capitals, it would leave them out (an accented capital run together with its
    # neighbours may span the height too)
    left, width = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_WIDTH]
    solid = stats[1:, cv2.CC_STAT_AREA] >= FRAME_FILL * width * heights
    at_end = solid & ((left == 0) | (left + width == ink.shape[1]))
    rule = (heights >= RULE_SPAN * ink.shape[0]) & (width <= RULE_WIDTH * ink.shape[0])
    letters = ~(((heights == ink.shape[0]) & at_end) | rule)
    if not letters.any():
        return None
    line = _Capitals(labels, stats, 1 + np.flatnonzero(letters & (heights >= 0.5 * heights[letters].max())))
    return line if line.height >= MIN_CAPITAL_HEIGHT else None


def _letter(line: _Capitals, column: float, neighbours: Sequence[float]) -> tuple[int, int, int] | None:
    """The blob of the capital at `column`, and the columns [x0, x1) it spans (None: unclear).
    Letters run together (a neighbouring character's column in the same ink) are parted halfway
    between the columns. A narrow letter (I, J) the model placed a little beside its ink is the
    one blob between its neighbours' columns that holds neither."""
    left = line.stats[line.letters, cv2.CC_STAT_LEFT]
    right = left + line.stats[line.letters, cv2.CC_STAT_WIDTH]
    holding = line.letters[(left <= column) & (column < right)]
    if not len(holding):
        before = max((x for x in neighbours if x < column), default=-np.inf)
        after = min((x for x in neighbours if x > column), default=np.inf)
        holding = line.letters[(before < left) & (right <= after) & (np.abs((left + right) / 2 - column)
                                                                    <= NEAR_LETTER * line.height)]
    if len(holding) != 1:
        return None
    letter = int(holding[0])
    x0 = int(line.stats[letter, cv2.CC_STAT_LEFT])
    x1 = x0 + int(line.stats[letter, cv2.CC_STAT_WIDTH])
    for other in neighbours:
        if x0 <= other < x1:
            halfway = round((column + other) / 2)
            x0, x1 = (max(x0, halfway), x1) if other < column else (x0, min(x1, halfway))
    if x1 - x0 > MAX_LETTER_WIDTH * line.height:
        return None
    return letter, x0, x1


def _stroke_seen(line: _Capitals, column: float, neighbours: Sequence[float], base: str) -> bool:
    """Whether the capital at `column` plainly shows a stroke through it (Ø, Ł, Đ; `base`: the
    letter without it)."""
    found = _letter(line, column, neighbours)
    if found is None or base not in ("O", "L", "D"):
        return False
    letter, x0, x1 = found
    top = int(line.stats[letter, cv2.CC_STAT_TOP])
    own = line.labels[top:top + int(line.stats[letter, cv2.CC_STAT_HEIGHT]), x0:x1] == letter
    alone = x0 == line.stats[letter, cv2.CC_STAT_LEFT] and x1 == x0 + line.stats[letter, cv2.CC_STAT_WIDTH]
    if base == "O":
        areas = sorted((cv2.contourArea(hole) for hole in _holes(own)), reverse=True)
        halves = [area for area in areas if area >= STROKE_HOLE * line.height**2]
        # run together, a neighbour's whole counter may lie past the parting: the stroke's two
        # halves of one bowl are alike, a bowl and a counter need not be
        return len(halves) >= 2 and (alone or halves[1] >= STROKE_HALVES * halves[0])
    if not alone:
        return False  # run together with a neighbour: its ink beside the stem is no stroke
    rows = own.shape[0]
    lefts = np.array([np.flatnonzero(row)[0] if row.any() else own.shape[1] for row in own])
    stem = lefts[round(0.12 * rows):max(round(0.12 * rows) + 1, round(0.3 * rows))]  # under a serif
    middle = lefts[round(0.35 * rows):max(round(0.35 * rows) + 1, round(0.7 * rows))]
    return bool(np.median(stem) - middle.min() >= STROKE_REACH * line.height)


def _seen_marks(ink: np.ndarray, line: _Capitals, column: float, neighbours: Sequence[float] = ()
                ) -> tuple[Mark, bool] | None:
    """The mark above and whether one hangs below the capital at `column` (None: unclear). Letters
    run together (a neighbouring character's column in the same ink) are parted halfway between
    the columns: a cedilla under one is no mark of the other."""
    found = _letter(line, column, neighbours)
    if found is None:
        return None
    letter, x0, x1 = found
    slack = EDGE_SLACK * line.height
    baseline = line.baseline((x0 + x1) / 2)
    capital_top = baseline - line.height
    top, bottom = max(0, round(capital_top - slack)), round(baseline + slack)
    reach = MARK_REACH * line.height
    least = MARK_AREA * line.height**2
    # the letter's own marks: not a neighbour's stroke reaching over or under it (the hook of a
    # J under the letter before it, the cedilla of a Ş after it), nor the next line cut by the
    # crop's bottom edge; a mark stands over or under the middle of its letter
    aside = np.flatnonzero((line.middles < x0) | (line.middles >= x1))
    others = np.setdiff1d(np.union1d(np.union1d(line.letters, line.labels[-1]), aside), [0, letter])
    own = ink[:, x0:x1] * ~np.isin(line.labels[:, x0:x1], others)
    far_top, far_bottom = max(0, round(capital_top - reach)), round(baseline + reach)
    above = _beyond(own[:top], own[:far_top], least)
    below = _beyond(own[bottom:], own[far_bottom:], least)
    if above is None or below is None:
        return None  # a speck, a faint mark, or a letter's own overshoot blurred: cannot say
    mark: Mark | None
    if not above:
        if line.stats[letter, cv2.CC_STAT_TOP] < capital_top - slack:
            return None  # the letter stands taller than the capitals: a mark too small to see merged into it
        mark = "none"
    elif _ring(own[: round(capital_top + RING_REACH * line.height)], capital_top):
        mark = "ring"  # printed apart from its letter or onto it
    elif letter in line.labels[:top, x0:x1]:
        # printed onto its letter: what rises over the capitals' top keeps a stroke's slant,
        # but a V or a ring cut there looks like other marks
        mark = _shape(own[:top], line.height)
        if mark not in ("acute", "grave"):
            mark = "notch" if _notched(own[:top]) else None  # a caron or dots (`_agrees`)
            if mark is None:
                return None
    else:
        marks = np.unique(line.labels[:top, x0:x1][own[:top] > 0])
        mark = _shape(np.isin(line.labels[:bottom], marks), line.height)
    return None if mark is None else (mark, below)


def _beyond(near: np.ndarray, far: np.ndarray, least: float) -> bool | None:
    """Whether a mark lies past a letter's top or baseline: ink past the slack (`near`) with
    part of it well past (`far`); None when there is some ink, too little or too close to say."""
    if near.sum() < least / 3:
        return False
    if near.sum() >= least and far.sum() >= least / 2:
        return True
    return None


def _shape(mask: np.ndarray, capital_height: float) -> Mark | None:
    """What the mark(s) in `mask` look like (None: unclear, or a bar, which dots run together
    by blur also look like)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    parts = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 2]
    if len(parts) == 2:
        return "dots"  # or a double acute: forms that carry one are never judged (`settle`)
    if len(parts) != 1:
        return None
    blob = (labels == parts[0]).astype(np.uint8)
    ys, xs = np.nonzero(blob)
    height, width = int(ys.max() - ys.min() + 1), int(xs.max() - xs.min() + 1)
    tops, bottoms = _edges(blob)
    if len(tops) < 3:
        return None
    third = max(1, len(tops) // 3)

    def ends_and_middle(profile: np.ndarray) -> tuple[float, float]:
        return (profile[:third].mean() + profile[-third:].mean()) / 2, profile[third:-third].mean()

    # rows grow downwards: a cup's underside sinks in the middle while its top does not rise
    # there; a roof's top rises while its underside does not sink; a dot does both
    top_ends, top_middle = ends_and_middle(tops)
    bottom_ends, bottom_middle = ends_and_middle(bottoms)
    sinks, rises = (bottom_middle - bottom_ends) / height, (top_ends - top_middle) / height
    centres = (tops + bottoms) / 2
    slope = (centres[-third:].mean() - centres[:third].mean()) / height
    if (max(height, width) <= DOT_SIZE * capital_height and 0.6 <= width / height <= 1.7
            and blob.sum() >= DOT_FILL * height * width and abs(slope) < SLANT / 2):
        return "dot"  # a small solid blob: its rounded corners are no bend
    if sinks >= BEND and rises < BEND / 2 and sinks > abs(slope):
        return "cup"
    if rises >= BEND and sinks < BEND / 2 and rises > abs(slope):
        return "roof"
    if abs(slope) >= SLANT:
        return "acute" if slope < 0 else "grave"
    return None


def _notched(mask: np.ndarray) -> bool:
    """Whether the ink in `mask` (a mark cut from its letter below) is a V: its top edge dips in
    the middle between two raised ends (a caron printed onto its letter, blurred or small; an
    acute, a grave or a roof has no such dip; two dots blurred together have one)."""
    tops, _ = _edges(mask)
    if len(tops) < 5:
        return False
    height = float(mask.shape[0] - tops.min())
    third = max(1, len(tops) // 3)
    left, middle, right = tops[:third].min(), tops[third:-third].max(), tops[-third:].min()
    return bool(min(middle - left, middle - right) >= BEND * height)


def _edges(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The top and bottom row of the ink in each inked column of `mask`, left to right."""
    columns = mask[:, np.flatnonzero(mask.any(axis=0))].astype(bool)
    rows = np.arange(mask.shape[0])[:, None]
    tops = np.where(columns, rows, mask.shape[0]).min(axis=0).astype(np.float64)
    bottoms = np.where(columns, rows, -1).max(axis=0).astype(np.float64)
    return tops, bottoms


def _ring(ink: np.ndarray, top: float) -> bool:
    """Whether `ink` holds a hole whose middle lies above row `top` (a ring over the letter)."""
    return any(hole[:, 0, 1].mean() < top for hole in _holes(ink))


def _holes(ink: np.ndarray) -> list[np.ndarray]:
    """The outlines of the ground `ink` (a 0/1 mask) encloses."""
    contours, hierarchy = cv2.findContours(ink.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    return [contour for contour, (*_, parent) in zip(contours, hierarchy[0], strict=True) if parent >= 0]

