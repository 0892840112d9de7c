"""Find and read a machine-readable zone anywhere in an image, any way up, no template needed.

The zone is two or three long lines of one length, set one under the other: detection finds
every text line, those long and narrow enough to be MRZ lines are read both ways along their
length in the MRZ alphabet alone, and the run of parallel lines of one length, next to each
other, that reads most like an MRZ is the zone. OCR-B is monospaced, so where the reading lost
or doubled a filler in a long run of `<`, each character goes to the slot its place in the
line says.

Detection may miss part of a zone line (a run of fillers) or all of it (under glare): a short
line beside a long one is stretched to its length, and when no zone is found, the rows of ink
beside a line read surely are read as lines too.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import cv2
import numpy as np

from ..recognizers import Vision
from ..recognizers.lines import Cleanup, quad_image, runs_of
from ..recognizers.recognition import LineRead
from .glyphs import Cells
from .zone import ALPHABET, LENGTHS, MRZ, Ink, MRZError, MRZNotFoundError, parse_mrz

MIN_ELONGATION = 7.0  # a box this many times longer than tall may be an MRZ line (TD1's 30 characters: ~11)
# a reading shorter than this is no MRZ line, though blur may run a line's fillers together into
# one `<` (the model writes a repeated character once where it sees no gap between): a blurred
# names line "P<POLDE<LA<CRUZ<<MO<<<...", 44 characters, read as the 19 of "P<POLDE<LA<CRUN<MO<"
MIN_CHARACTERS = 12
PARALLEL = 0.995  # cosine between the directions of lines of one zone (about 6 degrees)
SAME_LENGTH = 0.15  # lines of one zone are this alike in length (log-ratio)
LINE_SPACING = 3.0  # lines of one zone lie at most this many line heights apart
DISTINCT = 0.5  # ... and at least this many (0.9-2.4 measured): closer, two readings are of one line
LENGTH_SLACK = 4  # characters a reading may be off its format's length and still be fitted to it
PLAINLY_BETTER = 0.8  # of the best fit's squared error so far: what another way of putting characters back must reach
MERGED_MOST = 2  # ... characters lost in runs the model read short that are put back (more: by columns alone)
JOIN_GAP = 1.5  # line heights between the ends of two boxes that are one MRZ line parted
# When no zone is found, the lines read this surely (at most this many) are zone lines whose
# neighbours detection missed: rows of ink are looked for this many line heights either side
# (a zone's lines lie 0.9-2.4 box heights apart), rows inked this much as the line itself.
BESIDE_CONFIDENCE = 0.8
BESIDE_LINES = 3
BESIDE_REACH = 3.0
BESIDE_INK = 0.4
# Large in detection's input, a zone's widely spaced characters may be found as words apart, or
# not at all (a photo's 44 characters 30 pixels high: a third of one line found, none of the
# other). When no zone is found, or none whose checks all pass, detection looks again at the
# image this much smaller, when it is then still this many pixels long at least, and the zone
# that passes more checks is kept.
SMALLER = 0.5
SMALLER_SIDE = 480


@dataclass(frozen=True, eq=False)  # told apart by identity: two lines may read alike
class _Candidate:
    text: str
    confidence: float
    read: LineRead
    centre: np.ndarray
    direction: np.ndarray  # unit vector along the reading direction
    length: float
    height: float
    image: np.ndarray  # the line image it was read from, turned the way it reads


def read_mrz_image(bgr: np.ndarray, vision: Vision) -> MRZ:
    """The machine-readable zone of `bgr`, parsed and checked (`zone.parse_mrz`).
    Raises `MRZNotFoundError` when the image holds none."""
    quads = _detected(bgr, vision)
    candidates = _candidates(bgr, quads + _completed(quads), vision)
    found = _best_zone(candidates)
    if found is None:  # a zone line detection missed whole, beside one it found
        candidates += _candidates(bgr, _beside(bgr, candidates), vision)
        found = _best_zone(candidates)
    if (found is None or not found.valid) and max(bgr.shape[:2]) * SMALLER >= SMALLER_SIDE:
        smaller = cv2.resize(bgr, None, fx=SMALLER, fy=SMALLER, interpolation=cv2.INTER_AREA)
        quads = _detected(smaller, vision, 1 / SMALLER)
        again = _best_zone(candidates + _candidates(bgr, quads + _completed(quads), vision))
        if again is not None and (found is None or _passed(again) > _passed(found)):
            found = again
    if found is None:
        raise MRZNotFoundError("no machine-readable zone found: no two or three long lines of one length read "
                               "in the MRZ alphabet")
    return found


def _detected(bgr: np.ndarray, vision: Vision, scale: float = 1.0) -> list[np.ndarray]:
    """The text lines detection finds in `bgr`, long side first, parts of one line joined, in
    coordinates `scale` times `bgr`'s."""
    return _joined([_long_side_first(np.asarray(box, np.float32) * scale) for box in vision.detect(bgr)])


