"""Typed field values: dates, numbers, enums and patterns, with OCR-confusion repair.

Each `interpret_*` takes the recognized text and returns `(value, problem)`: the
normalised value, or the text unchanged with a sentence saying why it is not valid.
Characters OCR confuses (O/0, I/1/l, S/5, B/8, Z/2, G/6) are exchanged only where
the expected form needs the other class at that position, and only when that makes
the whole value fit.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol, cast

import re2
from rapidfuzz import fuzz, process

# letter <-> digit look-alikes; each entry lists what a character may really be
CONFUSIONS: dict[str, str] = {
    "O": "0", "D": "0", "Q": "0", "o": "0",
    "I": "1", "l": "1", "i": "1", "|": "1",
    "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6",
    "0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G",
}
# Repairs tried at most: each is one linear-time match, and printed text may be hostile.
MAX_CANDIDATES = 2_000
# A template's pattern is compiled by RE2, which matches in time linear in the text (no
# catastrophic backtracking on hostile printed text), within this much memory.
PATTERN_MEMORY = 1 << 20
MAX_PATTERN_LENGTH = 1_000
# The years an identity document's dates fall in (holders born after 1900, documents expiring
# before 2100): a date outside is a misread digit ("01.01.3016" for 2016), never one printed.
DOCUMENT_YEARS = range(1900, 2100)


class Matcher(Protocol):
    def fullmatch(self, text: str) -> Any: ...


class PatternError(ValueError):
    """A template's pattern that cannot be matched in bounded time (or is not a regex)."""


@lru_cache(maxsize=512)
def bounded_pattern(regex: str) -> Matcher:
    """`regex` compiled by RE2: linear-time matching, so no text makes it run away.
    Backreferences and lookaround, which cannot be bounded, raise `PatternError`."""
    if len(regex) > MAX_PATTERN_LENGTH:
        raise PatternError(f"longer than {MAX_PATTERN_LENGTH} characters")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = PATTERN_MEMORY
    try:
        return cast(Matcher, re2.compile(regex, options))
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(f"{reason} (RE2 syntax: no backreferences or lookaround)") from exc

CHARSETS = {
    "digits": "0123456789",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒŠŽŸ",
    "lower": "abcdefghijklmnopqrstuvwxyzßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœšžł",
}
CHARSETS["alpha"] = CHARSETS["upper"] + CHARSETS["lower"]
CHARSETS["alnum"] = CHARSETS["alpha"] + CHARSETS["digits"]

MONTHS = {  # language -> month names, January first; abbreviations are their prefixes
    "English": "january february march april may june july august september october november december",
    "German": "januar februar märz april mai juni juli august september oktober november dezember",
    "French": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "Spanish": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "Italian": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "Portuguese": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "Dutch": "januari februari maart april mei juni juli augustus september oktober november december",
    "Polish": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
}


def charset_chars(charset: str) -> str:
    """The characters of a named set (digits, upper, lower, alpha, alnum) or an explicit set."""
    return CHARSETS.get(charset, charset)


def repair(text: str, fits: Matcher, allowed: str | None = None) -> str | None:
    """`text` with the fewest look-alike exchanges that make it match `fits` fully.

    Returns None when nothing fits, or when two different repairs fit equally well.
    """
    if fits.fullmatch(text) and (allowed is None or all(c in allowed for c in text)):
        return text
    positions = [i for i, c in enumerate(text) if c in CONFUSIONS]
    tried = 0
    for count in range(1, len(positions) + 1):
        found = set()
        for chosen in itertools.combinations(positions, count):
            tried += 1
            if tried > MAX_CANDIDATES:
                return None
            chars = list(text)
            for index in chosen:
                chars[index] = CONFUSIONS[chars[index]]
            candidate = "".join(chars)
            if fits.fullmatch(candidate) and (allowed is None or all(c in allowed for c in candidate)):
                found.add(candidate)
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def constrain(text: str, charset: str) -> str:
    """Look-alikes outside `charset` exchanged for their counterpart inside it."""
    allowed = charset_chars(charset)
    def swap(c: str) -> str:
        other = CONFUSIONS.get(c)
        return other if c not in allowed and other is not None and other in allowed else c

    return "".join(swap(c) for c in text)


