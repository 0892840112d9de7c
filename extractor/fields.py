"""Map a recognizer's ordered results back to the template's fields, typed and checked."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .barcodes.aamva import AAMVA, AAMVAError, parse_aamva
from .barcodes.aamva import disagreement as barcode_disagreement
from .errors import RecognizerError
from .geometry import Rect
from .labels import printed_label
from .mrz.zone import MRZ, MRZError, disagreement, parse_mrz
from .recognizers import RegionResult
from .request import Region
from .template import FieldSpec, Template
from .values import (
    apply_case,
    case_mixed,
    constrain,
    date_misread,
    field_number,
    folded,
    interpret_date,
    interpret_enum,
    interpret_number,
    interpret_pattern,
    lone_small_letter,
    small_amid_digits,
    stray_sign,
)

if TYPE_CHECKING:  # a type only: reading fields needs no alignment code (nor OpenCV)
    from .alignment import Alignment

_WHITESPACE = re.compile(r"\s+")
# Below this a value is flagged (not valid) for a human to check: the embedded engine's
# calibrated confidence (`bench/calibrate.py`) puts 3-5 % of right readings and over 60 % of
# wrong ones under it on the development pool (documents 192-223 in 15 kinds, 704-799 in tiny,
# blur, glare and photos), flagging there as many right values as 0.6 did under the weights
# before `words_known` (1 - 0.8 is no error rate: the rest of the wrong values are flagged by
# their doubts, `EmbeddedRecognizer.read_regions`).
LOW_CONFIDENCE = 0.8
# A whole line of a machine-readable zone as read (fillers and all): the shortest format's
# line is 30 characters; a few lost or gained still mark the line as one.
_ZONE_LINE = re.compile(r"(?=(?:[^<]*<){3})[A-Z0-9<]{26,48}")


# Field names that name the data of a machine-readable zone (the standard names of
# `labels` and common English ones): in a template without an `mrz` field, a
# zone read from its text fields checks them as `mrz:` keys would. Development pool (stretches
# 448-479, 512-671; 119 zones whose checks passed): 6 wrong values given as valid disagreed, 1
# right one (a document number whose G the zone's check digit cannot tell from a 6). Not the
# nationality: documents print it as a word (SVENSK, PORTUGUESA) more often than as a code.
ZONE_NAMED = {"surname": "surname", "last_name": "surname", "family_name": "surname",
              "given_names": "given_names", "forenames": "given_names",
              "document_number": "document_number", "passport_number": "document_number",
              "sex": "sex", "gender": "sex"}
# Words of a field's name that say nothing of its label ("date_of_birth": date, birth).
_NAME_FILLERS = frozenset({"of", "no", "nr", "the", "and", "de"})


def normalize_text(text: str) -> str:
    """Runs of whitespace, line breaks included, become one space; ends are trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class FieldResult:
    """One field as read: the normalised `value` and everything needed to trust it or not."""

    name: str
    value: str
    raw: str
    confidence: float
    rect: Rect  # in the (rotated) image
    valid: bool
    warnings: tuple[str, ...] = ()
    mrz: MRZ | None = None  # a field of type mrz: the zone parsed and checked
    barcode: AAMVA | None = None  # a field of type pdf417 holding AAMVA data: the data parsed


@dataclass(frozen=True)
class Extraction:
    """Everything `read()` found: per-field results and how the image was read."""

    template: str
    image_size: tuple[int, int]
    elapsed_ms: float
    fields: dict[str, FieldResult]
    alignment: Alignment | None = None  # None: the image was read as given (align=False)

    def values(self) -> dict[str, str]:
        return {name: result.value for name, result in self.fields.items()}

    @property
    def warnings(self) -> list[str]:
        return [warning for result in self.fields.values() for warning in result.warnings]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, **options: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **options)


def interpret(spec: FieldSpec, text: str, language: str) -> tuple[str, str | None]:
    """The field's value from its whitespace-normalised text, and a problem if it is not valid."""
    if spec.charset and spec.type == "text":
        text = constrain(text, spec.charset)
    if spec.type == "date":
        value, problem = interpret_date(text, spec.formats, language)
    elif spec.type == "number":
        value, problem = interpret_number(text)
    elif spec.type == "enum":
        value, problem = interpret_enum(text, spec.choices)
    elif spec.type == "pattern":
        value, problem = interpret_pattern(text, spec.regex or "")
    elif case_mixed(text) and not _zone_lines(text):  # zone lines: mended and proven by their check digits
        value, problem = text, "small letters and capitals mixed inside a word (a case misread)"
    elif lone_small_letter(text):
        value, problem = text, "a small letter alone, where documents print a capital (a misread)"
    elif small_amid_digits(text):
        value, problem = text, "a small letter between two digits (a digit misread)"
    elif sign := stray_sign(text):
        value, problem = text, f"holds {sign!r}, a sign documents do not print in a value (a rule or a mark misread)"
    elif number := field_number(text):
        value, problem = text, f"starts with {number!r}, a label's field number: the rectangle may reach over the label"
    else:
        value, problem = text, date_misread(text)
    return (apply_case(value, spec.case) if problem is None else value), problem