def _passed(found: MRZ) -> int:
    return sum(found.checks.values())


def _rank(found: MRZ) -> tuple[int, float]:
    return _passed(found), found.confidence or 0.0


def _candidates(bgr: np.ndarray, quads: list[np.ndarray], vision: Vision) -> list[_Candidate]:
    """The long lines, each read both ways along its length in the MRZ alphabet; the better way kept."""
    shapes = []
    images = []
    for quad in quads:
        length, height = float(np.hypot(*(quad[1] - quad[0]))), float(np.hypot(*(quad[2] - quad[1])))
        if height < 4 or length < MIN_ELONGATION * height:
            continue
        forward = quad_image(bgr, quad, Cleanup()).image
        shapes.append((quad, length, height))
        images += [forward, np.ascontiguousarray(forward[::-1, ::-1])]
    if not images:
        return []
    reads = vision.read_lines(images, latin=True, charsets=[ALPHABET] * len(images))
    found = []
    for index, (quad, length, height) in enumerate(shapes):
        options = []
        for way, read in enumerate(reads[2 * index:2 * index + 2]):
            kept = [(char, column, probability, tuple((alike, p) for alike, p in others if alike in ALPHABET))
                    for char, column, probability, others
                    in zip(read.chars, read.columns, read.probabilities,
                           read.alternatives or ((),) * len(read.chars), strict=True)
                    if char in ALPHABET]
            if len(kept) < MIN_CHARACTERS:
                continue
            text = "".join(char for char, _, _, _ in kept)
            cleaned = LineRead(tuple(text), tuple(c for _, c, _, _ in kept), tuple(p for _, _, p, _ in kept),
                               alternatives=tuple(others for _, _, _, others in kept))
            confidence = float(np.exp(np.mean(np.log(np.maximum([p for _, _, p, _ in kept], 1e-6)))))
            start, end = (quad[0], quad[1]) if way == 0 else (quad[2], quad[3])
            direction = (end - start) / max(1e-6, float(np.hypot(*(end - start))))
            options.append(_Candidate(text, confidence, cleaned, quad.mean(axis=0), direction, length, height,
                                      images[2 * index + way]))
        if options:
            found.append(max(options, key=lambda option: option.confidence + 0.01 * option.text.count("<")))
    return found


