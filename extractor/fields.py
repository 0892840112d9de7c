"""Map a recognizer's ordered results back to the template's field names."""

from __future__ import annotations

import re

from .errors import RecognizerError
from .recognizers import RegionResult
from .template import Template

_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Runs of whitespace, line breaks included, become one space; ends are trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


def map_fields(template: Template, results: list[RegionResult]) -> dict[str, str]:
    """Every template field, in template order, with its whitespace-normalised text."""
    by_order = {result.order: result for result in results}
    missing = [spec.name for spec in template.fields if spec.order not in by_order]
    if missing:
        raise RecognizerError(
            f"the recognizer returned no result for field(s) {', '.join(missing)} "
            f"of template {template.name!r}"
        )
    return {spec.name: normalize_text(by_order[spec.order].text) for spec in template.fields}
