"""Where the text is: skew of a card, text lines inside a region, word gaps inside a line.

Classical image analysis (OpenCV), cheap next to the neural models: it decides what
the recognition model is shown, and tells when only text detection can decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

from ..geometry import Rect
from .ppocr import DB_UNCLIP_RATIO, LINE_HEIGHT, LineRead

MAX_SKEW_DEGREES = 15.0
MIN_SKEW_DEGREES = 0.25
WORD_GAP = 0.42  # blank columns, relative to the text height, that make a word space
SEEN_SPACE = 0.15  # the model's space probability between two characters that makes one without a gap
POSSIBLE_SPACE = 0.005  # ... and under which even a wide gap is none
# Tone gap over tone spread of a crop's two Otsu classes: text scores 4+, pure noise
# under 2.2, faint text on noise in between.
BLANK_SEPARATION = 3.0
NOISE_SEPARATION = 2.0
FAINT_SPAN = 60  # grey levels between a crop's darkest and lightest 1 %, under which it is faint
MAX_LINES = 3  # more "lines" than a field holds means a pattern or noise
SPECK_SHARE = 0.15  # ink of a group of columns, next to the inkiest group, under which it is noise
# ... a group being parted from the rest by a blank this many times the line's height: a word
# space of a wide face reaches the height of its capitals ("Tommaseo 7": the 7 is no speck)
SPECK_GAP = 1.5
# A crop whose ground rises to this grey level and this far above most of it is washed out
# in part: its ink is levelled before lines are looked for and read.
WASHED_GROUND = 232
WASHED_RISE = 14
# A lone letter on a patterned ground (`_mark`): its darkest pixels (this percentile)
# lie this far below the ground, and half-way down they form a blot this tall (pixels, and
# share of the crop's height), where a speck of dust or a pattern's stroke does not.
MARK_PERCENTILE = 0.2
MARK_DEPTH = 80.0
MIN_MARK_HEIGHT = 6
MARK_SHARE = 0.2
X_HEIGHT_SHARE = 0.4  # of the tall marks' height: small letters beside them, not specks, join their line
MIN_INK_DEPTH = 24.0  # grey levels: shallower ink is never scaled up to full black (noise stays faint)
# A signature, a seal or a guilloche rosette beside a value, inside the field's rectangle, reads
# as a run of unsure characters set apart from the value: a run at either end of a line, this
# many text heights away from the rest, read this unsurely (mean probability) while the rest
# reads surely, is no part of the value.
SCRIBBLE_GAP = 1.5
SCRIBBLE_MEAN = 0.75
SURE_MEAN = 0.9
# ... and looping strokes read as three or more letters standing this many text heights apart (the
# median step between characters; print steps under one height, letter-spaced titles about 1.2).
SCRIBBLE_STEP = 1.6


@dataclass(frozen=True)
class Cleanup:
    """Per-line image cleaning, from the request's settings."""

    contrast: bool = True
    binarize: bool = False
    upsample: bool = False