def interpret_pattern(text: str, regex: str) -> tuple[str, str | None]:
    repaired = repair(text, bounded_pattern(regex))
    if repaired is None:
        return text, f"{text!r} does not match the pattern {regex}"
    return repaired, None


def interpret_number(text: str) -> tuple[str, str | None]:
    """Digits with optional grouping (spaces, dots, commas, apostrophes), as plain digits."""
    compact = re.sub(r"[\s'’]", "", text)
    repaired = repair(compact, re.compile(r"[0-9]+(?:[.,-][0-9]+)*"))
    if repaired is None:
        return text, f"{text!r} is not a number"
    return re.sub(r"[.,-]", "", repaired), None


def interpret_enum(text: str, choices: Sequence[str]) -> tuple[str, str | None]:
    """The choice `text` stands for: exact, then case/accent-blind, then a unique close match."""
    if text in choices:
        return text, None
    by_folded = {folded(choice): choice for choice in choices}
    key = folded(text)
    if key in by_folded:
        return by_folded[key], None
    if key:
        scored = process.extract(key, list(by_folded), scorer=fuzz.ratio, limit=2)
        if scored and scored[0][1] >= 70 and (len(scored) == 1 or scored[0][1] - scored[1][1] >= 15):
            return by_folded[scored[0][0]], None
    return text, f"{text!r} is not one of {', '.join(choices)}"


def interpret_date(text: str, formats: Sequence[str], language: str) -> tuple[str, str | None]:
    """The date as ISO 8601 (YYYY-MM-DD), from the first of `formats` that fits."""
    problems = []
    for form in formats:
        candidate, numeric_form = _months_as_numbers(text, form, language)
        shape = re.compile(_format_regex(numeric_form))
        repaired = repair(candidate, shape)
        separators = set(re.sub(r"%.|[\w\s]", "", numeric_form))
        if repaired is None and len(separators) == 1:  # a faint dot or slash read as a space or lost
            unified = re.sub(r"\s*[./\-]\s*|\s+", separators.pop(), candidate.strip())
            repaired = repair(unified, shape)
        if repaired is None:
            problems.append(form)
            continue
        try:
            parsed = datetime.strptime(repaired, numeric_form).date()
        except ValueError:
            return text, f"{text!r} is not a valid date for format {form}"
        if parsed.year not in DOCUMENT_YEARS:
            return text, f"{text!r} falls in {parsed.year}, a year no identity document prints"
        return parsed.isoformat(), None
    return text, f"{text!r} is not a date in the format {' or '.join(problems)}"


# A capital after small letters inside a word ("izMIR" for İZMIR, "ÖzDEMiR"): the model unsure
# of a letter's case where the document prints one. Names that do this (McDONALD, DeVITO, LaTOYA)
# begin with one capital and one to three small letters, and are let be.
_CAPITALISED_PREFIX = re.compile(r"[^\W\d_][^\W\d_A-Z]{1,3}")


def case_mixed(text: str) -> bool:
    """Whether a word of `text` has a capital right after a small letter (`_small`), other than
    after a name's prefix (Mc, Mac, De, La)."""
    for word in re.findall(r"[^\W\d_]+", text):
        for index in range(1, len(word)):
            if _small(word[index - 1]) and word[index].isupper() and not (
                    word[0].isupper() and _CAPITALISED_PREFIX.fullmatch(word[:index])):
                return True
    return False


def lone_small_letter(text: str) -> bool:
    """Whether `text` is one small letter alone: documents print one-letter values (sex, a
    class) as capitals, and blur makes an F look like an r."""
    return len(text) == 1 and _small(text)


# a field's number set before its value (a European licence's 4b., 9., 12.), then the value
_FIELD_NUMBER = re.compile(r"(\d{1,2}[a-z]?\.)\s+\S")


