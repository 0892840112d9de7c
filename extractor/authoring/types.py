"""A field's type guessed from one value as printed, and its name: the template keys to write.

One sample shows one value per field, so the guesses are the ones a value leaves little doubt
about: dates (with their format), a one-letter sex, a licence's coded eye and hair colours,
document numbers (a pattern of their letters and digits), measurements with a unit, plain
numbers; the rest is text.
"""

from __future__ import annotations

import re
from typing import Any

from ..values import interpret_date

_NUMERIC_DATE = re.compile(r"(\d{1,4})([./\- ])(\d{1,2})\2(\d{2,4})")
_NAMED_DATE = re.compile(r"(\d{1,2})([ .\-])([^\W\d_]{3,9})\.?\2(\d{4})")
_SEX = re.compile(r"[MFXmfx]")
# document numbers: capitals and digits, in groups holding a digit or of one or two capitals
_CODE = re.compile(r"(?=.*\d)(?:[A-Z0-9]*\d[A-Z0-9]*|[A-Z]{1,2})(?: (?:[A-Z0-9]*\d[A-Z0-9]*|[A-Z]{1,2})){0,3}")
_MEASURE = re.compile(r"\d+(?:[.,'\-\"]+\d*)*\"?\s?(?:cm|m|kg|lb|lbs|in|ft)?")
_NUMBER = re.compile(r"\d{1,3}(?:[ .,']?\d{3})*")
MAX_CODE = 16  # characters: longer runs of capitals and digits are no document number
COUNTRIES = ("nationality", "issuing_country", "country", "issuing_state")  # ICAO three-letter codes
IDENTIFIERS = ("number", "_no", "nr", "id")  # name endings of identifier fields
# AAMVA's colour codes (D20 data element dictionary), and BRN that many licences print for BRO
EYE_COLOURS = ("BLK", "BLU", "BRO", "BRN", "DIC", "GRY", "GRN", "HAZ", "MAR", "PNK", "UNK")
HAIR_COLOURS = ("BAL", "BLK", "BLN", "BRO", "BRN", "GRY", "RED", "SDY", "WHI", "UNK")
COLOURED = {"eyes": EYE_COLOURS, "eye_colour": EYE_COLOURS, "eye_color": EYE_COLOURS,
            "hair": HAIR_COLOURS, "hair_colour": HAIR_COLOURS, "hair_color": HAIR_COLOURS}


def date_format(text: str, language: str, day_first: bool | None = None) -> str | None:
    """The strptime format `text` is printed in, when it is a date; `day_first` settles 03/04/2020
    (None: day first, unless the second number cannot be a month)."""
    text = text.strip()
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        first, separator, middle, last = numeric.groups()
        if len(first) == 4:
            form = f"%Y{separator}%m{separator}%d"
        elif len(first) <= 2 and len(last) in (2, 4):
            year = "%Y" if len(last) == 4 else "%y"
            month_first = int(middle) > 12 or (int(first) <= 12 and day_first is False)
            form = (f"%m{separator}%d{separator}{year}" if month_first else f"%d{separator}%m{separator}{year}")
        else:
            return None
    elif named := _NAMED_DATE.fullmatch(text):
        separator = named.group(2)
        form = f"%d{separator}%b{separator}%Y"
    else:
        return None
    return form if interpret_date(text, [form], language)[1] is None else None


def ambiguous_order(text: str) -> bool:
    """Whether a numeric date reads as well day first as month first (03/04/2020)."""
    numeric = _NUMERIC_DATE.fullmatch(text.strip())
    if numeric is None:
        return False
    first, _, middle, _ = numeric.groups()
    return len(first) <= 2 and int(first) <= 12 and int(middle) <= 12 and first != middle


def generalise(text: str) -> str:
    """A regex that `text` and values printed like it match: digits and capitals by their runs
    (or as one class when they alternate much), lower-case units and punctuation as printed."""
    runs = re.findall(r"\d+|[A-Z]+|[a-z]+|[^\dA-Za-z]", text)
    coded = [run for run in runs if run[0].isdigit() or run[0].isupper()]
    if len(coded) > 4 and " " not in text:  # L01X00T47: one class, not seven runs
        return f"[A-Z0-9]{{{len(text)}}}"
    parts = []
    for run in runs:
        if run[0].isdigit():
            parts.append("[0-9]" + (f"{{{len(run)}}}" if len(run) > 1 else ""))
        elif run[0].isupper():
            parts.append("[A-Z]" + (f"{{{len(run)}}}" if len(run) > 1 else ""))
        else:
            parts.append(re.escape(run))
    return "".join(parts)


def guess_type(text: str, name: str, language: str, day_first: bool | None = None) -> dict[str, Any]:
    """The template keys (type and its own) for a field called `name` showing `text`; {} for text."""
    text = " ".join(text.split())
    if not text:
        return {}
    form = date_format(text, language, day_first)
    if form:
        return {"type": "date", "formats": [form]}
    if _SEX.fullmatch(text) and (name == "sex" or text.upper() in "MF"):
        return {"type": "enum", "choices": ["M", "F", "X"]}
    if text in COLOURED.get(name, ()):  # a licence's eye or hair colour, coded
        return {"type": "enum", "choices": list(COLOURED[name])}
    identifier = name.endswith(IDENTIFIERS) or name.startswith("document")
    compact = len(text.replace(" ", ""))
    if _CODE.fullmatch(text) and compact >= 5 and len(text) <= MAX_CODE \
            and (identifier or re.search(r"[A-Z]", text) or compact >= 6):
        return {"type": "pattern", "regex": generalise(text)}
    if re.fullmatch(r"[A-Z]{3}", text) and name in COUNTRIES:
        return {"type": "pattern", "regex": "[A-Z]{3}"}
    if _NUMBER.fullmatch(text) and not identifier:
        return {"type": "number"}
    if _MEASURE.fullmatch(text) and re.search(r"[^\d]", text):
        return {"type": "pattern", "regex": generalise(text)}
    return {}