@dataclass(frozen=True)
class Line:
    """A text line ready for recognition."""

    image: np.ndarray  # grey, LINE_HEIGHT rows
    ink_height: float  # height of the text itself inside `image`, in pixels


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _ink_mask(gray: np.ndarray) -> np.ndarray | float:
    """Text pixels of a crop (dark or light text), or, when the crop looks blank, how
    separated its two tones are (see `BLANK_SEPARATION`)."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    threshold, mask = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    dark, light = smooth[smooth <= threshold], smooth[smooth > threshold]
    if dark.size == 0 or light.size == 0:
        return 0.0
    # Text is two well-separated tones; a blank or noisy crop is one tone split in two.
    spread = float(np.sqrt((dark.var() + light.var()) / 2)) + 1.0
    separation = abs(float(light.mean()) - float(dark.mean())) / spread
    if separation < BLANK_SEPARATION:
        return separation
    if dark.size > light.size:  # light text on a dark ground
        mask = cv2.bitwise_not(mask)
    return mask


def _ink_on_level_ground(gray: np.ndarray) -> bool:
    """Whether a crop that looks blank shows ink once its ground is levelled: light falling
    off across a wide crop splits the ground into two tones, and a short word is lost between."""
    ground = cv2.medianBlur(gray, min(255, 2 * gray.shape[0] + 1))
    return not isinstance(_ink_mask(cv2.addWeighted(gray, 1.0, ground, -1.0, 128)), float)


def _mark(gray: np.ndarray) -> Rect | None:
    """The box of the dark marks as tall as a letter in a grey crop that looks blank (None: no
    such mark): a lone letter or digit is a few per cent of a patterned crop's pixels, and Otsu
    then splits the pattern's tones, not the letter from them. Detection often misses a lone
    letter too, so the mark is read as the crop's line."""
    ground, darkest = float(np.median(gray)), float(np.percentile(gray, MARK_PERCENTILE))
    if ground - darkest < MARK_DEPTH:
        return None
    dark = (gray < (ground + darkest) / 2).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    blots = stats[1:]
    tall = blots[blots[:, cv2.CC_STAT_HEIGHT] >= max(MIN_MARK_HEIGHT, MARK_SHARE * gray.shape[0])]
    if not len(tall):
        return None
    left, top = tall[:, cv2.CC_STAT_LEFT], tall[:, cv2.CC_STAT_TOP]
    right, bottom = left + tall[:, cv2.CC_STAT_WIDTH], top + tall[:, cv2.CC_STAT_HEIGHT]
    box = Rect(int(left.min()), int(top.min()), int(right.max()), int(bottom.max()))
    # small letters beside the tall ones ("178 cm") belong to the same line: blots in its band, as
    # tall as an x-height, taken in while no wider gap than the line is high parts them from it
    middles = blots[:, cv2.CC_STAT_TOP] + blots[:, cv2.CC_STAT_HEIGHT] / 2
    beside = blots[(middles >= box.top) & (middles <= box.bottom)
                   & (blots[:, cv2.CC_STAT_HEIGHT] >= X_HEIGHT_SHARE * box.height)]
    for blot in sorted(beside.tolist(), key=lambda b: abs(b[0] + b[2] / 2 - (box.left + box.right) / 2)):
        blot_left, blot_top, blot_width, blot_height = blot[:4]
        if blot_left <= box.right + box.height and blot_left + blot_width >= box.left - box.height:
            box = Rect(min(box.left, blot_left), min(box.top, blot_top),
                       max(box.right, blot_left + blot_width), max(box.bottom, blot_top + blot_height))
    return box


def split_lines(crop: np.ndarray, level_ground: bool = False) -> list[Rect] | None:
    """Tight boxes around the text lines of a crop, top to bottom.

    Returns [] for a blank crop and None when the ink does not form clean lines
    (then detection decides). With `level_ground` (contrast correction), a crop that looks
    blank is looked at again with its ground levelled.
    """
    as_cut = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    if min(as_cut.shape) < 6:
        return None
    gray = level_ink(as_cut, max(6, round(0.6 * as_cut.shape[0]))) if level_ground and washed_out(as_cut) else as_cut
    mask = _ink_mask(gray)
    if isinstance(mask, float):  # a lone mark, blank, or too faint to tell: then detection decides
        mark = _mark(as_cut)
        if mark is not None:
            return [mark]
        return [] if mask < NOISE_SEPARATION and not (level_ground and _ink_on_level_ground(gray)) else None
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    text_columns = _text_span(np.count_nonzero(mask, axis=0), gray.shape[0])
    if text_columns is None:
        return []
    mask[:, :text_columns[0]] = 0  # specks of noise or pattern far from the text are no part of a line
    mask[:, text_columns[1]:] = 0
    runs = _runs(np.count_nonzero(mask, axis=1) >= 2)  # a diacritic is a few pixels wide
    if not runs:
        return []
    # Diacritics and punctuation sit a little apart from their line: merge small gaps.
    merged = [list(runs[0])]
    for start, end in runs[1:]:
        previous = merged[-1]
        if start - previous[1] < 0.3 * max(previous[1] - previous[0], end - start):
            previous[1] = end
        else:
            merged.append([start, end])
    tallest = max(end - start for start, end in merged)
    if tallest < 5:
        return []
    boxes = []
    for start, end in merged:
        if end - start < 0.4 * tallest:  # a cut-off neighbour or a speck, not a line
            continue
        span = _text_span(np.count_nonzero(mask[start:end], axis=0), end - start)
        if span is not None:
            boxes.append(Rect(span[0], start, span[1], end))
    return boxes if len(boxes) <= MAX_LINES else None


