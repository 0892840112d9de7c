"""Map a recognizer's ordered results back to the template's fields, typed and checked."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .errors import RecognizerError
from .recognizers import RegionResult
from .request import Region
from .template import FieldSpec, Template
from .values import (
    apply_case,
    constrain,
    interpret_date,
    interpret_enum,
    interpret_number,
    interpret_pattern,
)

if TYPE_CHECKING:  # a type only: reading fields needs no alignment code (nor OpenCV)
    from .alignment import Alignment

_WHITESPACE = re.compile(r"\s+")
# Below this a value is flagged (not valid) for a human to check: the embedded engine's
# calibrated confidence puts 3 % of right readings and over half of wrong ones under it
# (development pool, `bench/calibrate.py`).
LOW_CONFIDENCE = 0.6


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
    rect: tuple[int, int, int, int]  # left, top, right, bottom in the (rotated) image
    valid: bool
    warnings: tuple[str, ...] = ()


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
    else:
        value, problem = text, None
    return (apply_case(value, spec.case) if problem is None else value), problem


def map_fields(
    template: Template, regions: tuple[Region, ...], results: list[RegionResult], language: str,
    alignment: Alignment | None = None,
) -> dict[str, FieldResult]:
    """Every template field, in template order, typed and checked; none is valid, nor surer than
    the alignment, when the `alignment` was not verified (never confident garbage)."""
    by_order = {result.order: result for result in results}
    rects = {region.order: region.rect for region in regions}
    missing = [spec.name for spec in template.fields if spec.order not in by_order]
    if missing:
        raise RecognizerError(
            f"the recognizer returned no result for field(s) {', '.join(missing)} "
            f"of template {template.name!r}"
        )
    mapped = {}
    for spec in template.fields:
        result = by_order[spec.order]
        raw = normalize_text(result.text)
        warnings = []
        if not raw:
            value, valid = "", spec.optional
            if not spec.optional:
                warnings.append(f"{spec.name}: nothing was read")
        else:
            value, problem = interpret(spec, raw, language)
            valid = problem is None
            if problem:
                warnings.append(f"{spec.name}: {problem}")
            if result.confidence < LOW_CONFIDENCE:
                valid = False
                warnings.append(f"{spec.name}: low confidence {result.confidence:.2f}")
        confidence = result.confidence
        if alignment is not None and not alignment.verified:
            confidence, valid = min(confidence, alignment.score), False
            warnings.extend(alignment.warnings)
        mapped[spec.name] = FieldResult(spec.name, value, raw, round(confidence, 4),
                                        tuple(rects[spec.order]), valid, tuple(warnings))
    return mapped