def field_number(text: str) -> str | None:
    """The field number `text` starts with ("4b." of "4b. 11.06.2032"), None if none. Forms
    number their fields so, left of the values, and a rectangle placed a little off (a photo)
    takes the number in. Of 14,878 values read in the benchmarks (development and test pools,
    sessions 52-54), none began so but four read from a photo placed too far left ("12. NONE"),
    two of them given as valid."""
    match = _FIELD_NUMBER.match(text)
    return match.group(1) if match else None


# a small letter between two digits ("1é0 cm" for 160 cm): codes print capitals; but 10x20
_SMALL_AMID_DIGITS = re.compile(r"\d[^\W\dA-Zx_]\d")


def small_amid_digits(text: str) -> bool:
    """Whether `text` holds a small letter between two digits: a digit misread (blur makes a 6
    an é). Of 15,838 values in the benchmark dumps (sessions 52-54), 4 wrong ones did, one of
    them given as valid, and no right one."""
    return any(_small(match.group()[1]) for match in _SMALL_AMID_DIGITS.finditer(text))


# signs no document prints in a value (a frame's rule, a mark or a blot read as one), and a
# degree sign after a number (a height's inch marks); not a colon (Turkish addresses print
# "SOK. NO:3"), nor §, which a permit's remarks cite laws by
_STRAY_SIGN = re.compile(r"[|¦~€¬^`¨¤¶©®]|\d\s?°")


def stray_sign(text: str) -> str | None:
    """The first sign in `text` that documents do not print in a value, None if none. Of the
    19,327 values in the development pool's benchmark dumps of sessions 52-54, no right one
    held one; 14 wrong ones did ("5-10°" for 5'-10", "|POL"), 5 given as valid."""
    match = _STRAY_SIGN.search(text)
    return match.group()[-1] if match else None


def _small(letter: str) -> bool:
    """A small letter with a capital of its own: ß (STRAßE) is printed among capitals."""
    return letter.islower() and len(letter.upper()) == 1


# where a date stands alone: no word, number or date part against it
_DATE_START, _DATE_END = r"(?<![\w.,/-])", r"(?![\w/-]|[.,]\d)"
# A date as a run of three numbers: day and month of one or two digits, a year of four at one
# end. Documents print dates alike throughout; a reading that breaks the form (a digit lost,
# two separators, a year of three digits or out of any document's span) misread the date. A
# comma is no date's separator but a blurred dot's look-alike (26.05,1980).
_DATE_LIKE = re.compile(_DATE_START + r"(\d{1,4})([./,-])(\d{1,2})([./,-])(\d{1,4})" + _DATE_END)
# ... and a date with its month in letters (24 JUL 1968, 25 FEB/FEB 33, 24.JUL.68) whose two
# separators differ lost or gained one (24JUL 1968), or whose month in two languages is a
# month in one and none in the other misread that one (28 AČU/AUG 14 for AĞU/AUG)
_NAMED_MONTH_DATE = re.compile(_DATE_START + r"\d{1,2}([ ./-]?)([^\W\d_]{3})(?:/([^\W\d_]{3}))?([ ./-]?)(?:\d{4}|\d{2})"
                               + _DATE_END)
# ... and one with a letter among its digits that a digit looks like (01/21/195S) misread one
_LETTERED_DATE = re.compile(_DATE_START + r"([\dOSIlBZG]{1,4})([./,-])([\dOSIlBZG]{1,2})([./,-])([\dOSIlBZG]{1,4})"
                            + _DATE_END)