def _text_span(counts: np.ndarray, height: int) -> tuple[int, int] | None:
    """[first, last) column of the text in a band whose columns hold `counts` ink pixels: the
    inked columns, in groups parted by blanks wider than SPECK_GAP times the band's height,
    without the groups that hold little ink next to the most (noise, a pattern's stroke, a far
    speck)."""
    inked = np.flatnonzero(counts >= 1)
    if inked.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(inked) > max(4, SPECK_GAP * height))
    groups = np.split(inked, breaks + 1)
    ink = np.array([counts[group].sum() for group in groups], np.float64)
    kept = [group for group, amount in zip(groups, ink, strict=True) if amount >= SPECK_SHARE * ink.max()]
    return int(kept[0][0]), int(kept[-1][-1]) + 1


def line_image(crop: np.ndarray, box: Rect, cleanup: Cleanup) -> Line:
    """The line `box` cut from `crop` with a margin, cleaned, LINE_HEIGHT high."""
    margin_y = max(2, round(0.2 * box.height))
    margin_x = max(4, round(0.4 * box.height))
    height, width = crop.shape[:2]
    top, bottom = max(0, box.top - margin_y), min(height, box.bottom + margin_y)
    left, right = max(0, box.left - margin_x), min(width, box.right + margin_x)
    line = cv2.copyMakeBorder(
        crop[top:bottom, left:right],
        margin_y - (box.top - top), margin_y - (bottom - box.bottom),
        margin_x - (box.left - left), margin_x - (right - box.right),
        cv2.BORDER_REPLICATE,
    )
    return _normalise(line, box.height, cleanup)