def read_zone(text: str) -> tuple[MRZ | None, str | None]:
    """An MRZ field's text (its lines, however the whitespace between them came) parsed and
    checked, and a problem when it is no zone or its checks fail."""
    try:
        zone = parse_mrz(text.split())
    except MRZError as exc:
        return None, f"not a machine-readable zone: {exc}"
    failed = [name for name, holds in zone.checks.items() if not holds]
    return zone, (f"MRZ checks fail: {', '.join(failed)}" if failed else None)


def _zone_lines(text: str) -> bool:
    """Whether `text` is lines of a machine-readable zone; the zone prints capitals only, so a
    letter read small (a blurred m) is one of them."""
    lines = text.upper().split()
    return bool(lines) and all(_ZONE_LINE.fullmatch(line) for line in lines)


@dataclass
class _Reading:
    """One field while the fields are mapped: what is known before the cross-checks."""

    value: str
    raw: str
    valid: bool
    warnings: list[str]
    zone: MRZ | None = None
    barcode: AAMVA | None = None


def map_fields(
    template: Template, regions: tuple[Region, ...], results: list[RegionResult], language: str,
    alignment: Alignment | None = None,
) -> dict[str, FieldResult]:
    """Every template field, in template order, typed and checked, printed values checked
    against the MRZ where the template says (`mrz:` keys) or names them as the MRZ does; none
    is valid, nor surer than the alignment, when the `alignment` was not verified (never
    confident garbage)."""
    by_order = {result.order: result for result in results}
    rects = {region.order: region.rect for region in regions}
    missing = [spec.name for spec in template.fields if spec.order not in by_order]
    if missing:
        raise RecognizerError(
            f"the recognizer returned no result for field(s) {', '.join(missing)} "
            f"of template {template.name!r}"
        )
    readings = {spec.name: _read(spec, by_order[spec.order], language) for spec in template.fields}
    text_zone = _check_zone_lines(template, readings)
    _cross_check(template, readings, text_zone)
    mapped = {}
    for spec in template.fields:
        reading, confidence = readings[spec.name], by_order[spec.order].confidence
        valid, warnings = reading.valid, reading.warnings
        if alignment is not None and not alignment.verified:
            confidence, valid = min(confidence, alignment.score), False
            warnings = [*warnings, *alignment.warnings]
        mapped[spec.name] = FieldResult(spec.name, reading.value, reading.raw, round(confidence, 4),
                                        rects[spec.order], valid, tuple(warnings), reading.zone, reading.barcode)
    return mapped


def _read(spec: FieldSpec, result: RegionResult, language: str) -> _Reading:
    if spec.type == "pdf417":
        return _decoded(spec, result)
    raw = normalize_text(result.text)
    if not raw:
        return _Reading("", raw, spec.optional, [] if spec.optional else [f"{spec.name}: nothing was read"])
    zone = None
    if spec.type == "mrz":
        zone, problem = read_zone(raw)
        value = zone.text if zone else raw
    else:
        value, problem = interpret(spec, raw, language)
    reading = _Reading(value, raw, problem is None, [f"{spec.name}: {problem}"] if problem else [], zone)
    if spec.type != "mrz" and _reads_as_label(spec.name, raw):
        reading.valid = False
        reading.warnings.append(f"{spec.name}: reads as a label ({raw!r}): the rectangle may hold the label, "
                                f"not the value")
    if result.confidence < LOW_CONFIDENCE:
        reading.valid = False
        reading.warnings.append(f"{spec.name}: low confidence {result.confidence:.2f}")
    return reading