def _beside(bgr: np.ndarray, candidates: list[_Candidate]) -> list[np.ndarray]:
    """Boxes on the rows of ink beside each surely read line of a zone's length (glare or a run
    of fillers can hide a whole zone line from detection): the rows are found in a strip across
    the line, `BESIDE_REACH` line heights either side, where a share of its length is inked."""
    widths = {width for _, width in LENGTHS.values()}
    lines = [candidate for candidate in candidates if candidate.confidence >= BESIDE_CONFIDENCE
             and min(abs(len(candidate.text) - width) for width in widths) <= LENGTH_SLACK]
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    boxes = []
    for line in sorted(lines, key=lambda line: -line.confidence)[:BESIDE_LINES]:
        along = line.direction * line.length / 2
        normal = np.array([-line.direction[1], line.direction[0]])
        reach = BESIDE_REACH * line.height
        strip = _box(line.centre, along, normal * reach)
        size = (max(1, round(line.length)), max(1, round(2 * reach)))
        target = np.array([(0, 0), (size[0], 0), size, (0, size[1])], np.float32)
        seen = cv2.warpPerspective(gray, cv2.getPerspectiveTransform(strip, target), size,
                                   borderMode=cv2.BORDER_REPLICATE)
        _, ink = cv2.threshold(seen, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        rows = ink.mean(axis=1) >= BESIDE_INK * float(ink[round(reach - line.height / 4):round(reach + line.height / 4)]
                                                      .mean(axis=1).max(initial=0.0))
        for start, end in runs_of(rows):
            middle = (start + end) / 2 - reach
            # a run at the strip's edge may go on past it, one taller than a line is no line
            inside = start > 0 and end < len(rows)
            if inside and 0.3 * line.height <= end - start <= 1.5 * line.height and abs(middle) >= 0.6 * line.height:
                boxes.append(_box(line.centre + middle * normal, along, normal * line.height / 2))
    return boxes


def _box(centre: np.ndarray, along: np.ndarray, across: np.ndarray) -> np.ndarray:
    """The quadrilateral round `centre` reaching `along` either way along it and `across` either
    way across, started at its first corner in reading order."""
    return np.array([centre - along - across, centre + along - across,
                     centre + along + across, centre - along + across], np.float32)


def _long_side_first(quad: np.ndarray) -> np.ndarray:
    """The quadrilateral started so that its first side is a long one."""
    if np.hypot(*(quad[2] - quad[1])) > np.hypot(*(quad[1] - quad[0])):
        return np.roll(quad, -1, axis=0)
    return quad


def _joined(quads: list[np.ndarray]) -> list[np.ndarray]:
    """Boxes that continue one another along one line joined into one: detection may part an MRZ
    line where a long run of fillers begins, and each part alone is too short to be a line."""
    quads = list(quads)
    merged = True
    while merged:
        merged = False
        pairs = [(first, second) for first in range(len(quads)) for second in range(first + 1, len(quads))]
        for first, second in pairs:
            if _continues(quads[first], quads[second]):
                points = np.vstack([quads[first], quads[second]])
                joined = _long_side_first(cv2.boxPoints(cv2.minAreaRect(points)).astype(np.float32))
                quads = [quad for k, quad in enumerate(quads) if k not in (first, second)] + [joined]
                merged = True
                break
    return quads


def _completed(quads: list[np.ndarray]) -> list[np.ndarray]:
    """Each shorter line beside a long one, within its length and about as tall, stretched along
    its own direction to the long line's ends: detection may miss a zone line's run of fillers,
    or a part of it, and what it found alone is too short to be a zone's line. The longest such
    part on each line beside is stretched, once, by the longest line beside it."""
    shapes = [(quad, quad[1] - quad[0], float(np.hypot(*(quad[1] - quad[0]))), float(np.hypot(*(quad[2] - quad[1]))))
              for quad in quads]
    shapes.sort(key=lambda shape: -shape[2])
    stretched: list[np.ndarray] = []
    done: set[int] = set()
    for quad, side, length, height in shapes:
        if height < 4 or length < MIN_ELONGATION * height:
            continue
        unit = side / length
        normal = np.array([-unit[1], unit[0]])
        along = quad @ unit
        offsets: list[float] = []
        for other, other_side, other_length, other_height in shapes:  # longest first
            if (other is quad or id(other) in done or other_length >= np.exp(-SAME_LENGTH) * length
                    or not height / 1.5 <= other_height <= 1.5 * height):
                continue
            if abs(float(np.dot(unit, other_side))) < PARALLEL * other_length:
                continue
            offset = float(np.dot(other.mean(axis=0) - quad.mean(axis=0), normal))
            other_along = other @ unit
            if (not 0.8 * height <= abs(offset) <= LINE_SPACING * height
                    or other_along.min() < along.min() - height or other_along.max() > along.max() + height
                    or any(abs(offset - seen) < height / 2 for seen in offsets)):
                continue
            offsets.append(offset)
            done.add(id(other))
            if float(np.dot(unit, other_side)) < 0:
                other = np.roll(other, 2, axis=0)  # run the way the long line runs
            own = (other[1] - other[0]) / float(np.hypot(*(other[1] - other[0])))
            to_start, to_end = along.min() - other_along.min(), along.max() - other_along.max()
            stretched.append(np.array([other[0] + to_start * own, other[1] + to_end * own,
                                       other[2] + to_end * own, other[3] + to_start * own], np.float32))
    return stretched


def _continues(one: np.ndarray, other: np.ndarray) -> bool:
    """Whether two boxes lie on one line, end to end: about as tall, running the same way, their
    middles on one line, and the gap between their ends under `JOIN_GAP` heights."""
    direction = one[1] - one[0]
    length = float(np.hypot(*direction))
    heights = float(np.hypot(*(one[2] - one[1]))), float(np.hypot(*(other[2] - other[1])))
    if length < 1 or min(heights) < 4 or max(heights) > 1.5 * min(heights):
        return False
    unit = direction / length
    other_direction = other[1] - other[0]
    if abs(float(np.dot(unit, other_direction))) < PARALLEL * float(np.hypot(*other_direction)):
        return False
    normal = np.array([-unit[1], unit[0]])
    offset = other.mean(axis=0) - one.mean(axis=0)
    if abs(float(np.dot(offset, normal))) > 0.35 * min(heights):
        return False
    along_one, along_other = one @ unit, other @ unit
    gap = max(along_other.min() - along_one.max(), along_one.min() - along_other.max())
    return bool(gap < JOIN_GAP * min(heights))


def _best_zone(candidates: list[_Candidate]) -> MRZ | None:
    """Of the runs of two or three parallel lines of one length next to each other, the one whose
    reading parses with the most checks holding (then the most confident)."""
    best: MRZ | None = None
    for seed in candidates:
        normal = np.array([-seed.direction[1], seed.direction[0]])  # down the page, as the seed reads
        mates = [other for other in candidates
                 if float(np.dot(other.direction, seed.direction)) >= PARALLEL
                 and abs(np.log(other.length / seed.length)) <= SAME_LENGTH
                 and abs(float(np.dot(other.centre - seed.centre, seed.direction))) <= 0.2 * seed.length]
        mates = _distinct(mates, normal, seed.height)
        mates.sort(key=lambda other: float(np.dot(other.centre - seed.centre, normal)))
        for count in (3, 2):
            for start in range(len(mates) - count + 1):
                run = mates[start:start + count]
                if seed not in run:
                    continue
                gaps = np.diff([float(np.dot(other.centre, normal)) for other in run])
                if (gaps < DISTINCT * seed.height).any() or (gaps > LINE_SPACING * seed.height).any():
                    continue
                parsed = _parse(run)
                if parsed is not None and (best is None or _rank(parsed) > _rank(best)):
                    best = parsed
    return best


def _distinct(mates: list[_Candidate], normal: np.ndarray, height: float) -> list[_Candidate]:
    """The mates less those lying on another's line (closer across than `DISTINCT` heights: a
    line stretched or found beside another is read twice), the more confident one kept."""
    kept: list[_Candidate] = []
    for mate in sorted(mates, key=lambda mate: -mate.confidence):
        across = float(np.dot(mate.centre, normal))
        if all(abs(across - float(np.dot(other.centre, normal))) >= DISTINCT * height for other in kept):
            kept.append(mate)
    return kept


def _parse(run: list[_Candidate]) -> MRZ | None:
    """The run's readings fitted to the nearest format's length and parsed, or None."""
    lengths = [width for count, width in set(LENGTHS.values()) if count == len(run)]
    longest = max(len(line.text) for line in run)  # a line read short lost its runs' characters
    width = min(lengths, key=lambda width: abs(width - longest))
    if longest < width - LENGTH_SLACK:  # one line at least is read (nearly) whole
        return None
    fitted = [_fitted(line.read, width) for line in run]
    if any(line is None for line in fitted):
        return None
    lines = [line for line in fitted if line is not None]
    try:
        parsed = parse_mrz([line.text for line in lines], probabilities=[list(line.probabilities) for line in lines],
                           alternatives=[list(line.alternatives) for line in lines],
                           ink=_ink(run, [line.columns for line in lines]))
    except MRZError:
        return None
    confidence = float(np.mean([line.confidence for line in run]))
    return MRZ(parsed.lines, parsed.format, parsed.fields, parsed.checks, parsed.repairs, round(confidence, 4))


def _ink(run: list[_Candidate], columns: list[tuple[float, ...]]) -> Ink:
    """How much more each zone slot's ink looks like one character than another in OCR-B
    (`glyphs.Cells`; 0 where there is no cell to compare)."""
    cells: dict[int, Cells] = {}

    @functools.cache
    def ink(line: int, column: int, char: str, alike: str) -> float:
        if line not in cells:
            cells[line] = Cells(run[line].image)
        centres = columns[line]
        pitch = (centres[-1] - centres[0]) / max(1, len(centres) - 1)
        scores = cells[line].resemblance(centres[column], pitch, char + alike)
        return 0.0 if scores is None else scores[alike] - scores[char]

    return ink


@dataclass(frozen=True)
class _Fitted:
    """A reading put into its format's slots: each slot's character, the recognizer's
    probability of it, its column, and the probability it gave that character and those it liked
    next there (`LineRead.alternatives`)."""

    text: str
    probabilities: tuple[float, ...]
    columns: tuple[float, ...]
    alternatives: tuple[dict[str, float], ...]


def _runs_lengthened(text: str, columns: np.ndarray, width: int) -> tuple[np.ndarray, str, float] | None:
    """Each character's slot, the line and the pitch the slots fit, where the reading is up to
    `MERGED_MOST` characters short of `width`: lost at the line's end (its last fillers outside
    the line's box) or in runs of one character the model read short (it writes `<<<<`, or the SS of ERIKSSON, as
    fewer). Of every way to put them back, the one whose slots the columns fit best on one pitch
    from the first character's, a lengthened run's characters in the slots nearest their
    columns (None: more were lost, or the line is too short to tell)."""
    lost = width - len(text)
    if not 0 < lost <= MERGED_MOST or len(text) < 4:
        return None
    starts = np.array([0, *(i for i in range(1, len(text)) if text[i] != text[i - 1])])
    run_of = np.searchsorted(starts, np.arange(len(text)), side="right") - 1
    read_sizes = np.bincount(run_of)
    lone = (read_sizes == 1)[run_of]  # a character that is its run's only one read
    offsets = columns - columns[0]
    end = len(starts)  # the line's end: slots after every character read
    best: tuple[float, np.ndarray, np.ndarray, float] | None = None
    # the first run is never lengthened: its first character is where the slots are counted from;
    # the line's end is tried first, and another way must fit plainly better (the columns come
    # in steps of the model's stride, a third of a character or so)
    for grown in itertools.combinations_with_replacement([end, *range(1, end)], lost):
        added = np.bincount(np.asarray(grown), minlength=end + 1)[:end]
        first_slot = starts + np.concatenate(([0], np.cumsum(added)[:-1]))
        slots = np.arange(len(text)) + (first_slot - starts)[run_of]
        fixed = added[run_of] == 0  # a lengthened run's characters could stand in any of its slots
        scale = float(slots[fixed] @ slots[fixed])
        pitch = float(slots[fixed] @ offsets[fixed]) / scale if scale else 0.0
        if pitch <= 0:
            continue
        sizes = read_sizes + added
        last_slot = first_slot + sizes - 1
        nearest = np.clip(np.round(offsets / pitch), first_slot[run_of], last_slot[run_of])
        slots = np.where(fixed, slots, nearest)
        # a character read once for a run stands at the run's middle (the model's column for it)
        middle = np.where(lone & ~fixed, (first_slot + last_slot)[run_of] / 2, slots)
        residual = float(np.sum((offsets - pitch * middle) ** 2))
        if best is None or residual < PLAINLY_BETTER * best[0]:
            best = (residual, slots.astype(int), sizes, pitch)
    if best is None:
        return None
    _, slots, sizes, pitch = best
    line = "".join(text[start] * int(size) for start, size in zip(starts, sizes, strict=True))
    return slots, line.ljust(width, "<"), pitch


def _fitted(read: LineRead, width: int) -> _Fitted | None:
    """The reading as `width` characters: as read when it has that many; else each character
    put in the slot its column says (monospaced print; `_runs_lengthened` where a few were lost,
    the columns' usual step where many were, runs of fillers read as one),
    empty slots filled with `<` (or the run's character) of no certainty and no alternatives,
    and each slot's column where its pitch puts it."""
    text = "".join(read.chars)
    # nothing known of what else stood there (a reader that does not say): empty
    others = [{char: probability, **dict(alternatives)} if alternatives else {} for char, probability, alternatives
              in zip(read.chars, read.probabilities, read.alternatives or ((),) * len(text), strict=True)]
    if len(text) == width:
        return _Fitted(text, read.probabilities, read.columns, tuple(others))
    if len(text) - width > LENGTH_SLACK or len(text) < 2:
        return None
    columns = np.array(read.columns, np.float64)
    if width - len(text) > LENGTH_SLACK:  # runs read as one character: most steps are still one slot
        steps = np.diff(columns)
        single = steps < 1.5 * float(np.median(steps))  # the model's columns come in steps of its stride
        pitch = float(steps[single].mean()) if single.any() else 0.0
        if pitch <= 0:
            return None
        slots = np.round((columns - columns[0]) / pitch).astype(int)
        if slots[-1] >= width or (np.diff(slots) < 1).any():
            return None
        line = ["<"] * width
    else:
        pitch = (columns[-1] - columns[0]) / (width - 1)
        if pitch <= 0:
            return None
        lengthened = _runs_lengthened(text, columns, width)
        if lengthened is not None:
            slots, lengthened_line, pitch = lengthened
            line = list(lengthened_line)
        else:
            slots, line = np.round((columns - columns[0]) / pitch).astype(int), ["<"] * width
    taken = [0.0] * width
    liked: list[dict[str, float]] = [{} for _ in range(width)]
    for char, slot, probability, alternatives in zip(read.chars, slots, read.probabilities, others, strict=True):
        if 0 <= slot < width and probability > taken[slot]:
            line[slot], taken[slot], liked[slot] = char, probability, alternatives
    return _Fitted("".join(line), tuple(taken), tuple(float(columns[0] + slot * pitch) for slot in range(width)),
                   tuple(liked))