def quad_image(image: np.ndarray, quad: np.ndarray, cleanup: Cleanup) -> Line:
    """A detected quadrilateral straightened into a line image."""
    width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    line = cv2.warpPerspective(image, matrix, (max(width, 1), max(height, 1)),
                               borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return _normalise(line, height / DB_UNCLIP_RATIO, cleanup)  # DB boxes grow round the ink by about this ratio


def _normalise(line: np.ndarray, ink_height: float, cleanup: Cleanup) -> Line:
    gray = cv2.cvtColor(line, cv2.COLOR_BGR2GRAY) if line.ndim == 3 else line
    if cleanup.contrast:
        low, high = np.percentile(gray, (1, 99))
        if high - low >= 8:
            gray = cv2.convertScaleAbs(gray, alpha=255.0 / (high - low), beta=-low * 255.0 / (high - low))
    if cleanup.binarize:  # denoise first: Otsu on speckle breaks strokes
        _, gray = cv2.threshold(cv2.medianBlur(gray, 3), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    scale = LINE_HEIGHT / gray.shape[0]
    smooth = cv2.INTER_CUBIC if cleanup.upsample else cv2.INTER_LINEAR
    interpolation = cv2.INTER_AREA if scale < 1 else smooth
    new_width = max(LINE_HEIGHT // 2, round(gray.shape[1] * scale))
    gray = cv2.resize(gray, (new_width, LINE_HEIGHT), interpolation=interpolation)
    if cleanup.contrast and washed_out(gray):
        gray = level_ink(gray, LINE_HEIGHT)
    return Line(gray, ink_height * scale)


def _ground(gray: np.ndarray, height: int) -> np.ndarray:
    """The paper under the ink: a closing wider than any stroke of text `height` pixels tall."""
    size = max(3, height // 3) | 1
    return cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))


def washed_out(gray: np.ndarray) -> bool:
    """Whether a highlight whitens part of a crop: its ground rises near white in one part only."""
    ground = _ground(gray, gray.shape[0])
    low, high = np.percentile(ground, (20, 98))
    return bool(high >= WASHED_GROUND and high - low >= WASHED_RISE)


def level_ink(gray: np.ndarray, height: int) -> np.ndarray:
    """Dark ink on white, equally dark wherever it was printed: the ink's depth under its ground,
    scaled by the deepest ink within a line's height or two, so that text a highlight washed
    out reads as the rest of its line (`height`: the text's height in pixels)."""
    if float(np.median(gray)) < 100:  # light text on a dark band
        gray = cv2.bitwise_not(gray)
    depth = cv2.subtract(_ground(gray, height), gray).astype(np.float32)
    nearby = cv2.dilate(depth, np.ones((height, 2 * height), np.uint8))
    scaled = depth / np.maximum(nearby, MIN_INK_DEPTH)
    return (255 - np.clip(scaled * 255, 0, 255)).astype(np.uint8)


def without_scribbles(line: Line, read: LineRead) -> LineRead:
    """`read` less an unsure run of characters set well apart at either end (see SCRIBBLE_GAP), or
    nothing when its characters stand too far apart for print (SCRIBBLE_STEP)."""
    inked = [i for i, char in enumerate(read.chars) if char != " "]
    steps = [read.columns[b] - read.columns[a] for a, b in pairwise(inked)]
    if len(steps) >= 2 and float(np.median(steps)) >= SCRIBBLE_STEP * max(line.ink_height, 1.0):
        return LineRead((), (), ())
    gap = SCRIBBLE_GAP * max(line.ink_height, 1.0)
    breaks = [b for a, b in pairwise(inked) if read.columns[b] - read.columns[a] >= gap]
    if not breaks:
        return read
    runs = list(pairwise([inked[0], *breaks, inked[-1] + 1]))
    mean = read.mean_probability
    start, end = 0, len(read.chars)
    for first, last in runs[:-1]:  # from the left, while the run is unsure and the rest sure
        if mean(first, last) >= SCRIBBLE_MEAN or mean(last, end) < SURE_MEAN:
            break
        start = last
    for first, last in reversed(runs[1:]):
        if first <= start or mean(first, last) >= SCRIBBLE_MEAN or mean(start, first) < SURE_MEAN:
            break
        end = first
    if (start, end) == (0, len(read.chars)):
        return read
    kept = slice(start, end)
    return LineRead(read.chars[kept], read.columns[kept], read.probabilities[kept],
                    (*read.spaces[start:end - 1], 0.0) if read.spaces else (), read.margins[kept],
                    read.variants[kept])


def line_text(line: Line, read: LineRead) -> str:
    """The characters read, with a space put back where the model half saw one, or where the
    ink shows a word gap and the model did not rule one out (a gap beside a narrow letter of a
    monospaced number is no word space)."""
    gaps = _word_gaps(line)
    spaces = read.spaces or (POSSIBLE_SPACE,) * len(read.chars)  # unknown: the ink decides
    chars: list[str] = []
    previous_x = None
    previous_space = 0.0
    for char, x, space in zip(read.chars, read.columns, spaces, strict=True):
        if previous_x is not None and chars:
            seen = previous_space >= SEEN_SPACE or (
                previous_space >= POSSIBLE_SPACE and any(previous_x < left and right < x for left, right in gaps))
            # after a comma too ("01, 78"): a thousands comma ("1,000") shows neither
            if seen and (_may_split(chars[-1], char) or (chars[-1] in ",;" and char.isalnum())):
                chars.append(" ")
        chars.append(char)
        previous_x, previous_space = x, space
    text = _WORD.sub(_consistent_case, "".join(chars).strip())
    text = _TOKEN.sub(_one_kind, text)
    if text.count("<") >= 2:  # a machine-readable zone line: its filler stands for every space
        text = re.sub(r"[^<]+", _mrz_part, text.replace(" ", ""))
    # A lone letter whose small and capital forms differ only in size (x, o, s...) has no
    # x-height beside it to tell them apart: documents print such letters (a sex, a class) as capitals.
    return text.upper() if text in SIZE_ONLY_CASE else text


_WORD = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"[^\W_]{4,}")
# Look-alikes the model mistakes for one another across letters and digits.
_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
_AS_DIGIT = {"O": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
SIZE_ONLY_CASE = frozenset("cosuvwxz")


def _consistent_case(match: re.Match[str]) -> str:
    """An upper-case word with one lower-case letter in it is upper case.

    The model often reads a capital with a diacritic (Ï, Ö) as its small form
    when the line gives it no x-height to compare with.
    """
    word = match.group()
    lower = sum(c.islower() and len(c.upper()) == 1 for c in word)  # ß stays ß in capitals
    if lower != 1 or len(word) - lower < 2:
        return word
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in word)


def _one_kind(match: re.Match[str]) -> str:
    """A word of capitals with one look-alike digit inside it (only O/0, I/1, S/5, B/8, Z/2,
    G/6) is all capitals; a number with one look-alike letter inside it is all digits. Not at
    either end: codes start with letters and end with a digit or a letter (D5824163, ABCD1)."""
    token = match.group()
    inside = range(1, len(token) - 1)
    digits = [i for i, c in enumerate(token) if c.isdigit()]
    if (len(digits) == 1 and digits[0] in inside and token[digits[0]] in _AS_LETTER
            and all(c.isupper() for c in token if not c.isdigit())):
        index = digits[0]
        return token[:index] + _AS_LETTER[token[index]] + token[index + 1:]
    letters = [i for i, c in enumerate(token) if not c.isdigit()]
    if len(letters) == 1 and letters[0] in inside and token[letters[0]] in _AS_DIGIT:
        index = letters[0]
        return token[:index] + _AS_DIGIT[token[index]] + token[index + 1:]
    return token


def _mrz_part(match: re.Match[str]) -> str:
    """A part of a machine-readable zone line between fillers that is mostly capitals is a name:
    its look-alike digits are letters (numbers there are mostly digits, and left alone)."""
    part = match.group()
    digits = [c for c in part if c.isdigit()]
    if 2 * len(digits) < len(part) and all(c in _AS_LETTER for c in digits):
        return "".join(_AS_LETTER.get(c, c) for c in part)
    return part


def _may_split(before: str, after: str) -> bool:
    """Whether a lost space could stand between two characters.

    Digits and punctuation carry wide side bearings in many fonts ("1" above all),
    so only a gap beside a letter is trusted to be a word space.
    """
    return (before.isalpha() or after.isalpha()) and before.isalnum() and after.isalnum()


def _word_gaps(line: Line) -> list[tuple[int, int]]:
    """Runs of blank columns at least a word space wide, between inked columns."""
    _, ink = cv2.threshold(line.image, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    columns = np.count_nonzero(ink, axis=0) > 0
    inked = np.flatnonzero(columns)
    if inked.size == 0:
        return []
    minimum = WORD_GAP * line.ink_height
    return [(a, b) for a, b in _runs(~columns) if b - a >= minimum and a > inked[0] and b <= inked[-1]]


def estimate_skew(bgr: np.ndarray) -> float:
    """The tilt of the text lines in degrees (counter-clockwise positive), or 0.0."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, 1000 / max(gray.shape))
    if scale < 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    edges = cv2.Canny(gray, 60, 160)
    blobs = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 3)))
    contours, _ = cv2.findContours(blobs, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        _, (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if w < 40 or w < 4 * h:
            continue
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= MAX_SKEW_DEGREES:
            angles.append(angle)
            weights.append(w)
    if len(angles) < 3:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return -median  # image y points down; counter-clockwise is positive


def is_faint(bgr: np.ndarray) -> bool:
    """Whether a crop's tones span too little for crisp text (washed out by glare or shadow).
    The darkest few pixels count: one small letter in a wide field is under 1 % of it."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    low, high = np.percentile(gray, (0.2, 99))
    return bool(high - low < FAINT_SPAN)


def equalize(bgr: np.ndarray) -> np.ndarray:
    """Local contrast equalisation (CLAHE on lightness): recovers text under glare or shadow."""
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)
    lightness = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(lab[:, :, 0])
    return cv2.cvtColor(cv2.merge([lightness, lab[:, :, 1], lab[:, :, 2]]), cv2.COLOR_LAB2BGR)


def deskew(bgr: np.ndarray) -> np.ndarray:
    """The image turned about its centre so that its text lines run level."""
    angle = estimate_skew(bgr)
    if abs(angle) < MIN_SKEW_DEGREES:
        return bgr
    height, width = bgr.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return cv2.warpAffine(bgr, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)
