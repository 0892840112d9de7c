"""Typed values and OCR-confusion repair, including where repair must not happen."""

from __future__ import annotations

import re
import signal

import pytest

from extractor.values import (
    apply_case,
    constrain,
    date_misread,
    interpret_date,
    interpret_enum,
    interpret_number,
    interpret_pattern,
    repair,
)


@pytest.mark.parametrize(
    ("text", "formats", "language", "expected"),
    [
        ("12.08.1983", ["%d.%m.%Y"], "German", "1983-08-12"),
        ("08/31/1977", ["%m/%d/%Y"], "English", "1977-08-31"),
        ("12.O8.l983", ["%d.%m.%Y"], "German", "1983-08-12"),  # O->0, l->1 where digits stand
        ("12 MÄR 1990", ["%d %b %Y"], "German", "1990-03-12"),
        ("03 DÉC 2001", ["%d %b %Y"], "French", "2001-12-03"),
        ("3 septembre 2001", ["%d %B %Y"], "French", "2001-09-03"),
        ("14 JAN 2020", ["%d.%m.%Y", "%d %b %Y"], "German", "2020-01-14"),  # second format
        ("12.08.83", ["%d.%m.%y"], "German", "1983-08-12"),
        ("27 09 2000", ["%d.%m.%Y"], "German", "2000-09-27"),  # separators lost, digits clear
        ("27.09 2000", ["%d.%m.%Y"], "German", "2000-09-27"),
        ("08-31/1977", ["%m/%d/%Y"], "English", "1977-08-31"),
    ],
)
def test_dates(text, formats, language, expected):
    assert interpret_date(text, formats, language) == (expected, None)


def test_impossible_date_is_invalid_not_guessed():
    value, problem = interpret_date("31.02.1990", ["%d.%m.%Y"], "German")
    assert value == "31.02.1990"
    assert problem == "'31.02.1990' is not a valid date for format %d.%m.%Y"


@pytest.mark.parametrize("text", ["01.01.3016", "12.07.1889"])
def test_a_date_in_a_year_no_document_prints_is_invalid(text):
    value, problem = interpret_date(text, ["%d.%m.%Y"], "German")
    assert value == text and "a year no identity document prints" in problem


def test_text_that_is_no_date():
    value, problem = interpret_date("BERLIN", ["%d.%m.%Y"], "German")
    assert value == "BERLIN" and "not a date in the format %d.%m.%Y" in problem


@pytest.mark.parametrize(
    ("text", "regex", "expected"),
    [
        ("I1234568", "[A-Z][0-9]{7}", "I1234568"),  # already fits: untouched
        ("11234568", "[A-Z][0-9]{7}", "I1234568"),  # the letter position needs a letter
        ("D5824I63", "[A-Z][0-9]{7}", "D5824163"),  # a digit position needs a digit
        ("B0Z", "[A-Z][0-9][A-Z]", "B0Z"),
        ("80Z", "[A-Z][0-9][A-Z]", "B0Z"),
        ("8O2", "[A-Z][0-9][A-Z]", "B0Z"),
    ],
)
def test_pattern_repairs_only_where_needed(text, regex, expected):
    assert interpret_pattern(text, regex) == (expected, None)


def test_pattern_repair_must_not_happen():
    # both classes allowed at every position: nothing to decide, nothing changed
    assert interpret_pattern("L01X00T47", "[A-Z0-9]{9}") == ("L01X00T47", None)
    # no exchange makes it fit: kept as read and flagged
    value, problem = interpret_pattern("ABC", "[0-9]{4}")
    assert value == "ABC" and "does not match" in problem
    # two equally small repairs fit: ambiguous, so none is made
    assert repair("10", re.compile("[0-9][A-Z]|[A-Z][0-9]")) is None
    # a character without a look-alike is never changed
    value, problem = interpret_pattern("X1234567", "[0-9]{8}")
    assert value == "X1234567" and problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 234 567", "1234567"), ("12.345", "12345"), ("4O7", "407"), ("1'000", "1000")],
)
def test_numbers(text, expected):
    assert interpret_number(text) == (expected, None)


