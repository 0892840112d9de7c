"""Text repair: from what the model read in a line to the line's text.

Word spaces put back from the model's half-seen spaces and the ink's gaps, one case per word,
one kind (letters or digits) per code, the filler of a machine-readable zone, and the
scribbles (a signature, a seal) beside a value left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

import cv2
import numpy as np

from .lines import Line, runs_of
from .recognition import LineRead

WORD_GAP = 0.42  # blank columns, relative to the text height, that make a word space
# ... or at least this many and LETTER_GAPS times the line's median blank (word gaps counted in:
# they are few): a condensed face spaced "ÚMČ PRAHA 1" 0.31 of its height apart, its letters a
# tenth, and the model gave the space 0.09
NARROW_WORD_GAP = 0.25
LETTER_GAPS = 3.0
# ... where the model gives a space there this much (0.09-0.13 in PRAHA 1): in a photo, blanks
# as narrow open inside words ("WAS HINGTON" on a development distractor photo)
NARROW_SPACE = 0.05
# The ink where a line's characters were read spanning under this share of its box's height is
# the text's height, the rest other ink on its rows (a line box is tight round text alone: its
# ink spans the box's height but for rounding).
SHORTER_TEXT = 0.75
SEEN_SPACE = 0.15  # the model's space probability between two characters that makes one without a gap
POSSIBLE_SPACE = 0.005  # ... and under which even a wide gap is none
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
                    read.variants[kept], read.alternatives[kept])


def line_text(line: Line, read: LineRead) -> str:
    """The characters read, with a space put back where the model half saw one, or where the
    ink shows a word gap and the model did not rule one out (a gap beside a narrow letter of a
    monospaced number is no word space). A gap belongs to the two characters its middle lies
    between: the model places a character's column anywhere over its ink, and a gap running
    past one (after a comma, "01, 78") is still the gap between those two."""
    gaps = _word_gaps(line, read.columns)
    spaces = read.spaces or (POSSIBLE_SPACE,) * len(read.chars)  # unknown: the ink decides
    chars: list[str] = []
    previous_x = None
    previous_space = 0.0
    for char, x, space in zip(read.chars, read.columns, spaces, strict=True):
        if previous_x is not None and chars:
            gap = any(previous_x < (left + right) / 2 < x and previous_space >= needed for left, right, needed in gaps)
            seen = previous_space >= SEEN_SPACE or gap
            # after a comma too ("01, 78"): a thousands comma ("1,000") shows neither; between
            # digits only when the model and the ink both show one (a date's "15 11 1959")
            if seen and (_may_split(chars[-1], char) or (chars[-1] in ",;" and char.isalnum())
                         or (chars[-1].isdigit() and char.isdigit() and previous_space >= SEEN_SPACE and gap)):
                chars.append(" ")
        chars.append(char)
        previous_x, previous_space = x, space
    text = _WORD.sub(_consistent_case, "".join(chars).strip())
    text = _TOKEN.sub(_one_kind, text)
    text = _SMALL_WORD.sub(_as_letters, text)
    if zone_line(text):  # its filler stands for every space
        text = re.sub(r"[^<]+", _mrz_part, text.replace(" ", ""))
    # A lone letter whose small and capital forms differ only in size (x, o, s...) has no
    # x-height beside it to tell them apart: documents print such letters (a sex, a class) as capitals.
    return text.upper() if text in SIZE_ONLY_CASE else text


def zone_line(characters: Sequence[str]) -> bool:
    """Whether a line read as `characters` is a line of a machine-readable zone (two fillers or more)."""
    return characters.count("<") >= 2


_WORD = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"[^\W_]{4,}")
# Look-alikes the model mistakes for one another across letters and digits.
_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
_AS_DIGIT = {"O": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
LOOK_ALIKES = {**_AS_LETTER, **_AS_DIGIT}
# A word of small letters (its first may be a capital) with a look-alike digit among them: a 0
# opening it (a monospaced O: "0slo"), or a 0, 1 or 5 between two small letters ("Mi1ano").
# Ordinals open with other digits ("1st", "2ème"), and codes are capitals.
_SMALL_WORD = re.compile(r"\b(?:0[^\W\d_][^\W\d_A-Z]+|[^\W\d_]?[^\W\d_A-Z]+(?:[015][^\W\d_A-Z]+)+)\b")
_AS_SMALL = {"0": "o", "1": "l", "5": "s"}
SIZE_ONLY_CASE = frozenset("cosuvwxz")
_CAPITAL = {"i": "İ"}  # where a small letter's capital keeps what the model saw of it (its dot)


def _consistent_case(match: re.Match[str]) -> str:
    """An upper-case word with one lower-case letter in it is upper case; so is a word that
    opens and ends with capitals whose small letters are all ones that differ from their
    capital in size only, or marked (LoïC for LOÏC).

    The model often reads a capital with a diacritic (Ï, Ö) as its small form
    when the line gives it no x-height to compare with (an O beside it too, alone on its
    line); a dotted capital İ (ÖZDEMİR) it reads as i, whose dot a plain I has not.
    """
    word = match.group()
    small = [c for c in word if c.islower() and len(c.upper()) == 1]  # ß stays ß in capitals
    lower = len(small)
    unsized = word[0].isupper() and word[-1].isupper() and all(
        c in SIZE_ONLY_CASE or c in _CAPITAL or unicodedata.decomposition(c) for c in small)
    if (lower != 1 or len(word) - lower < 2) and not (small and unsized):
        return word
    return "".join(_CAPITAL.get(c, c.upper()) if len(c.upper()) == 1 else c for c in word)


def _one_kind(match: re.Match[str]) -> str:
    """A number with one look-alike letter inside it (O/0, I/1, S/5, B/8, Z/2, G/6) is all
    digits. Not at either end: codes start with letters and end with a digit or a letter
    (D5824163, ABCD1). A word of capitals with one digit inside is left as read: documents print
    such codes (the passport number GHE8FVKVZ had been given surely as GHEBFVKVZ), and the model
    does not write a digit into a name (development documents 192-223 and 256-287, ten scan
    kinds: the capitals' repair mended no value and broke nine)."""
    token = match.group()
    letters = [i for i, c in enumerate(token) if not c.isdigit()]
    if len(letters) == 1 and letters[0] in range(1, len(token) - 1) and token[letters[0]] in _AS_DIGIT:
        index = letters[0]
        return token[:index] + _AS_DIGIT[token[index]] + token[index + 1:]
    return token


def _as_letters(match: re.Match[str]) -> str:
    """A word of small letters with look-alike digits in it (`_SMALL_WORD`) in letters."""
    word = match.group()
    if any(c.isupper() for c in word[1:]):  # a capital with a mark the pattern's A-Z lets by
        return word
    opening = "O" if word[0] == "0" else word[0]
    return opening + "".join(_AS_SMALL.get(c, c) for c in word[1:])


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


def _word_gaps(line: Line, columns_read: tuple[float, ...]) -> list[tuple[int, int, float]]:
    """Runs of blank columns at least a word space wide, between inked columns: wide as a
    share of the text's height where the characters were read (`_text_height`), each with the
    space probability the model must give there for it to be a space (POSSIBLE_SPACE; a narrow
    gap NARROW_SPACE)."""
    _, ink = cv2.threshold(line.image, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    columns = np.count_nonzero(ink, axis=0) > 0
    inked = np.flatnonzero(columns)
    if inked.size == 0:
        return []
    height = _text_height(ink, line.ink_height, columns_read)
    blanks = [(a, b) for a, b in runs_of(~columns) if a > inked[0] and b <= inked[-1]]
    wide = narrow = WORD_GAP * height
    if blanks:  # a tightly set face spaces its words narrower, and its letters narrower still
        letters = float(np.median([b - a for a, b in blanks]))
        narrow = min(wide, max(NARROW_WORD_GAP * height, LETTER_GAPS * letters))
    return [(a, b, POSSIBLE_SPACE if b - a >= wide else NARROW_SPACE) for a, b in blanks if b - a >= narrow]


def _text_height(ink: np.ndarray, box_height: float, columns_read: tuple[float, ...]) -> float:
    """The height of the text: its line box's, unless the ink where the characters were read
    spans far less (`SHORTER_TEXT`). A signature, a ghost portrait or a frame's corner inside
    the field's rectangle on the text's rows makes the box taller than the text (development
    document 12 of the fresh pool: DE LUCA beside a signature twice its height read DELUCA)."""
    if len(columns_read) < 2:
        return box_height
    step = float(np.median(np.diff(columns_read)))
    left, right = max(0, round(columns_read[0] - step)), round(columns_read[-1] + step)
    rows = np.flatnonzero(np.count_nonzero(ink[:, left:right], axis=1) >= 2)
    if rows.size == 0:
        return box_height
    spanned = float(rows[-1] - rows[0] + 1)
    return spanned if spanned < SHORTER_TEXT * box_height else box_height
