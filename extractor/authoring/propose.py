"""A template proposed from one sample image: its text lines paired into labels and values.

The sample is read as it is (a scan, straight and upright, at the size the template is to have).
The heading is set apart first. Labels are the lines that read as a known label (`vocabulary`),
end in a colon, or (once some are known) stand small above or left of a bigger line; each label
takes the nearest free value below it (further right when the value is centred in its box) or on
its row to the right; values no label names are named by what they hold. A value's rectangle
grows round its ink to the next text on its row, a picture, or the print margin, and ends with
its column where most of the column ends alike. A PDF417 barcode that decodes is a `pdf417`
field. The title and the labels are proposed as anchors.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from ..barcodes import pdf417_symbols
from ..errors import TemplateError
from ..geometry import Rect
from ..images import DEFAULT_MAX_PIXELS, ImageInput, load_image
from ..labels import (
    EU_NUMBER,
    LANGUAGES,
    known_label,
    known_within,
    label_end,
    label_parts,
    name_label,
    slashed,
)
from ..recognizers import Vision
from ..recognizers.languages import LATIN_LANGUAGES
from ..template import TEMPLATE_NAME, Template
from ..values import interpret_date
from .lines import TextLine, read_lines
from .types import ambiguous_order, date_format, guess_type
from .writer import template_yaml

SMALL = 0.85  # a label's height to its value's at most, when only its size tells it is a label
PAD_X = 0.15  # of a value's line height: the rectangle's margin left of the ink
PAD_Y = 0.25  # ... above and below
GAP = 0.9  # ... kept clear of the next text on the row
MAX_ANCHORS = 6
GROUND_STEP = 70  # grey levels (any channel) a column's colour departs from the ground to end a rectangle
TOP = 0.1  # of the document's height: a line above this is a heading, not a label by its size
PICTURE_STEP = 60  # grey levels (any channel) off the document's ground that a picture's pixels stand
SPREAD = 12  # label heights right of a label's end that a value under it may start (a value centred in a box)
CENTRED = 2.0  # line heights between a label's start and its value's, past which the value is centred
HEADING = 1.5  # of most lines' height (the 75th percentile): a line this tall is a heading, whatever stands over it
NEXT_LINE = 0.3  # of a value's line height: at most this far under it, the next line is the value's too
BARCODE_PAD = 1 / 3  # of a barcode's height, round it: its quiet zone, and slack for a photo's placement
_MRZ = re.compile(r"[A-Z0-9<]{20,}")  # matched upper-cased: the zone prints capitals only, a blur reads some small


@dataclass
class _Field:
    """A value being proposed: its lines, the label lines that name it, and a name given it
    otherwise (an MRZ, a labelled value's second line)."""

    lines: list[TextLine]
    label: list[TextLine] = field(default_factory=list)
    name: str = ""

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Proposal:
    """A proposed template: the document to write (`data`), and the text lines it was made from."""

    data: dict[str, Any]
    lines: tuple[TextLine, ...]

    def template(self) -> Template:
        """The proposal as a validated `Template`."""
        return Template.from_dict(self.data, source=f"<proposal {self.data['name']}>")

    def yaml(self) -> str:
        """The proposal as a template file."""
        return template_yaml(self.data)


def propose_template(image: ImageInput, name: str, *, vision: Vision | None = None, language: str | None = None,
                     max_pixels: int = DEFAULT_MAX_PIXELS) -> Proposal:
    """Propose a template called `name` for the document `image` shows (a straight, upright scan
    at the template's size): its fields, their names and types, anchors and title."""
    if not TEMPLATE_NAME.fullmatch(name):
        raise TemplateError(f"{name!r} is not a template name: lower-case letters, digits and _, starting with "
                            "a letter")
    if vision is None:
        from ..api import default_extractor

        vision = default_extractor().vision
    loaded = load_image(image, max_pixels=max_pixels)
    width, height = loaded.size
    bgr = cv2.cvtColor(np.asarray(loaded.image), cv2.COLOR_RGB2BGR)
    barcodes = _barcodes(np.asarray(loaded.image))
    lines = [line for line in read_lines(vision, bgr, latin=language is None or language in LATIN_LANGUAGES)
             if not any(code.holds_middle(line.box) for code in barcodes)]  # bars read as letters are no text
    fields, titles, lines = _text_fields(lines, height) if lines else ([], [], [])
    if not fields and not barcodes:
        raise TemplateError("the sample shows no text or barcode to make fields of")
    spoken = [language for f in fields if f.label for language in [name_label([t.text for t in f.label])[1]]
              if language]
    chosen = language or (LANGUAGES[statistics.mode(spoken)] if spoken else "English")
    entries = _entries(fields, lines, chosen, bgr, barcodes)
    data: dict[str, Any] = {"name": name}
    if titles:
        data["title"] = titles[0].text
    data["reference"] = {"width": width, "height": height}
    data["settings"] = {"language": chosen}
    anchors = _anchors(titles, [line for f in fields for line in f.label], (width, height))
    if anchors:
        data["anchors"] = anchors
    data["fields"] = entries
    return Proposal(data, tuple(lines))


def _text_fields(lines: list[TextLine], height: int) -> tuple[list[_Field], list[TextLine], list[TextLine]]:
    """The values `lines` print, paired with their labels; the title lines; and the lines kept
    (neither a heading's nor a picture's)."""
    heading = HEADING * float(np.percentile([line.height for line in lines], 75))  # labels are many, and small
    # a seal or a picture read as a letter or two, or as punctuation, is no text
    lines = [line for line in lines if re.search(r"\w", line.text) and line.height <= 2 * heading
             and not (line.height > heading and len(line.text.strip()) <= 4)]
    header = _header(lines, heading, height)
    lines, cut = _cut_labels([line for line in lines if line not in header], heading)
    if not lines:  # a heading alone (over a barcode): the title is still the document's
        return [], sorted(header, key=lambda t: -t.height)[:3], []
    labels = [line for line in lines if line in cut or _is_label(line, lines, heading, by_size=False)]
    fields = _pair(lines, labels)
    if len(labels) >= 2:  # a document with labels: other lines may be labels by their size alone
        taken = {id(line) for f in fields for line in f.lines} | {id(line) for line in labels}
        rest = [line for line in lines if id(line) not in taken]
        more = [line for line in rest if line.top >= TOP * height and _is_label(line, lines, heading, by_size=True)]
        fields += _pair(rest, more)
        labels += more
    titles = sorted(header, key=lambda t: -t.height)[:3] or _titles(lines, labels, fields, height)
    fields += _unlabelled(lines, labels, fields, titles)
    fields.sort(key=lambda f: (f.lines[0].top, f.lines[0].left))
    return fields, titles, lines


def _barcodes(rgb: np.ndarray) -> list[Rect]:
    """Boxes round the PDF417 symbols that decode on the sample, with room round them."""
    height, width = rgb.shape[:2]
    boxes = []
    for symbol in pdf417_symbols(rgb):
        left, top, right, bottom = symbol.box
        pad = round(BARCODE_PAD * (bottom - top))
        boxes.append(Rect(max(0, left - pad), max(0, top - pad), min(width, right + pad), min(height, bottom + pad)))
    return boxes


def _cut_labels(lines: list[TextLine], heading: float) -> tuple[list[TextLine], list[TextLine]]:
    """Lines that print a label and its value together ("Surname: SMITH", "4a. 12.03.2020",
    "SEX M") cut in two (not headings, under `heading` high); and the labels cut off."""
    out: list[TextLine] = []
    cut: list[TextLine] = []
    for line in lines:
        at = label_end(line.text) if line.height < heading else 0
        if at and line.columns:
            label, value = line.split(at)
            out += [label, value]
            cut.append(label)
        else:
            out.append(line)
    return out, cut


def _is_label(line: TextLine, lines: list[TextLine], heading: float, by_size: bool) -> bool:
    """Whether `line` reads as a label: a known one, one ending in a colon, or (`by_size`) short
    words standing small just above or left of a bigger line (not a heading: under `heading` high)."""
    text = slashed(line.text.strip())
    if text.endswith(":") or known_label(text) or any(known_label(part) for part in label_parts(text)):
        return True
    if not re.search(r"\d", text) and len(text.split()) <= 8 and known_within(text):
        return True
    if not by_size or re.search(r"\d", text) or len(text.split()) > 5 or _MRZ.fullmatch(text.replace(" ", "").upper()):
        return False
    for other in lines:
        if other is line or other.height * SMALL < line.height or other.height > heading:
            continue
        below = 0 <= other.top - line.bottom + 0.3 * line.height <= 1.5 * line.height and \
            other.left < line.right and other.right > line.left
        beside = abs(other.middle - line.middle) < 0.5 * other.height and 0 <= other.left - line.right <= 4 * \
            other.height
        if below or beside:
            return True
    return False


def _groups(labels: list[TextLine]) -> list[list[TextLine]]:
    """Labels stacked line over line (one label in two languages) as one."""
    groups: list[list[TextLine]] = []
    for label in sorted(labels, key=lambda t: (t.middle, t.left)):
        for group in groups:
            last = group[-1]
            if 0 <= label.top - last.bottom + 0.5 * last.height <= 0.8 * last.height \
                    and abs(label.left - last.left) <= last.height:
                group.append(label)
                break
        else:
            groups.append([label])
    return groups


def _box(lines: list[TextLine]) -> Rect:
    return Rect(min(t.left for t in lines), min(t.top for t in lines), max(t.right for t in lines),
                max(t.bottom for t in lines))


def _pair(lines: list[TextLine], labels: list[TextLine]) -> list[_Field]:
    """Each label group with the value it names: below it, or right of it on its row; the
    closest pairs first."""
    values = [line for line in lines if line not in labels]
    candidates = []
    for number, group in enumerate(_groups(labels)):
        left, top, right, bottom = _box(group)
        size = max(t.height for t in group)
        colon = group[-1].text.rstrip().endswith(":") or bool(EU_NUMBER.fullmatch(group[-1].text.strip()))
        for index, value in enumerate(values):
            gap_down = value.top - bottom
            if -0.3 * value.height <= gap_down <= 1.2 * max(size, value.height) and value.right > left \
                    and left - 2 * size <= value.left < right + SPREAD * size:
                # under the label, or further right (set in the middle of its box): a little less likely
                aside = 0.0 if value.left < right else 0.5 + (value.left - right) / (SPREAD * size)
                candidates.append((gap_down / value.height + aside + (1 if colon else 0), number, index, group))
            gap_right = value.left - right
            if abs(value.middle - (top + bottom) / 2) < 0.5 * max(value.height, bottom - top) \
                    and -0.5 * size <= gap_right <= 6 * value.height:
                candidates.append((gap_right / value.height / 3, number, index, group))
    fields, taken_labels, taken_values = [], set(), set()
    for _, number, index, group in sorted(candidates, key=lambda c: c[0]):
        if number in taken_labels or index in taken_values:
            continue
        taken_labels.add(number)
        taken_values.add(index)
        fields.append(_Field([values[index]], group))
    for f in fields:  # a value running on below its first line (an address)
        _continue(f, values, taken_values)
    return fields


def _continue(f: _Field, values: list[TextLine], taken: set[int]) -> None:
    """Add to `f` the free lines right under its value, set as it is (a value's next line sits
    closer than a field's next row)."""
    while len(f.lines) < 4:
        nxt = next((i for i, line in enumerate(values) if i not in taken and _under(line, f.lines[-1], NEXT_LINE)),
                   None)
        if nxt is None:
            return
        taken.add(nxt)
        f.lines.append(values[nxt])


def _value_height(fields: list[_Field], lines: list[TextLine]) -> float:
    """The values' usual line height (of all lines, when few values have labels)."""
    heights = [line.height for f in fields for line in f.lines]
    if len(heights) < 3:
        heights = [line.height for line in lines]
    return float(statistics.median(heights))


def _header(lines: list[TextLine], heading: float, height: int) -> list[TextLine]:
    """The heading block: from the top, down to the last line printed heading-high in the top
    part of the document and the lines set closely under it (a title's second language)."""
    tall = [line for line in lines if line.height >= heading and line.top < 0.3 * height]
    if not tall:
        return []
    bottom = max(line.bottom for line in tall)
    for line in sorted(lines, key=lambda t: t.top):
        if bottom < line.top <= bottom + 0.5 * line.height and line.height >= heading / HEADING:
            bottom = line.bottom
    return [line for line in lines if line.bottom <= bottom + 2]


def _titles(lines: list[TextLine], labels: list[TextLine], fields: list[_Field], height: int) -> list[TextLine]:
    """The lines heading the document: above every field and label, in its top part, biggest first."""
    used = {id(line) for f in fields for line in f.lines} | {id(line) for line in labels}
    size = _value_height(fields, lines)
    if used:
        first = min(line.top for line in lines if id(line) in used)
    else:  # no labels: the heading ends with the last line printed bigger than most
        first = max((line.bottom for line in lines if line.top < 0.3 * height and line.height >= 1.4 * size),
                    default=0)
    titles = [line for line in lines if id(line) not in used and line.bottom <= first + 0.2 * line.height
              and line.top < 0.3 * height and line.height >= 0.6 * size and len(line.text.strip()) >= 2
              and not re.search(r"\d{3}", line.text) and not guess_type(line.text, "", "English")]
    return sorted(titles, key=lambda t: -t.height)[:3]


def _unlabelled(lines: list[TextLine], labels: list[TextLine], fields: list[_Field], titles: list[TextLine]
                ) -> list[_Field]:
    """Lines no label names that print a value: an MRZ's lines (one field), and lines sized as the
    values are and short; on a document whose fields have labels, only those a type fits (a
    number, a date) or that stand under a labelled value, set as it is (its second line)."""
    used = {id(line) for f in fields for line in f.lines} | {id(line) for line in labels + titles}
    size = _value_height(fields, lines)
    free = [line for line in lines if id(line) not in used]
    zone = [line for line in free if _MRZ.fullmatch(line.text.replace(" ", "").upper()) and line.text.count("<") >= 2]
    out = [_Field(zone, name="mrz")] if zone else []
    rest = [line for line in free if line not in zone and 0.7 * size <= line.height <= 1.5 * size
            and len(line.text.split()) <= 6 and len(line.text.strip()) >= 1]
    labelled = len(fields) >= 3
    taken: set[int] = set()
    for index, line in enumerate(rest):
        if index in taken:
            continue
        above = next((f for f in fields if f.label and _under(line, f.lines[-1], 1.0)), None)
        if labelled and above is None and not guess_type(line.text, "", "English"):
            continue
        taken.add(index)
        f = _Field([line], name=f"{name_label([t.text for t in above.label])[0]}_2" if above else "")
        _continue(f, rest, taken)
        out.append(f)
    return out


def _under(line: TextLine, last: TextLine, gap: float) -> bool:
    """Whether `line` continues `last` below it: as tall, as far left, at most `gap` heights under it."""
    return 0 <= line.top - last.bottom + 0.2 * last.height <= (gap + 0.2) * last.height \
        and abs(line.left - last.left) <= last.height and 0.7 <= line.height / last.height <= 1.4


def _content_names(fields: list[_Field], language: str, day_first: bool | None) -> dict[int, str]:
    """Names for values no label names, from what they hold, in the order ICAO data pages print
    them: document and personal numbers, surname then given names; dates by when they fall
    (the earliest, long past, a birth; others past, an issue; future, an expiry); a sex, a
    country code, an address (a street and number; a postcode and place)."""
    names: dict[int, str] = {}
    codes = iter(("document_number", "personal_number"))
    people = iter(("surname", "given_names"))
    dates: dict[int, dt.date] = {}
    for index, f in enumerate(fields):
        if f.label or f.name:
            continue
        text = f.text
        form = date_format(text, language, day_first)
        if form:
            dates[index] = dt.date.fromisoformat(interpret_date(text, [form], language)[0])
        elif re.fullmatch(r"[MFX]", text):
            names[index] = "sex"
        elif re.fullmatch(r"[A-Z]{3}", text):  # an ICAO country code
            names[index] = "nationality"
        elif re.fullmatch(r"\d{3,5}(?: \d{2,3})? [^\W\d_]{3}[^\d]*", text):  # a postcode, then a place
            names[index] = "postal_city"
        elif re.fullmatch(r"[^\W\d_][^\d]* \d{1,4}[a-zA-Z]?\b.*|\d{1,5}[a-zA-Z]? [^\W\d_]{3}.*", text):
            names[index] = "address"  # a street and its number, either way round
        elif guess_type(text, "document_number", language).get("type") == "pattern":
            names[index] = next(codes, "number")
        elif re.fullmatch(r"[^\W\d_]+(?:[ '\-][^\W\d_]+){0,3}", text):
            names[index] = next(people, "field")
    today = dt.date.today()
    past = sorted((when, index) for index, when in dates.items() if when <= today)
    for when, index in past:
        names[index] = "date_of_birth" if (when, index) == past[0] and when.year < today.year - 10 \
            else "date_of_issue"
    names.update((index, "date_of_expiry") for index, when in dates.items() if when > today)
    return names


def _entries(fields: list[_Field], lines: list[TextLine], language: str, bgr: np.ndarray, barcodes: list[Rect]
             ) -> list[dict[str, Any]]:
    """The template's field entries, in reading order: unique names, rectangles and types; the
    barcodes' among them."""
    numeric = [f.text for f in fields if (form := date_format(f.text, language)) and "%b" not in form]
    unambiguous = [form for text in numeric if not ambiguous_order(text)
                   and (form := date_format(text, language)) and not form.startswith("%Y")]
    day_first = None if not unambiguous else unambiguous[0].startswith("%d")
    unnamed = _content_names(fields, language, day_first)
    pictures = _pictures(bgr, lines) + barcodes if fields else []  # a value's rectangle stops at a barcode
    margin = _print_margin(bgr, [line for f in fields for line in f.lines + f.label], pictures) if fields else 0
    rects = _column_rects(fields, [_rect(f, lines, bgr, margin, pictures) for f in fields])
    used: dict[str, int] = {}

    def unique(base: str) -> str:
        used[base] = used.get(base, 0) + 1
        return base if used[base] == 1 else f"{base}_{used[base]}"

    entries: list[dict[str, Any]] = []
    for index, (f, rect) in enumerate(zip(fields, rects, strict=True)):
        base = f.name or (name_label([t.text for t in f.label])[0] if f.label else "") or unnamed.get(index, "")
        base = base if TEMPLATE_NAME.fullmatch(base) else "field"
        keys = {"type": "mrz"} if f.name == "mrz" else guess_type(f.text, base, language, day_first)
        entries.append({"name": unique(base), "rect": rect, **keys})
    for box in barcodes:  # in reading order among the values
        at = next((i for i, entry in enumerate(entries) if entry["rect"][1] > box.top), len(entries))
        entries.insert(at, {"name": unique("barcode"), "rect": list(box), "type": "pdf417"})
    return entries


@dataclass(frozen=True)
class _Placed:
    """A field's rectangle, and what ended it on the right: "text" (the next on its row), "picture"
    (a photo, a chip, a rule) or "margin" (the document's print margin)."""

    rect: Rect
    ended_by: str


def _rect(f: _Field, lines: list[TextLine], bgr: np.ndarray, margin: int,
          pictures: list[Rect]) -> _Placed:
    """The value's ink grown by a margin, on to the right up to the next text on its rows, a
    picture (`pictures`, or one `_clear_until` meets) or the document's print margin; never
    over its label."""
    height, width = bgr.shape[:2]
    left, top, right, bottom = _box(f.lines)
    h = statistics.median(line.height for line in f.lines)
    rect = [left - PAD_X * h, top - PAD_Y * h, right, bottom + PAD_Y * h]
    centre = None
    if f.label:
        label_left, _, label_right, label_bottom = _box(f.label)
        if label_bottom <= top + 0.3 * h:  # above: the label starts the box the value prints in
            rect[1] = max(rect[1], label_bottom + 1)
            rect[0] = min(rect[0], label_left)
            if left - label_left > CENTRED * h:  # a value set in the middle of its box
                centre = (left + right) / 2
        else:  # left
            rect[0] = max(rect[0], label_right + 1)
    own = {id(line) for line in f.lines + f.label}
    beside = [line.left for line in lines if id(line) not in own and line.left >= right
              and line.top < rect[3] and line.bottom > rect[1]]
    stop = min(beside) if beside else width - margin + round(GAP * h)
    shown = [box.left for box in pictures if box.left >= right and box.top < rect[3] and box.bottom > rect[1]]
    clear = _clear_until(bgr, round(top), round(bottom), right + 1, min([stop, *shown]))
    # a rule at the print margin (a frame round the document's print) is the margin, not a picture
    ended_by = "picture" if clear < min(stop, width - margin - h) else "text" if beside else "margin"
    rect[2] = max(right + 0.2 * h, clear - GAP * h)
    if centre is not None:
        rect[2] = min(rect[2], 2 * centre - rect[0])
    clamp = [(0, width - 1), (0, height - 1), (1, width), (1, height)]
    out = [int(min(high, max(low, round(v)))) for v, (low, high) in zip(rect, clamp, strict=True)]
    return _Placed(Rect(out[0], out[1], max(out[2], out[0] + 1), max(out[3], out[1] + 1)), ended_by)


def _column_rects(fields: list[_Field], placed: list[_Placed]) -> list[list[int]]:
    """A field that nothing ended before the margin, set under or over others (their labels or
    values starting alike: a column), ends where they do: where a picture ended two or more alike
    (a photo beside the top rows takes its column's height), or where most of the column ends
    alike, ended by text (the column's width, set by the one beside it)."""
    starts = [_box(f.lines + f.label).left for f in fields]
    out = []
    for index, (f, here) in enumerate(zip(fields, placed, strict=True)):
        rect = here.rect
        if here.ended_by == "margin":
            h = f.lines[0].height
            column = [other for start, other in zip(starts, placed, strict=True)
                      if other is not here and abs(start - starts[index]) <= h]
            pictured = [other.rect.right for other in column if other.ended_by == "picture"]
            ended = [other.rect.right for other in column if other.ended_by == "text"]
            tall = [x for x in pictured if sum(abs(x - other) <= h for other in pictured) >= 2]
            alike = [sum(abs(x - other) <= h for other in ended) for x in ended]
            shared = [x for x, count in zip(ended, alike, strict=True) if 2 * count > len(column)]
            if (tall or shared) and f.name != "mrz":  # one ended by a picture may have met a mark; two, a photo
                rect = rect._replace(right=max(max(tall or shared), _box(f.lines).right + 1))
        out.append(list(rect))  # the document's rectangles are JSON arrays, as its schema validates
    return out


def _pictures(bgr: np.ndarray, lines: list[TextLine]) -> list[Rect]:
    """Boxes round what the document shows besides text that stands out of its ground (a photo,
    a chip, an emblem): big blots of strong colour once the text is taken out."""
    height, width = bgr.shape[:2]
    ground = np.median(bgr.reshape(-1, 3), axis=0)
    mask = (np.abs(bgr.astype(np.int16) - ground).max(axis=2) > PICTURE_STEP).astype(np.uint8)
    for line in lines:
        pad = line.height // 4
        mask[max(0, line.top - pad):line.bottom + pad, max(0, line.left - pad):line.right + pad] = 0
    size = max(3, round(0.012 * width))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((size, size), np.uint8))  # rules and print go
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((2 * size, 2 * size), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    tall = 2 * statistics.median(line.height for line in lines)
    return [Rect(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, area in stats[1:count]
            if h >= tall and w >= tall and area >= 0.01 * width * height]


def _print_margin(bgr: np.ndarray, lines: list[TextLine], pictures: list[Rect]) -> int:
    """How far in from the document's sides it prints: to its outermost text, or a picture (a
    photo, not a band across the document) beside the text's rows nearer the left edge, which the
    fields keep from the right edge as well."""
    width = int(bgr.shape[1])
    left = min(line.left for line in lines)
    top, bottom = min(line.top for line in lines), max(line.bottom for line in lines)
    photos = [box.left for box in pictures if box.width < width / 2 and box.top < bottom and box.bottom > top]
    picture = min([_clear_until(bgr, top, bottom, round(0.005 * width), left), *photos])
    return max(round(0.01 * width), min(left, width - max(line.right for line in lines), picture))


def _clear_until(bgr: np.ndarray, top: int, bottom: int, start: int, stop: int) -> int:
    """Where, going right from `start` along the rows [top, bottom), the ground gives way to
    something else (a photo, a chip, a frame's rule): a column whose middle colour departs from
    the ground seen so far by more than GROUND_STEP; `stop` when none does."""
    band = bgr[max(0, top):max(top + 1, bottom), max(0, start):max(start + 1, stop)].astype(np.int16)
    if band.size == 0:
        return stop
    middles = np.median(band, axis=0)  # one colour per column: thin strokes and patterns do not move it
    ground = middles[0].copy()
    for x, colour in enumerate(middles):
        if float(np.abs(colour - ground).max()) > GROUND_STEP:
            return start + x
        ground = 0.9 * ground + 0.1 * colour  # a gradient's drift is followed
    return stop


def _anchors(titles: list[TextLine], labels: list[TextLine], size: tuple[int, int]) -> list[dict[str, Any]]:
    """The title and the labels spread widest over the document, each printed once."""
    counts: dict[str, int] = {}
    for line in titles + labels:
        counts[line.text] = counts.get(line.text, 0) + 1
    pool = [line for line in titles[:1] + labels if counts[line.text] == 1 and len(line.text.strip()) >= 2]
    chosen: list[TextLine] = []
    while pool and len(chosen) < MAX_ANCHORS:
        if not chosen:
            pick = pool[0]
        else:  # the one farthest from those chosen
            pick = max(pool, key=lambda c: min(abs(c.middle - o.middle) / size[1] + abs(c.left - o.left) / size[0]
                                               for o in chosen))
        chosen.append(pick)
        pool.remove(pick)
    return [{"text": line.text, "rect": [max(0, line.left), max(0, line.top), min(size[0], line.right),
                                         min(size[1], line.bottom)]} for line in chosen]