def date_misread(text: str) -> str | None:
    """What shows a date in `text` (of a field of any type) misread, if anything does: its
    separators differ, its year has three digits or lies outside `DOCUMENT_YEARS`, its day or month is 0
    or over 31 (or both over 12), or one of them has a leading zero and the other has one digit,
    or a letter stands among its digits; or a date with its month in letters has two separators."""
    for match in _NAMED_MONTH_DATE.finditer(text):
        if match.group(1) != match.group(4):
            return f"{match.group()!r} mixes separators"
        if match.group(3) is not None and sum(word.upper() in month_words() for word in match.group(2, 3)) == 1:
            return f"{match.group()!r} names a month in one language and none in the other"
    for match in _LETTERED_DATE.finditer(text):
        groups = match.group(1, 3, 5)
        # a date, or no date: each number holds a digit (a word of these letters is none)
        if _dated(match) and not all(map(str.isdigit, groups)) and all(any(map(str.isdigit, g)) for g in groups):
            return f"{match.group()!r} has a letter among its digits"
    for match in _DATE_LIKE.finditer(text):
        dated = _dated(match)
        if dated is None:
            continue  # not a date's shape (a number in groups, a date of two-digit years)
        year, parts = dated
        one, other = match.group(2, 4)
        if one != other:
            return f"{match.group()!r} mixes separators"
        if len(year) != 4 or int(year) not in DOCUMENT_YEARS:
            return f"{match.group()!r} has no plausible year"
        numbers = [int(part) for part in parts]
        if min(numbers) == 0 or max(numbers) > 31 or min(numbers) > 12:
            return f"{match.group()!r} has no plausible day and month"
        if any(len(part) == 1 for part in parts) and any(part.startswith("0") for part in parts):
            return f"{match.group()!r} pads its day and month unlike each other"
    return None


@lru_cache(maxsize=1)
def month_words() -> frozenset[str]:
    """The first three letters of every month's name and abbreviation in every language written
    in Latin letters (CLDR's, by Babel), in capitals (Turkish ones with their dotted İ too)."""
    from babel import Locale, localedata  # its data is read once, when a date first asks (~0.7 s)

    words: set[str] = set()
    for identifier in localedata.locale_identifiers():
        if "_" in identifier:
            continue  # a country's variant names its months as its language does
        months = Locale.parse(identifier).months
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for name in months.get(context, {}).get(width, {}).values():
                    start = name.replace(".", "").strip()[:3]
                    if len(start) == 3 and all(c.isalpha() and "LATIN" in unicodedata.name(c, "") for c in start):
                        words.update((start.upper(), start.replace("i", "İ").upper()))
    return frozenset(words)


def _dated(match: re.Match[str]) -> tuple[str, tuple[str, str]] | None:
    """A date-like run's year and its day and month (in the order read), if the run has a date's
    shape: a year of three or four digits at one end, one or two digits for the others."""
    first, middle, last = match.group(1, 3, 5)
    if 3 <= len(last) <= 4 and len(first) <= 2:
        return last, (first, middle)
    if 3 <= len(first) <= 4 and len(last) <= 2:
        return first, (middle, last)
    return None


def apply_case(text: str, case: str) -> str:
    if case == "upper":
        return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)
    if case == "lower":
        return text.lower()
    if case == "title":
        return text.title()
    return text


def folded(text: str) -> str:
    """`text` trimmed, case-folded and without accents."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _month_names(language: str) -> Iterable[tuple[str, int]]:
    for lang in dict.fromkeys((language, "English")):
        for number, name in enumerate(MONTHS.get(lang, "").split(), start=1):
            yield folded(name), number


def _months_as_numbers(text: str, form: str, language: str) -> tuple[str, str]:
    """Month names in `text` turned into numbers, with %b/%B in `form` turned into %m."""
    if "%b" not in form and "%B" not in form:
        return text, form
    numeric_form = form.replace("%B", "%m").replace("%b", "%m")
    for match in re.finditer(r"[^\W\d_]{3,}", text):
        word = folded(match.group())
        number = next((n for name, n in _month_names(language) if name.startswith(word)), None)
        if number is not None:
            return text[: match.start()] + f"{number:02d}" + text[match.end():], numeric_form
    return text, numeric_form


_DIRECTIVES = {"d": r"\d{1,2}", "m": r"\d{1,2}", "Y": r"\d{4}", "y": r"\d{2}", "H": r"\d{1,2}",
               "M": r"\d{2}", "S": r"\d{2}", "j": r"\d{1,3}"}


def _format_regex(form: str) -> str:
    """A regex accepting what `strptime(form)` accepts (numeric directives only)."""
    parts = []
    for literal, directive in re.findall(r"([^%]*)(?:%(.))?", form):
        parts.append(r"\s*".join(re.escape(piece) for piece in literal.split(" ")))
        if directive:
            parts.append(_DIRECTIVES.get(directive, r"\S+"))
    return "".join(parts)
