"""Machine-readable zones in the ICAO 9303 layouts (TD1 3x30, TD2 2x36, TD3 2x44), with check digits."""

from __future__ import annotations

import datetime as _dt

from extractor.mrz.zone import check_digit, transliterate

LAYOUTS = {"td1": (3, 30), "td2": (2, 36), "td3": (2, 44)}  # lines, characters per line


def _field(text: str, width: int) -> str:
    return transliterate(text)[:width].ljust(width, "<")


def _name(surname: str, given: str, width: int) -> str:
    return _field(f"{transliterate(surname)}<<{transliterate(given)}", width)


def _date(day: _dt.date) -> str:
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"


def lines(layout: str, code: str, state: str, number: str, surname: str, given: str, nationality: str,
          birth: _dt.date, sex: str, expiry: _dt.date, optional: str = "") -> tuple[str, ...]:
    """The MRZ of a document in `layout` ("td1", "td2", "td3"); `code` is the document code ("P", "ID", "IR")."""
    number = _field(number.replace(" ", ""), 9)
    sex = sex if sex in "MF" else "<"
    dates = f"{_date(birth)}{check_digit(_date(birth))}{sex}{_date(expiry)}{check_digit(_date(expiry))}"
    head = _field(code, 2) + _field(state, 3)
    if layout == "td1":
        extra = _field(optional, 15)
        first = head + number + check_digit(number) + extra
        second = dates + _field(nationality, 3) + "<" * 11
        composite = first[5:30] + second[:7] + second[8:15] + second[18:29]
        return first, second + check_digit(composite), _name(surname, given, 30)
    if layout == "td2":
        extra = _field(optional, 7)
        second = number + check_digit(number) + _field(nationality, 3) + dates + extra
        composite = second[:10] + second[13:20] + second[21:35]
        return head + _name(surname, given, 31), second + check_digit(composite)
    extra = _field(optional, 14)
    second = number + check_digit(number) + _field(nationality, 3) + dates + extra + check_digit(extra)
    composite = second[:10] + second[13:20] + second[21:43]
    return head + _name(surname, given, 39), second + check_digit(composite)