def _reads_as_label(name: str, text: str) -> bool:
    """Whether `text` is a label, not a value: a label documents print (`printed_label`: SOYADI,
    VORNAMEN, DATE OF BIRTH, in a dozen languages), or words holding every word of the field's
    `name` (fillers aside; "PŘÍJMENÍ / SURNAME" for `surname`). A field placed on the label printed
    over its value reads so (on a form whose labels are as large as its values, a row off fits
    as well). Values are labels hardly ever: of 15,838 values in the benchmark dumps (sessions
    52-54, development and test pools), none right was a known label while 17 wrong ones were, 8
    given as valid; none of 15,694 right values of the generated pools held their field's name,
    while 25 wrong ones did, 15 given as valid (an A4 page whose card was placed a row up, fit
    0.93, verified)."""
    if printed_label(text) is not None:
        return True
    named = {word for word in name.casefold().split("_") if len(word) >= 3 and word not in _NAME_FILLERS}
    return bool(named) and named <= set(re.findall(r"[^\W\d_]{2,}", folded(text)))


def _decoded(spec: FieldSpec, result: RegionResult) -> _Reading:
    """A barcode field: its data as decoded (no OCR, no whitespace folding), AAMVA data parsed."""
    if not result.text:
        problem = "no barcode could be decoded"
        return _Reading("", "", spec.optional, [] if spec.optional else [f"{spec.name}: {problem}"])
    try:
        parsed: AAMVA | None = parse_aamva(result.text)
    except AAMVAError:
        parsed = None
    return _Reading(result.text, result.text, True, [], barcode=parsed)


def _check_zone_lines(template: Template, readings: dict[str, _Reading]) -> tuple[str, MRZ] | None:
    """Text (or pattern) fields that read as the lines of a machine-readable zone are held to its rules:
    most templates draw the zone as plain rectangles (one per line, or one for the band), and
    its check digits then still prove or refute the reading. The lines of consecutive fields
    (or one field's lines) are parsed as one zone: repaired where the format or a check digit
    proves a look-alike wrong, flagged where the lines form no zone or a failed check looks at
    them (`MRZ.doubted_lines`). Returns the first zone whose checks all pass, with its first
    field's name (None: none did)."""
    runs: list[list[str]] = []
    previous = None
    for spec in template.fields:
        value = readings[spec.name].value
        if spec.type not in ("text", "pattern") or not _zone_lines(value):
            previous = None
            continue
        lines = value.split()
        if len(lines) == 1 and previous is not None:
            runs[-1].append(spec.name)
        else:
            runs.append([spec.name])
        previous = spec.name if len(lines) == 1 else None
    proven = None
    for run in runs:
        zone, problem = read_zone(" ".join(readings[name].value for name in run))
        doubted = zone.doubted_lines() if zone is not None else None
        first_line = 0
        for name in run:
            reading = readings[name]
            held = range(first_line, first_line + len(reading.value.split()))
            first_line = held.stop
            if zone is not None:
                reading.value = " ".join(zone.lines[line] for line in held)
            # a line no failed check looks at (a passport's names) keeps its own evidence
            if problem is not None and (doubted is None or doubted.intersection(held)):
                reading.valid = False
                reading.warnings.append(f"{name}: reads as machine-readable zone lines: {problem}")
        if zone is not None and problem is None and proven is None:
            proven = run[0], zone
    return proven


def _cross_check(template: Template, readings: dict[str, _Reading], text_zone: tuple[str, MRZ] | None) -> None:
    """Printed values that name an MRZ field (`mrz:`) or a barcode field (`barcode:`) and
    disagree with it: both flagged. Without an `mrz` field, a zone read from text fields whose
    checks all pass (`text_zone`: its first field, and the zone) stands for it, and the fields
    named as it names its data (`ZONE_NAMED`) are checked against it."""
    zone_field = next((spec.name for spec in template.fields if spec.type == "mrz"), None)
    code_field = next((spec.name for spec in template.fields if spec.type == "pdf417"), None)
    zone = readings[zone_field].zone if zone_field else None
    implied = False  # the zone read from text fields stands for an mrz field
    if zone_field is None and text_zone is not None:
        (zone_field, zone), implied = text_zone, True
    sources: dict[str, tuple[str | None, Any, Any]] = {
        "mrz": (zone_field, zone, disagreement),
        "barcode": (code_field, readings[code_field].barcode if code_field else None, barcode_disagreement),
    }
    for spec in template.fields:
        value = readings[spec.name].value
        for key, (source, parsed, compare) in sources.items():
            named = getattr(spec, key) or (ZONE_NAMED.get(spec.name) if key == "mrz" and implied else None)
            if not named or source is None or not value:
                continue
            if parsed is None:
                readings[spec.name].warnings.append(f"{spec.name}: not checked against the {key}: it was not read")
                continue
            problem = compare(parsed, named, value)
            if problem:
                for name in (spec.name, source):
                    readings[name].valid = False
                    readings[name].warnings.append(f"{name}: {spec.name} {problem}")
