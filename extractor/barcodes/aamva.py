"""The AAMVA DL/ID card design standard's barcode data: North American driver licences and ID cards.

A PDF417 on the back of the card holds a header (`@`, LF, RS, CR, "ANSI " and the issuer's
number, the standard's version, the number of subfiles and where each lies), then subfiles
("DL" for the licence, "ID" for an ID card, "Z?" for the issuer's own) of data elements: a
three-letter code, the value, a line feed. Dates are MMDDCCYY in the United States and
CCYYMMDD in Canada.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..errors import ExtractorError

# The data elements read into named values (AAMVA 2020, D.12.5), by code.
ELEMENTS = {
    "DCS": "surname", "DAC": "first_name", "DAD": "middle_names", "DCT": "given_names", "DAQ": "licence_number",
    "DBB": "birth_date", "DBA": "expiry_date", "DBD": "issue_date", "DBC": "sex", "DAG": "street",
    "DAH": "street_2", "DAI": "city", "DAJ": "state", "DAK": "postal_code", "DCG": "country",
    "DCF": "document_discriminator", "DCA": "vehicle_class", "DCB": "restrictions", "DCD": "endorsements",
    "DAY": "eye_colour", "DAU": "height", "DAW": "weight_pounds", "DAZ": "hair_colour", "DDE": "surname_truncated",
    "DDF": "first_name_truncated", "DDG": "middle_names_truncated", "DCU": "name_suffix",
}
DATES = {"DBB", "DBA", "DBD"}
SEXES = {"1": "M", "2": "F", "9": "X"}
_HEADER = re.compile(rb"@\n?\x1e\r?ANSI ?(\d{6})(\d{2})(\d{2})?(\d{2})")
_SUBFILE = re.compile(rb"([A-Z]{2})(\d{4})(\d{4})")


class AAMVAError(ExtractorError, ValueError):
    """Barcode data that is not AAMVA DL/ID data."""


@dataclass(frozen=True)
class AAMVA:
    """AAMVA data, parsed: `issuer` (the jurisdiction's six-digit IIN), `version` of the
    standard, `document` ("DL" or "ID"), `elements` (every data element, by code, as encoded)
    and `fields` (the elements of `ELEMENTS` by name; dates as ISO dates, sex as M, F or X)."""

    issuer: str
    version: int
    document: str
    elements: dict[str, str]
    fields: dict[str, str]


def parse_aamva(data: bytes | str) -> AAMVA:
    """Parse the data of an AAMVA DL/ID barcode. Raises `AAMVAError` on other data."""
    raw = data.encode("latin-1") if isinstance(data, str) else bytes(data)
    header = _HEADER.match(raw)
    if header is None:
        raise AAMVAError("not AAMVA data: it does not start with the compliance indicator '@' and 'ANSI '")
    issuer, version = header.group(1).decode(), int(header.group(2))
    count = int(header.group(4))
    designators = []
    at = header.end()
    for _ in range(count):
        entry = _SUBFILE.match(raw, at)
        if entry is None:
            break
        designators.append((entry.group(1).decode(), int(entry.group(2)), int(entry.group(3))))
        at = entry.end()
    elements: dict[str, str] = {}
    document = ""
    for kind, offset, length in designators:
        if kind not in ("DL", "ID"):
            continue
        body = raw[offset:offset + length] if 0 < offset < len(raw) else b""
        if not body.startswith(kind.encode()):  # many issuers' offsets are off by a few bytes
            found = raw.find(kind.encode() + b"DA", at)
            body = raw[found:] if found >= 0 else b""
        if body:
            document = document or kind
            elements.update(_elements(body[2:]))
    if not elements:  # no usable subfile directory: the first DL or ID subfile anywhere
        first = re.search(rb"(DL|ID)(?=D[A-Z]{2})", raw[at:])
        if first is None:
            raise AAMVAError("AAMVA data without a DL or ID subfile")
        document = first.group(1).decode()
        elements = _elements(raw[at + first.end():])
    return AAMVA(issuer, version, document, elements, _named(elements))


def _elements(body: bytes) -> dict[str, str]:
    elements: dict[str, str] = {}
    for line in re.split(rb"[\n\r]", body):
        text = line.decode("latin-1").strip()
        if len(text) >= 3 and re.fullmatch(r"[A-Z]{3}", text[:3]):
            elements.setdefault(text[:3], text[3:].strip())
    return elements


def _named(elements: dict[str, str]) -> dict[str, str]:
    canadian = elements.get("DCG", "").upper() == "CAN"
    fields = {}
    for code, name in ELEMENTS.items():
        if code not in elements:
            continue
        value = elements[code]
        if code in DATES:
            value = _date(value, canadian) or value
        elif code == "DBC":
            value = SEXES.get(value, value)
        fields[name] = value
    return fields


def _date(text: str, canadian: bool) -> str | None:
    """MMDDCCYY (United States) or CCYYMMDD (Canada) as an ISO date; the other order when the
    first is no date."""
    if not re.fullmatch(r"\d{8}", text):
        return None
    orders = ((text[:4], text[4:6], text[6:]), (text[4:], text[:2], text[2:4]))
    for year, month, day in orders if canadian else orders[::-1]:
        try:
            return _dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def disagreement(data: AAMVA, name: str, printed: str) -> str | None:
    """Why a printed value does not agree with the barcode's field `name`, or None when it does:
    compared in capitals with spaces folded (dates as ISO dates: type the printed field `date`;
    numbers and postal codes without spaces or dashes)."""
    expected = data.fields.get(name)
    if expected is None:
        return f"the barcode has no {name}"

    def folded(text: str) -> str:
        text = " ".join(text.upper().split())
        return re.sub(r"[\s-]", "", text) if name in ("licence_number", "postal_code") else text

    if folded(printed) == folded(expected) or (name == "postal_code" and folded(expected).startswith(folded(printed))):
        return None
    return f"disagrees with the barcode's {name} {expected!r}"
