"""Line finding and cropping: the text lines inside a region, cut out and normalised for recognition.

Classical image analysis (OpenCV), cheap next to the neural models: it decides what
the recognition model is shown, and tells when only text detection can decide (`split_lines`
returns None). A lone letter on a patterned ground is found by the mark rule (`_mark`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..geometry import Rect
from .detection import DB_UNCLIP_RATIO
from .enhance import ink_depth, level_ink, washed_out
from .recognition import LINE_HEIGHT

# Tone gap over tone spread of a crop's two Otsu classes: text scores 4+, pure noise
# under 2.2, faint text on noise in between.
BLANK_SEPARATION = 3.0
NOISE_SEPARATION = 2.0
MAX_LINES = 3  # more "lines" than a field holds means a pattern or noise
SPECK_SHARE = 0.15  # ink of a group of columns, next to the inkiest group, under which it is noise
# ... a group being parted from the rest by a blank this many times the line's height: a word
# space of a wide face reaches the height of its capitals ("Tommaseo 7": the 7 is no speck)
SPECK_GAP = 1.5
# A lone letter on a patterned ground (`_mark`): its darkest pixels (this percentile)
# lie this far below the ground, and half-way down they form a blot this tall (pixels, and
# share of the crop's height), where a speck of dust or a pattern's stroke does not.
MARK_PERCENTILE = 0.2
MARK_DEPTH = 80.0
MIN_MARK_HEIGHT = 6
MARK_SHARE = 0.2
X_HEIGHT_SHARE = 0.4  # of the tall marks' height: small letters beside them, not specks, join their line
OTHER_LETTERS = 3  # ... and as many blots so tall above or below them are a line of text: no lone mark
# Faint ink continuing a line (`faint_reach`): letters a highlight washed out lie this far (grey
# levels, smoothed) under their ground, where noise of a phone shot does not, twice in a column;
# they are followed outward across blanks no wider than REACH_GAP times the line's height (a
# monospaced face's word space leaves a blank of 0.9-1.1: at 0.8, SOLO PARA TRABAJO washed out
# read PARA TRABAJO; development pool 704-751 glare: 3 values mended, none lost), and stand at
# least REACH_HEIGHT of it tall (a pattern's stroke or a smaller label does not).
FAINT_DEPTH = 12
# ... or less where the ground beside the line is plain: NOISE_TIMES the depth of its quietest
# quarter of columns (NOISE_QUANTILE), FAINT_FLOOR at least. A highlight leaves a word's last
# letters 7-10 under a blank ground (MARY ELIZ for MARY ELIZABETH, read surely), where a
# guilloche or a photo's noise puts its quietest columns as deep. Development documents 704-799,
# this and `recognition.PAD_SHARE` together: glare 6 values mended, 2 lost, wrong values given
# as valid 11 -> 5; clean 3 -> 1, right values flagged 12 -> 19 (a pattern reached, read
# unsurely). The test pool's glare did not gain (97.18 -> 97.08 %).
FAINT_FLOOR = 6
NOISE_TIMES = 2
NOISE_QUANTILE = 25
REACH_GAP = 1.3
REACH_HEIGHT = 0.6
# Ink fewer rows tall than this is specks, not a line ... unless it stands a quarter of a small
# crop's height: a lone capital of tiny print (0.42x), 5 pixels high, keeps 4 rows once specks
# are opened away (a tiny scan's sex F was read as nothing, surely).
MIN_LINE_ROWS = 5
SMALL_LINE_SHARE = 0.25
ROOM_ABOVE = 0.2  # margin left above a line's box, a share of its height (as below it)
# A blank narrower than this share of a line's height parts no lines: diacritics and punctuation
# sit a little apart from their line ...
LINE_GAP = 0.3
LINE_SHARE = 0.5  # ... when under this share of its height (an accent 0.2-0.35): ink as tall is a line
# A line's box takes in the ink over and under it up to this share of its height: an accent
# reaches 0.2-0.35 of the capitals' height above them, a cedilla or an ogonek 0.2-0.3 below,
# and in print 10-12 px high their strokes are too thin to outlive the opening that clears
# specks from the mask (GÖTEBORG's dots were left out of the line image, the letter read bare).
MARK_SPAN = 0.45
# ... where it is this much as dark as the letters against the ground: a mark's thin strokes blur
# paler than the letters' stems, and a pattern's strokes are paler still.
MARK_TONE = 0.5
STEM_PERCENTILE = 10  # of the letters' pixels: the tone of their stems, which blur leaves darkest
MARK_REACH = 0.15  # ... and reaching this share of it: a row or two past the letters is their antialiased edge
# A detected line whose middle lies this share of the taller one's height off the other's middle
# is on other rows (words of one line stand within a few pixels of each other's middle).
OTHER_ROWS = 0.25


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


def runs_of(flags: np.ndarray) -> list[tuple[int, int]]:
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
    # letters in other rows: lines of text whose ground a pattern made unclear, no lone mark
    elsewhere = (((middles < box.top) | (middles > box.bottom))
                 & (blots[:, cv2.CC_STAT_HEIGHT] >= X_HEIGHT_SHARE * box.height))
    return None if np.count_nonzero(elsewhere) >= OTHER_LETTERS else box


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
    if isinstance(mask, float) and gray is not as_cut:
        # levelling raised a pattern's strokes as dark as the text (a watermark's edge made the
        # crop look washed out): the crop as cut may show its lines plainly
        unlevelled = _ink_mask(as_cut)
        if not isinstance(unlevelled, float):
            gray, mask = as_cut, unlevelled
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
    runs = runs_of(np.count_nonzero(mask, axis=1) >= 2)  # a diacritic is a few pixels wide
    if not runs:
        return []
    merged = [list(runs[0])]
    for start, end in runs[1:]:
        previous = merged[-1]
        taller, shorter = sorted((previous[1] - previous[0], end - start), reverse=True)
        # a mark or a stop beside its line, not a line beside another (small print set solid
        # parts its lines by a row)
        if start - previous[1] < LINE_GAP * taller and shorter < LINE_SHARE * taller:
            previous[1] = end
        else:
            merged.append([start, end])
    tallest = max(end - start for start, end in merged)
    if tallest < min(MIN_LINE_ROWS, SMALL_LINE_SHARE * gray.shape[0]):
        return []
    boxes: list[Rect] = []
    ground = float(np.median(gray[mask == 0]))  # both tones are there (`_ink_mask`)
    for number, (start, end) in enumerate(merged):
        if end - start < 0.4 * tallest:  # a cut-off neighbour or a speck, not a line
            continue
        span = _text_span(np.count_nonzero(mask[start:end], axis=0), end - start)
        if span is not None:
            columns = slice(span[0], span[1])
            letters = float(np.percentile(gray[start:end, columns][mask[start:end, columns] > 0], STEM_PERCENTILE))
            above = boxes[-1].bottom if boxes else 0
            below = merged[number + 1][0] if number + 1 < len(merged) else len(gray)
            over = _as_dark_as(gray[above:start, columns], letters, ground)[::-1]
            under = _as_dark_as(gray[end:below, columns], letters, ground)
            boxes.append(Rect(span[0], start - _marks_reach(over, end - start),
                              span[1], end + _marks_reach(under, end - start)))
    return boxes if len(boxes) <= MAX_LINES else None


def _as_dark_as(rows: np.ndarray, letters: float, ground: float) -> np.ndarray:
    """Which pixels of `rows` stand at least MARK_TONE of the way from the `ground`'s tone to the
    `letters`' (their stems' tone): printed with the line's ink, where a pattern's paler strokes are not."""
    inked: np.ndarray = np.abs(rows.astype(np.float32) - ground) >= MARK_TONE * abs(letters - ground)
    return inked


def _marks_reach(rows: np.ndarray, height: int) -> int:
    """How many of `rows` (which pixels beside a line `height` high, in its columns and from the
    line outward, are inked as it is) the marks printed over or under the line reach: ink
    within MARK_SPAN of the line's height, each row of it joined to the next or to the line,
    reaching MARK_REACH of it at least (0: none)."""
    reached = 0
    for row in range(min(len(rows), round(MARK_SPAN * height))):
        if rows[row].any():
            reached = row + 1
        elif row - reached >= max(1, round(LINE_GAP * height)):
            break  # the ink beyond, if any, is parted from the line as a line is from the next
    return reached if reached >= max(2, MARK_REACH * height) else 0


def faint_reach(crop: np.ndarray, box: Rect) -> Rect | None:
    """The line `box` of `crop` widened over the faint ink that continues it at either end (None
    where none does): the tone split of `split_lines` leaves out letters a highlight washed out.
    Whether that ink is text is for the recognition model to say (`embedded`)."""
    height = box.bottom - box.top
    if height < 5:
        return None
    band = crop[box.top:box.bottom]
    gray = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY) if band.ndim == 3 else band
    depth = ink_depth(cv2.GaussianBlur(gray, (3, 3), 0), height)
    columns = np.sort(depth, axis=0)[-2]
    beside = np.concatenate((columns[:box.left], columns[box.right:]))
    noise = float(np.percentile(beside, NOISE_QUANTILE)) if beside.size else FAINT_DEPTH
    least = min(FAINT_DEPTH, max(FAINT_FLOOR, NOISE_TIMES * noise))
    inked = columns >= least
    gap = max(2, round(REACH_GAP * height))
    left = box.left - _followed(inked[:box.left][::-1], gap)
    right = box.right + _followed(inked[box.right:], gap)
    if max(box.left - left, right - box.right) < max(2, 0.3 * height):
        return None
    added = np.concatenate((depth[:, left:box.left], depth[:, box.right:right]), axis=1) >= least
    rows = np.flatnonzero(added.any(axis=1))
    if rows.size == 0 or rows[-1] - rows[0] + 1 < REACH_HEIGHT * height:
        return None
    return Rect(left, box.top, right, box.bottom)


def _followed(inked: np.ndarray, gap: int) -> int:
    """How many columns from the start of `inked` ink reaches, crossing blanks narrower than `gap`."""
    reached = 0
    for step, ink in enumerate(inked):
        if step - reached >= gap:
            break
        if ink:
            reached = step + 1
    return reached


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


def line_image(crop: np.ndarray, box: Rect, cleanup: Cleanup, room_above: float = ROOM_ABOVE) -> Line:
    """The line `box` cut from `crop` with a margin (`room_above`: its top one, a share of the
    box's height), cleaned, LINE_HEIGHT high."""
    margin_top = max(2, round(room_above * box.height))
    margin_bottom = max(2, round(0.2 * box.height))
    margin_x = max(4, round(0.4 * box.height))
    height, width = crop.shape[:2]
    top, bottom = max(0, box.top - margin_top), min(height, box.bottom + margin_bottom)
    left, right = max(0, box.left - margin_x), min(width, box.right + margin_x)
    line = cv2.copyMakeBorder(
        crop[top:bottom, left:right],
        margin_top - (box.top - top), margin_bottom - (bottom - box.bottom),
        margin_x - (box.left - left), margin_x - (right - box.right),
        cv2.BORDER_REPLICATE,
    )
    return _normalise(line, box.height, cleanup)


def own_lines(quads: list[np.ndarray], height: int) -> list[np.ndarray]:
    """The lines detected in a field's crop (`height`: the crop's, padded by repeating its edge),
    less those reaching in from outside beside the field's own: a line running to the crop's top
    or bottom, no taller than a line wholly inside, off that one's rows and clear of its columns
    (a signature across the field's corner, above and right of the value, read as "10000000)").
    A line on the rows of one kept is kept too (a word of the value's top line the edge cuts)."""
    boxes = [(float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())) for q in quads]

    def inside(box: tuple[float, float, float, float]) -> bool:
        return box[1] > 0 and box[3] < height - 1

    def same_rows(box: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
        offset = abs((box[1] + box[3]) / 2 - (other[1] + other[3]) / 2)
        return offset <= OTHER_ROWS * max(box[3] - box[1], other[3] - other[1])

    def beside(box: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
        clear = box[2] < other[0] or box[0] > other[2]
        return clear and not same_rows(box, other) and box[3] - box[1] <= other[3] - other[1]

    reaching = [not inside(box) and any(beside(box, other) for other in boxes if inside(other)) for box in boxes]
    kept = [box for box, out in zip(boxes, reaching, strict=True) if not out]
    return [quad for quad, box, out in zip(quads, boxes, reaching, strict=True)
            if not out or any(same_rows(box, other) for other in kept)]


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