def test_number_invalid():
    assert interpret_number("12AB")[1] == "'12AB' is not a number"


@pytest.mark.parametrize(
    ("text", "choices", "expected"),
    [("F", ["M", "F", "X"], "F"), ("x", ["M", "F", "X"], "X"), ("FEMAIE", ["MALE", "FEMALE"], "FEMALE"),
     ("brn", ["BRN", "BLK"], "BRN"), ("Célibataire", ["CELIBATAIRE", "MARIE"], "CELIBATAIRE")],
)
def test_enum_snaps(text, choices, expected):
    assert interpret_enum(text, choices) == (expected, None)


@pytest.mark.parametrize(("text", "choices"), [("H", ["M", "F", "X"]), ("BLX", ["BLK", "BLU"]), ("", ["M"])])
def test_enum_ambiguous_or_far_is_invalid(text, choices):
    value, problem = interpret_enum(text, choices)
    assert value == text and "is not one of" in problem


def test_charset_and_case():
    assert constrain("5O7 lB", "digits") == "507 18"
    assert constrain("0TT0", "upper") == "OTTO"
    assert constrain("ABC", "AB") == "ABC"  # C has no look-alike in the set: kept
    assert apply_case("weiß müller", "upper") == "WEIß MÜLLER"
    assert apply_case("ANNA-LENA", "title") == "Anna-Lena"
    assert apply_case("Ab", "as-printed") == "Ab"


def test_hostile_text_cannot_make_a_pattern_run_away():
    # with backtracking regexes, (a+)+$ on 33 characters ran over a minute and the look-alike
    # repair tried it 20,000 times: the alarm turns such a hang into a failure
    def hung(*_):
        raise TimeoutError("the pattern ran away")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        value, problem = interpret_pattern("a" * 5000 + "!", "(a+)+$")
        assert problem is not None and value.startswith("aaa")
        value, problem = interpret_pattern("0O" * 30 + "!", "([0-9A-Z]+)+$")
        assert problem is not None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("text", "misread"), [
    ("01/16/2924", "no plausible year"), ("04.05/1979", "mixes separators"), ("2030-01-1", "pads"),
    ("29-22-200", "no plausible year"), ("13/13/2020", "no plausible day"), ("00.05.1999", "no plausible day"),
    ("01/18/2024", None), ("1/14/2029", None), ("ISS 2035-10-28", None), ("300-70-9459", None), ("12.03.19", None),
    ("26.05,1980", "mixes separators"), ("1,234,567", None), ("1,60 m", None), ("01, 78", None),
    ("01/21/195S", "a letter among its digits"), ("O1.O2.1999", "a letter among its digits"),
    ("DOB 2I-11-1987", "a letter among its digits"), ("SOIL-BIG-GOBI", None), ("A1/B2/C3", None),
    ("24JUL 1968", "mixes separators"), ("24 JUL.68", "mixes separators"), ("24 JUL 1968", None),
    ("24JUL68", None), ("25 FEB/FEB 33", None), ("14-MAY-2031", None), ("12 MAIN ST 2045", None),
    # a month in two languages (CLDR's names): one misread where the other is a month
    ("28 AČU/AUG 14", "a month in one language and none"), ("28 AGU/ADG 24", "a month in one language and none"),
    ("28 AĞU/AUG 14", None), ("24 MRT/MAR 87", None), ("14 LIS/NOV 2024", None), ("03 ŘÍJ/OCT 29", None),
    ("12 NİS/APR 30", None), ("01 ABC/XYZ 20", None),
])
def test_a_date_read_out_of_any_dates_form_is_called_misread(text, misread):
    problem = date_misread(text)
    assert (problem is None) if misread is None else (problem is not None and misread in problem)
