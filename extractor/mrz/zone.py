"""Machine-readable zones (ICAO 9303): their formats, fields, check digits, and repairs.

Five formats share one alphabet (A-Z, 0-9 and the filler `<`): TD1 (ID cards, 3 lines of 30),
TD2 (2 x 36), TD3 (passports, 2 x 44) and the visas MRV-B (2 x 36) and MRV-A (2 x 44). Each
field sits at a fixed place; the document number, the dates and (in TD3) the optional data
are guarded by a check digit, and a composite digit guards them together.

A reading is trusted only as far as its check digits say. Where a digit fails, characters of
the field it guards are swapped for their look-alikes (O and 0, I and 1, B and 8, `<` and K
...), and a repair is kept only when the digits then pass and no other repair with as few
changes does, or when the recognizer's doubt or the ink (each character's cell against
OCR-B's glyphs) plainly singles it out: a repair that merely makes some digit pass is a
guess, and a wrong value with valid check digits is the worst outcome there is. A look-alike
the recognizer gave nothing, which the ink does not show, is no candidate for a repair, and a
repair the ink opposes proves nothing: two misreads cancel in a check digit one time in ten,
as a wrong swap makes it pass. A name, which no check guards, has a letter the recognizer
hardly read replaced only by one its ink plainly singles out among the letters, and is proven
only where the ink singles out each such letter.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass

import pycountry

from ..errors import ExtractorError

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHABET = LETTERS + "0123456789<"
LENGTHS = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44), "MRV-A": (2, 44), "MRV-B": (2, 36)}
# What OCR confuses, both ways: a character read as one of these may have been the other.
LOOK_ALIKES = {
    "0": "ODQ", "1": "ILJ", "2": "Z", "5": "S", "6": "G", "8": "B", "4": "A", "7": "T",
    "O": "0DQ", "D": "0O", "Q": "0O", "I": "1L", "L": "1I", "J": "1", "Z": "2", "S": "5", "G": "6", "B": "8", "A": "4",
    "T": "7", "<": "KCXE", "K": "<", "C": "<", "X": "<", "E": "<",
}
# Codes ICAO 9303-3 adds to ISO 3166-1's: Germany's D, the EU, the UN, the refugee and
# stateless codes, British dependencies, Kosovo, and the specimens' Utopia (used only to choose
# among look-alikes read where a code's letters stand: see `_by_codes`).
ICAO_CODES = ("D", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "UNA", "UNK", "UNO", "UTO", "XBA", "XCC", "XCE",
              "XCO", "XDC", "XEC", "XES", "XIM", "XMP", "XOM", "XPO", "XSC", "XXA", "XXB", "XXC", "XXX")
CODE_FIELDS = ("issuing_country", "nationality")
# ICAO 9303-3's spellings of letters that have no unaccented MRZ form of their own.
_SPELLED = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE", "Œ": "OE", "Þ": "TH",
            "Ł": "L", "İ": "I", "ı": "I", "Đ": "D"}
# ... and as many states spell them, the accent dropped (SÖDERBERG as SODERBERG): a printed name
# agrees with its zone in either spelling.
_PLAIN = {**_SPELLED, "Ä": "A", "Ö": "O", "Ü": "U", "Å": "A", "Ø": "O"}
SEXES = frozenset("MFX<")  # ICAO 9303 (parts 4-6): male, female, unspecified (X or the filler)
MAX_REPAIRS = 2  # characters one field may have changed: more and a repair is a guess among many
# A character read with less probability than this is unsure: when a look-alike in its place
# passes every check too, the zone's reading is not proven.
SURE_CHARACTER = 0.9
# A sex read as X (unspecified), no check guarding it, with less than `SURE_CHARACTER` is a guess:
# a blurred M looks like an X to the recognizer (0.875, fresh pool, the zone otherwise valid),
# and the ink too (its diagonals paled). M is often read less surely (23 of 373 right
# development zones under 0.9: blur, small print, hard photos); none of them X.
UNSURE_X = SURE_CHARACTER
# ... and in a name, which no check guards, one read with less than this is a guess, as is one
# read with less than SURE_CHARACTER whose ink looks more like a letter the recognizer gave
# next than like it (`_inked_letter`): the fresh pool's two blurred names read wrong with every
# check passing looked 0.13 and 0.22 more like the letter printed; of 384 right zones of the
# development pool (48 documents, eight kinds), none looked more like another by over 0.051.
UNSURE_UNGUARDED = 0.5
# ... unless the recognizer read it (a slot it left empty is a guess whatever fills it) and its
# ink looks more like it than like any other letter by this much: blurred, whole names read
# right at 0.1-0.5 a letter. Development and fresh pools (blur, hard photos, small print; 576
# zones): of 43 right letters read under UNSURE_UNGUARDED, the ink singled out 33 by 0.1; of
# 10 misread ones, it singled out none by more than 0.033 (an M read as X, 0.85, every check
# passing), and favoured another over every letter read under UNSURE_UNGUARDED. A letter
# hardly read whose ink singles out another by as much becomes that one (`_by_ink_letters`):
# a blurred W read as O and as U in the fresh pool; no reading of development zones 0-39 (all
# eight kinds) changed.
INK_SINGLES_OUT = 0.1
# ... and one where the recognizer gave another letter this share, which the ink does not
# plainly oppose, is a toss between two letters (a blurred M read as K 0.56, X 0.44, the zone
# valid). Development pool, 1,151 zones (documents 288-479's blur and hard photos, 0-95's eight
# kinds): of 2,128 right name letters with such a rival, none gave it over 0.11.
SPLIT_LETTER = 0.25
# Where look-alike repairs as small as each other all make the checks pass (8 for B and 2 for Z
# may change a check digit alike), the one swapping only unsure characters is the repair when
# each other one swaps a character read with at least this probability.
SURE_SWAPPED = 0.99
# Unsure characters swapped together in looking for another reading every check passes (as
# many as a repair may change). The search grows as the places to the power of this: at 2, a
# TD1's ~35 unsure places take ~6,500 checks (~80 ms), at 3 seconds.
AMBIGUOUS_SWAPS = 2
# How much more a look-alike's glyph must resemble a character's ink than the character read
# does (`Ink`, a difference of correlations) to put the reading in doubt where no check can tell
# the two apart. Right reads of the development pool's zones: a 6 looked at most 0.044 more
# like G; a blurred G read as 6 looked 0.135 more like G. Opposed by as much, a look-alike is no
# rival to an unsure character (`_ambiguous`): of 49 characters misread for a look-alike (round
# letters aside, 672 zones of the development pool), none looked less like the one printed than
# like the one read (+0.004 at the least), while 470 of 495 unsure right characters' look-alikes
# were opposed by this much.
INK_MARGIN = 0.05
# The pairs no check tells apart that the ink is asked about: G and 6, which the model confuses
# surely under blur. L and 1, K and `<` are not: the model was never seen to confuse them, and a
# right 1 or `<` near a photographed line's end (its columns a little off) looked more like L
# or K in 28 of 180 photos of the development pool.
INK_ASKED = frozenset({("6", "G"), ("G", "6")})
# A character read surely whose ink looks more like a look-alike by this much may be the second
# of two misreads the check digits cannot see (`_ambiguous`): of right characters read surely in
# development zones 0-39 (blurred, hard and turned photos), a 2 looked more like Z by 0.11 at
# most, a 5 or an 8 like S or B by 0.19; the two Zs of a photographed Z399Z93X8 read as 2s, 0.28
# and 0.30. Never for a 1, I, L, J, K or `<` (as `INK_ASKED`), nor a 7 or an A, whose ink misleads
# on photos (a right 7 looked more like T by 0.27, an A like 4 by 0.31).
INK_MISREAD = 0.2
UNINKED = frozenset("1ILJK<7TA4")
# ... and for the ink to choose among repairs the checks allow alike: each swap of the chosen
# one favoured this much, and each other repair with a swap opposed by `INK_MARGIN` at least
# (a right 2 looked more like Z by 0.12 at the 99th percentile: the checks passing and the
# other repairs plainly opposed are what make the choice).
INK_REPAIR = 0.1
# OCR-B's 0, O, D and Q differ by a little roundness the comparison does not see (a right 0
# looked more like O 256 times in 390): between them the ink has no say in a repair.
ROUND = frozenset("0ODQ")
# ... but a D's straight side it sees: a right D looked less like 0, O and Q in 1,636 of 1,640
# places (development pool, 1,151 zones), while a right 0 looked no less like D 864 times in 5,325.
# The ink may oppose a D read becoming another round character, never favour one.
STRAIGHT_ROUND = "D"
# The document code's second letter read as 0 is taken for D, the one codes print (ID cards, PD
# diplomatic passports), not O, a name's likelier letter; nothing proves it (`_code_guessed`).
CODE_LETTER = "D"
# Where the recognizer says what it liked next at each place (`Alternatives`): a look-alike it
# gave less than this where it read an unsure character is no rival to it, and of repairs the
# checks allow alike, the only one each of whose swaps puts in a character it gave at least
# `GIVEN_SOME`, when each other one puts in a character it gave under `GIVEN_NONE`, is made.
GIVEN_NONE = 0.005
GIVEN_SOME = 0.02


# How much more the ink at (line, column) looks like `alike` than like `char` (-2 to 2): the
# glyphs' second opinion, where the zone was read from an image (`glyphs.Cells`).
Ink = Callable[[int, int, str, str], float]
# For each place of each line, the probability the recognizer gave the character it read there
# and each it liked next (`LineRead.alternatives`); a character left out it gave no more than
# the least of them. Empty where it is not known.
Alternatives = list[list[dict[str, float]]]


class MRZError(ExtractorError, ValueError):
    """Text that is no machine-readable zone (wrong line count or lengths, other characters)."""


class MRZNotFoundError(MRZError):
    """The image shows no machine-readable zone."""


@dataclass(frozen=True)
class _Field:
    name: str
    line: int
    start: int
    end: int
    kind: str  # "alpha" (letters and <), "digits" (digits and <), "any"
    check: tuple[int, int] | None = None  # (line, column) of the check digit guarding it


def _two_line(first_optional_end: int, composite: bool, width: int) -> tuple[_Field, ...]:
    """The fields of TD2, TD3 and the visas (the second line's layout is the same up to the optional data)."""
    fields = [
        _Field("document_type", 0, 0, 2, "alpha"),
        _Field("issuing_country", 0, 2, 5, "alpha"),
        _Field("names", 0, 5, width, "alpha"),
        _Field("document_number", 1, 0, 9, "any", (1, 9)),
        _Field("nationality", 1, 10, 13, "alpha"),
        _Field("birth_date", 1, 13, 19, "digits", (1, 19)),
        _Field("sex", 1, 20, 21, "alpha"),
        _Field("expiry_date", 1, 21, 27, "digits", (1, 27)),
    ]
    if width == 44 and composite:  # TD3: the personal number has its own digit
        fields.append(_Field("optional_data", 1, 28, 42, "any", (1, 42)))
    else:
        fields.append(_Field("optional_data", 1, 28, first_optional_end, "any"))
    return tuple(fields)


_TD1 = (
    _Field("document_type", 0, 0, 2, "alpha"),
    _Field("issuing_country", 0, 2, 5, "alpha"),
    _Field("document_number", 0, 5, 14, "any", (0, 14)),
    _Field("optional_data", 0, 15, 30, "any"),
    _Field("birth_date", 1, 0, 6, "digits", (1, 6)),
    _Field("sex", 1, 7, 8, "alpha"),
    _Field("expiry_date", 1, 8, 14, "digits", (1, 14)),
    _Field("nationality", 1, 15, 18, "alpha"),
    _Field("optional_data_2", 1, 18, 29, "any"),
    _Field("names", 2, 0, 30, "alpha"),
)
LAYOUTS: dict[str, tuple[_Field, ...]] = {
    "TD1": _TD1,
    "TD2": _two_line(35, True, 36),
    "TD3": _two_line(42, True, 44),
    "MRV-A": _two_line(44, False, 44),
    "MRV-B": _two_line(36, False, 36),
}
# The fields each of `_well_formed`'s checks looks at (and so the lines its failure doubts).
_WELL_FORMED = {"sex": ("sex",), "dates": ("birth_date", "expiry_date")}
# The composite digit's place and the stretches it guards, (line, start, end) each.
COMPOSITES: dict[str, tuple[tuple[int, int], tuple[tuple[int, int, int], ...]]] = {
    "TD1": ((1, 29), ((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29))),
    "TD2": ((1, 35), ((1, 0, 10), (1, 13, 20), (1, 21, 35))),
    "TD3": ((1, 43), ((1, 0, 10), (1, 13, 20), (1, 21, 43))),
}


def transliterate(text: str, spelled: bool = True) -> str:
    """`text` in the MRZ alphabet: ICAO's spellings of Ä, Ø, ß... (`spelled`; else their accents
    dropped too), other accents dropped, `<` for the rest."""
    out = []
    for char in text.upper():
        char = (_SPELLED if spelled else _PLAIN).get(char, char)
        char = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        out.append("".join(c if c.isascii() and c.isalnum() else "<" for c in char))
    return "".join(out)


def check_digit(text: str) -> str:
    """ICAO 9303's check digit: weights 7, 3, 1 in turn; digits count as themselves, A-Z as 10-35, `<` as 0."""
    return str(sum(_weighed(char) * (7, 3, 1)[index % 3] for index, char in enumerate(text)) % 10)


def _weighed(char: str) -> int:
    """What a character counts for in a check digit."""
    return int(char) if char.isdigit() else ord(char) - 55 if "A" <= char <= "Z" else 0


def _check_blind(grid: list[list[str]], kind: str, alternatives: Alternatives | None = None
                 ) -> list[tuple[int, int, str]]:
    """(line, column, rival) for each guarded character with a rival the ink is asked about: one
    that counts the same modulo 10 in every check digit, may stand there too, and is a look-alike
    the model confuses with it surely (`INK_ASKED`: G and 6) or a character the recognizer gave
    `GIVEN_SOME` there (a blurred S read as 8). The checks pass either way, so only the ink could
    say."""
    kinds, guarded = _kinds(kind), _guarded(kind)
    return [(line, column, rival) for line, row in enumerate(grid) for column, char in enumerate(row)
            if (line, column) in guarded
            for rival in dict.fromkeys(LOOK_ALIKES.get(char, "") + "".join(_liked_at(alternatives, (line, column))))
            if rival in _same_weight(char) and _fits(rival, kinds.get((line, column)))
            and ((char, rival) in INK_ASKED or (_given(alternatives, (line, column), rival) or 0.0) >= GIVEN_SOME)]


@dataclass(frozen=True)
class MRZ:
    """A machine-readable zone, parsed and checked.

    `lines`: as printed (`<` kept, after any repair); `format`: TD1, TD2, TD3, MRV-A or MRV-B;
    `fields`: the named values (dates as ISO dates, None when unreadable; names with `<` as
    spaces); `checks`: each check digit (and the composite), `unambiguous` when read from an
    image, `sex` and `dates` (what the format allows), and whether each holds; `valid`: every
    check holds; `repairs`: each character changed to make a check hold, as
    "line:column X->Y".
    """

    lines: tuple[str, ...]
    format: str
    fields: dict[str, str | None]
    checks: dict[str, bool]
    repairs: tuple[str, ...] = ()
    confidence: float | None = None  # the recognizer's, when read from an image

    @property
    def valid(self) -> bool:
        return all(self.checks.values())

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def doubted_lines(self) -> frozenset[int]:
        """The lines (numbered from 0) holding what a failed check looks at: its digit and the
        characters it guards. A check sees no other line (no digit guards a TD3's names), so its
        failure casts no doubt there; a failure that is no check digit's (`unambiguous`) doubts
        every line."""
        layout = {spec.name: spec for spec in LAYOUTS[self.format]}
        doubted: set[int] = set()
        for name in (name for name, holds in self.checks.items() if not holds):
            guarded = layout.get(name)
            if guarded is not None and guarded.check is not None:
                doubted |= {guarded.line, guarded.check[0]}
            elif name == "composite" and self.format in COMPOSITES:
                digit, parts = COMPOSITES[self.format]
                doubted |= {digit[0], *(line for line, _, _ in parts)}
            elif name in _WELL_FORMED:
                doubted |= {spec.line for spec in LAYOUTS[self.format] if spec.name in _WELL_FORMED[name]}
            else:
                doubted |= set(range(len(self.lines)))
        return frozenset(doubted)

    def as_dict(self) -> dict[str, object]:
        return {"format": self.format, "lines": list(self.lines), "fields": self.fields, "checks": self.checks,
                "valid": self.valid, "repairs": list(self.repairs), "confidence": self.confidence}


def format_of(lines: list[str] | tuple[str, ...]) -> str:
    """The format lines of these lengths are in (a visa when the document code starts with V)."""
    shape = (len(lines), len(lines[0]) if lines else 0)
    if any(len(line) != shape[1] for line in lines):
        raise MRZError(f"MRZ lines differ in length: {[len(line) for line in lines]}")
    visa = bool(lines) and lines[0].startswith("V")
    for name, size in LENGTHS.items():
        if size == shape and name.startswith("MRV") == visa:
            return name
    for name, size in LENGTHS.items():  # a visa code on a TD1 card
        if size == shape:
            return name
    raise MRZError(f"no MRZ format has {shape[0]} lines of {shape[1]} characters (TD1 3x30, TD2 2x36, TD3 2x44)")


def parse_mrz(text: str | list[str] | tuple[str, ...], *, repair: bool = True, today: _dt.date | None = None,
              probabilities: list[list[float]] | None = None, ink: Ink | None = None,
              alternatives: Alternatives | None = None) -> MRZ:
    """Parse and check a machine-readable zone: its lines joined by newlines, or a list of them.
    With `repair`, look-alike characters are fixed where the format or a check digit proves them
    wrong (see the module). With the recognizer's `probabilities` (one per character), a check
    `unambiguous` holds unless one or two characters a check digit guards, read with less than
    `SURE_CHARACTER`, have look-alikes that every check would pass as well (G and 6 differ by
    10, which no check digit sees; a character hardly read, under `UNSURE_UNGUARDED`, may be any
    weighing the same), a name's character was hardly read, or
    the document code's second letter was read as a digit several letters look like. With
    `ink`, a G or 6 whose look-alike (which no check can tell from it) the ink resembles more
    by `INK_MARGIN` makes the reading not `unambiguous` as well, and of repairs the checks
    allow alike, the only one whose every swap the ink favours by `INK_REPAIR`, while each
    other one has a swap it opposes by `INK_MARGIN`, is made (`_inked`), and a repair it opposes
    by as much proves nothing. With the recognizer's `alternatives`, a look-alike it gave next
    to nothing (`GIVEN_NONE`) is no rival, nor a candidate for a repair unless the ink favours it
    by `INK_REPAIR`; a character it gave `GIVEN_SOME` that no check tells from the one read is
    asked of the ink, and put in where the ink favours it by `INK_MARGIN` (`_by_ink`); a digit
    read where a letter must stand becomes the look-alike it gave most; a name's letter where it
    gave another `SPLIT_LETTER` is a guess; and of repairs the checks allow alike, the only one
    putting in characters it gave something is made.
    Raises `MRZError` on text that is no MRZ."""
    lines = [line.strip().upper().replace(" ", "") for line in
             (text.splitlines() if isinstance(text, str) else text) if line.strip()]
    kind = format_of(lines)
    bad = sorted({char for line in lines for char in line if char not in ALPHABET})
    if bad:
        raise MRZError(f"characters outside the MRZ alphabet (A-Z, 0-9, <): {''.join(bad)!r}")
    grid = [list(line) for line in lines]
    as_read = [row[:] for row in grid]
    repairs: list[str] = []
    shaped = grid
    if repair:
        repairs += _by_kind(grid, kind, alternatives)
        repairs += _by_codes(grid, kind, as_read)
        repairs += _by_ink_letters(grid, kind, probabilities, ink)
        shaped = [row[:] for row in grid]
        repairs += _by_checks(grid, kind, probabilities, ink, alternatives)
        repairs += _by_ink(grid, kind, ink, alternatives)
    lines = ["".join(row) for row in grid]
    checks = _checks(lines, kind)
    if probabilities is not None:
        swapped = {(line, column): shaped[line][column] for line, row in enumerate(grid)
                   for column, char in enumerate(row) if char != shaped[line][column]}
        checks["unambiguous"] = not (all(checks.values()) and (_ambiguous(grid, kind, probabilities, ink, swapped,
                                                                            alternatives)
                                                                or _code_guessed(as_read)))
    fields = _fields(lines, kind, today or _dt.date.today())
    checks.update(_well_formed(lines, kind, fields))
    return MRZ(tuple(lines), kind, fields, checks, tuple(repairs))


def _value(lines: list[str], spec: _Field) -> str:
    return lines[spec.line][spec.start:spec.end]


def _checks(lines: list[str], kind: str) -> dict[str, bool]:
    checks = {}
    for spec in LAYOUTS[kind]:
        if spec.check is not None:
            digit = lines[spec.check[0]][spec.check[1]]
            value = _number(lines, kind) if spec.name == "document_number" else _value(lines, spec)
            if spec.name == "document_number" and kind == "TD1" and digit == "<":
                digit = _long_number_digit(lines)
            # an empty optional field may carry a filler for its digit
            filler = digit == "<" and spec.name == "optional_data" and set(value) == {"<"}
            checks[spec.name] = filler or digit == check_digit(value)
    if kind in COMPOSITES:
        (line, column), parts = COMPOSITES[kind]
        guarded = "".join(lines[part][start:end] for part, start, end in parts)
        checks["composite"] = lines[line][column] == check_digit(guarded)
    return checks


def _well_formed(lines: list[str], kind: str, fields: dict[str, str | None]) -> dict[str, bool]:
    """What the format allows where no check digit looks (`fields`: the zone's, parsed): the sex
    is M, F, X or `<` (a blurred M read as N passes every digit, and its names' Ms were likely
    read so too), and each date whose digits are all read is a day of the calendar (a misread
    digit can keep the check)."""
    raw = {spec.name: _value(lines, spec) for spec in LAYOUTS[kind]}
    return {"sex": raw["sex"] in SEXES,
            "dates": all(fields[name] is not None or not raw[name].isdigit() for name in _WELL_FORMED["dates"])}


def _number(lines: list[str], kind: str) -> str:
    """The document number as the check digit guards it: a TD1 number longer than nine
    characters goes on in the optional data, its digit last (ICAO 9303-5, 4.2.2)."""
    if kind == "TD1" and lines[0][14] == "<":
        rest = lines[0][15:30].split("<")[0]
        return lines[0][5:14] + rest[:-1]
    spec = next(spec for spec in LAYOUTS[kind] if spec.name == "document_number")
    return _value(lines, spec)


def _long_number_digit(lines: list[str]) -> str:
    rest = lines[0][15:30].split("<")[0]
    return rest[-1] if rest else "<"


def _fields(lines: list[str], kind: str, today: _dt.date) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for spec in LAYOUTS[kind]:
        raw = _value(lines, spec)
        if spec.name == "names":
            surname, _, given = raw.partition("<<")
            values["surname"] = _spaced(surname)
            values["given_names"] = _spaced(given)
        elif spec.name == "document_number":
            values[spec.name] = _number(lines, kind).rstrip("<")
        elif spec.name == "optional_data" and kind == "TD1" and lines[0][14] == "<":
            rest = raw.split("<", 1)
            values[spec.name] = _spaced(rest[1] if len(rest) > 1 else "")
        elif spec.name.endswith("_date"):
            values[spec.name] = _date(raw, today, spec.name == "birth_date")
        elif spec.name == "sex":
            # `<` or X: unspecified; any other letter was misread (the `sex` check fails)
            values[spec.name] = raw if raw in ("M", "F") else "X" if raw in SEXES else None
        else:
            plain = spec.kind == "alpha" and spec.name != "document_type"  # codes: D<< is D
            values[spec.name] = raw.rstrip("<") if plain else _spaced(raw)
    return values


def _spaced(raw: str) -> str:
    return " ".join(part for part in raw.split("<") if part)


def _date(raw: str, today: _dt.date, birth: bool) -> str | None:
    """YYMMDD as an ISO date: a birth date is never in the future, an expiry date at most 50
    years after today (documents are valid for ten years or so)."""
    if not raw.isdigit():
        return None
    year, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:6])
    century = today.year // 100 * 100
    full = century + year
    if full > (today.year if birth else today.year + 50):
        full -= 100
    try:
        return _dt.date(full, month, day).isoformat()
    except ValueError:
        return None


def _kinds(kind: str) -> dict[tuple[int, int], str]:
    """What may stand at each place the format fixes: "digits" or "alpha"."""
    places = {(spec.line, column): spec.kind for spec in LAYOUTS[kind] if spec.kind != "any"
              for column in range(spec.start, spec.end)}
    places.update({spec.check: "digits" for spec in LAYOUTS[kind] if spec.check})
    if kind in COMPOSITES:
        places[COMPOSITES[kind][0]] = "digits"
    return places


def _fits(char: str, want: str | None) -> bool:
    if want == "digits":
        return char.isdigit() or char == "<"
    return want != "alpha" or not char.isdigit()


def _guarded(kind: str) -> set[tuple[int, int]]:
    """The places some check digit guards, and the digits themselves (names are guarded by none:
    what a check cannot see, it does not claim)."""
    places = {(spec.line, column) for spec in LAYOUTS[kind] if spec.check
              for column in range(spec.start, spec.end)}
    places |= {spec.check for spec in LAYOUTS[kind] if spec.check}
    if kind in COMPOSITES:
        digit, parts = COMPOSITES[kind]
        places |= {(line, column) for line, start, end in parts for column in range(start, end)} | {digit}
    return places


def _ambiguous(grid: list[list[str]], kind: str, probabilities: list[list[float]], ink: Ink | None = None,
               swapped: Mapping[tuple[int, int], str] | None = None, alternatives: Alternatives | None = None
               ) -> bool:
    """Whether unsure characters have look-alikes of the kind their places allow, and the ink
    does not refute, that every check passes as well, one or two of them swapped (in a state's
    code: that names another state, or the code names none), a character no check guards was
    hardly read at all (a sex read as X, less surely than `UNSURE_X`), or the ink looks more
    like a look-alike no check can tell from the character read. A check's repair (`swapped`:
    the places it changed and what was read there) the ink opposes is no proof, nor is a swap no
    check sees (`_by_ink`) the ink favours by less than `INK_REPAIR`, nor a repair of a
    character read surely while unsure characters have such look-alikes at all, or the ink
    favours another character's look-alike (`_inked_rival`): they are the likely misreads, and
    one swap of ten makes a check pass by chance. A look-alike the recognizer gave next to
    nothing (`GIVEN_NONE`, where `alternatives` say) is no rival."""
    swapped = swapped or {}
    if ink is not None and any(_margin(ink, line, column, grid[line][column], rival) > INK_MARGIN
                               for line, column, rival in _check_blind(grid, kind, alternatives)):
        return True
    # a misread character's ink always looked more like the one printed (`INK_MARGIN`): a repair
    # whose ink looks more like what was read than like what was put in undid no misread, it
    # made a second error that cancels the first in the check digits
    if ink is not None and any(_margin(ink, line, column, grid[line][column], read) > INK_MARGIN
                               for (line, column), read in swapped.items()):
        return True
    # ... as is a swap no check sees (`_by_ink`) the ink favours by less than `INK_REPAIR`
    if ink is not None and any(_margin(ink, line, column, read, grid[line][column]) < INK_REPAIR
                               for (line, column), read in swapped.items()
                               if grid[line][column] in _same_weight(read)):
        return True
    kinds = _kinds(kind)
    guarded = _guarded(kind)
    codes = {(spec.line, column): spec for spec in LAYOUTS[kind] if spec.name in CODE_FIELDS
             for column in range(spec.start, spec.end)}
    sexes = {(spec.line, spec.start) for spec in LAYOUTS[kind] if spec.name == "sex"}
    if any(grid[line][column] == "X" and column < len(probabilities[line]) and probabilities[line][column] < UNSURE_X
           for line, column in sexes):
        return True
    unsure: list[tuple[tuple[int, int], list[str]]] = []
    for line, row in enumerate(probabilities):
        for column, probability in enumerate(row[:len(grid[line])]):
            code = codes.get((line, column))
            if code is not None:
                if probability < SURE_CHARACTER and _code_in_doubt(grid[line], code, column):
                    return True
                continue
            if (line, column) not in guarded:
                # nothing proves a name: a character hardly seen (unless its ink singles it
                # out), or a slot the reading left empty, beside a letter is a guess (in a run
                # of fillers it is one more filler)
                neighbours = grid[line][max(0, column - 1):column] + grid[line][column + 1:column + 2]
                hardly_read = probability < UNSURE_UNGUARDED and not (
                    probability > 0 and _inked_read(grid, ink, line, column))
                if any(char != "<" for char in neighbours) and (
                        hardly_read or _split_letter(grid, ink, alternatives, line, column)
                        or (probability < SURE_CHARACTER and _inked_letter(grid, ink, alternatives, line, column))):
                    return True
                continue
            if probability < SURE_CHARACTER:
                char = grid[line][column]
                # a character hardly read may be any its place allows, those weighing the same
                # modulo 10 (C, M, W and 2) passing every check alike
                rivals = LOOK_ALIKES.get(char, "") + (_same_weight(char) if probability < UNSURE_UNGUARDED else "")
                # a look-alike the ink plainly opposes, or the recognizer hardly gave, is no rival
                alikes = [alike for alike in dict.fromkeys(rivals) if _fits(alike, kinds.get((line, column)))
                          and not (ink is not None and _margin(ink, line, column, char, alike) < -INK_MARGIN)
                          and not _hardly_given(alternatives, (line, column), alike)]
                if alikes:
                    unsure.append(((line, column), alikes))
            elif ink is not None:
                # two 2s read for Zs weighted 7 and 3 change a check digit by 10 (`INK_MISREAD`)
                inked = _inked_alikes(grid, kinds, ink, line, column, INK_MISREAD, UNINKED)
                if inked:
                    unsure.append(((line, column), inked))
    if any(probabilities[line][column] >= SURE_CHARACTER for line, column in swapped
           if column < len(probabilities[line])) and (unsure or _inked_rival(grid, kind, ink, swapped)):
        return True
    # two misread characters can make a check pass as one can: a repair of one swap is no proof
    # while two unsure characters swapped would pass every check too
    return any(all(_checks(["".join(row) for row in trial], kind).values())
               for count in range(1, AMBIGUOUS_SWAPS + 1) for _, trial in _swapped(grid, unsure, count))


@functools.cache
def _same_weight(char: str) -> str:
    """The other characters that count as `char` does in every check digit (modulo 10)."""
    return "".join(other for other in ALPHABET if other != char and _weighed(other) % 10 == _weighed(char) % 10)


def _inked_rival(grid: list[list[str]], kind: str, ink: Ink | None, swapped: Collection[tuple[int, int]]) -> bool:
    """Whether a guarded character the checks left alone looks more like a look-alike (not
    between round letters) by `INK_REPAIR`: where every character was read surely and a check
    failed, that one is likelier the misread than the character a repair changed."""
    if ink is None:
        return False
    kinds = _kinds(kind)
    return any(_inked_alikes(grid, kinds, ink, line, column, INK_REPAIR)
               for line, column in sorted(_guarded(kind) - set(swapped)) if column < len(grid[line]))


def _inked_alikes(grid: list[list[str]], kinds: dict[tuple[int, int], str], ink: Ink, line: int, column: int,
                  margin: float, uninked: frozenset[str] = frozenset()) -> list[str]:
    """The look-alikes its place allows that the ink at a place looks more like than the character
    read there, by more than `margin` (none for a character of `uninked` or one of them)."""
    char = grid[line][column]
    return [alike for alike in LOOK_ALIKES.get(char, "") if _fits(alike, kinds.get((line, column)))
            and not {char, alike} & uninked and _margin(ink, line, column, char, alike) > margin]


def _inked_read(grid: list[list[str]], ink: Ink | None, line: int, column: int) -> bool:
    """Whether the ink at a place singles out the letter read there (`_singled_out`)."""
    char = grid[line][column]
    return ink is not None and char.isalpha() and _singled_out(ink, line, column, char) == char


def _singled_out(ink: Ink, line: int, column: int, char: str) -> str | None:
    """The letter (or filler: a name's line ends in them) the ink at a place, where `char` was
    read, looks more like than like any other by `INK_SINGLES_OUT`, if one does (between round
    letters the ink has no say: `_margin`)."""
    likeness = {other: _margin(ink, line, column, char, other) for other in LETTERS + "<" if other != char}
    likeness[char] = 0.0
    first, second = sorted(likeness.values(), reverse=True)[:2]
    return max(likeness, key=likeness.__getitem__) if first - second > INK_SINGLES_OUT else None


def _by_ink_letters(grid: list[list[str]], kind: str, probabilities: list[list[float]] | None,
                    ink: Ink | None) -> list[str]:
    """A letter of a name (no check guards it) hardly read (`UNSURE_UNGUARDED`) where the ink
    singles out another (`_singled_out`) becomes that one: a blurred W read as O, U or M."""
    if ink is None or probabilities is None:
        return []
    guarded, kinds = _guarded(kind), _kinds(kind)
    repairs = []
    for line, row in enumerate(probabilities):
        for column, probability in enumerate(row[:len(grid[line])]):
            char = grid[line][column]
            if (line, column) in guarded or kinds.get((line, column)) != "alpha" or not char.isalpha() \
                    or probability >= UNSURE_UNGUARDED:
                continue
            letter = _singled_out(ink, line, column, char)
            if letter is not None and letter != char:
                grid[line][column] = letter
                repairs.append(f"{line + 1}:{column + 1} {char}->{letter}")
    return repairs


def _split_letter(grid: list[list[str]], ink: Ink | None, alternatives: Alternatives | None, line: int,
                  column: int) -> bool:
    """Whether the recognizer gave a letter other than the one read at a place `SPLIT_LETTER`,
    and the ink does not plainly oppose it (by `INK_MARGIN`)."""
    char = grid[line][column]
    return any(other != char and other.isalpha() and share >= SPLIT_LETTER
               and not (ink is not None and _margin(ink, line, column, char, other) < -INK_MARGIN)
               for other, share in _liked_at(alternatives, (line, column)).items())


def _inked_letter(grid: list[list[str]], ink: Ink | None, alternatives: Alternatives | None,
                  line: int, column: int) -> bool:
    """Whether the ink at a place no check guards looks more like a letter the recognizer gave
    there (`GIVEN_SOME` or more) than like the one read, by `INK_REPAIR` (a blurred W read as U:
    NOWAK as NOUAK, every check passing)."""
    if ink is None or alternatives is None or line >= len(alternatives) or column >= len(alternatives[line]):
        return False
    char, given = grid[line][column], alternatives[line][column]
    return any(_margin(ink, line, column, char, other) > INK_REPAIR for other, share in given.items()
               if other not in (char, "<") and share >= GIVEN_SOME)


def _margin(ink: Ink, line: int, column: int, char: str, alike: str) -> float:
    """How much more the ink at a place looks like `alike` than like `char`; between round
    letters, which the comparison hardly tells apart (`ROUND`), only how much less a D read looks
    like another (`STRAIGHT_ROUND`), else nothing."""
    if {char, alike} <= ROUND:
        return min(0.0, ink(line, column, char, alike)) if char == STRAIGHT_ROUND else 0.0
    return ink(line, column, char, alike)


def _code_guessed(as_read: list[list[str]]) -> bool:
    """Whether the document code's second letter was read as a digit with several letters alike
    (0: O, D or Q): in a name O is the likely one, here D (ID, PD) is, and nothing proves either."""
    read = as_read[0][1]
    return read.isdigit() and len([alike for alike in LOOK_ALIKES.get(read, "") if _fits(alike, "alpha")]) > 1


def _code_in_doubt(row: list[str], code: _Field, column: int) -> bool:
    """Whether an unsure letter at `column` leaves the state's `code` in `row` unproven: a code is
    proven by the list of states, as a number by its check digit, unless it names no state or a
    look-alike of that letter names another."""
    if not _known_code("".join(row[code.start:code.end])):
        return True
    before, after = "".join(row[code.start:column]), "".join(row[column + 1:code.end])
    return any(_known_code(before + alike + after) for alike in LOOK_ALIKES.get(row[column], "")
               if _fits(alike, "alpha"))


def _by_ink(grid: list[list[str]], kind: str, ink: Ink | None, alternatives: Alternatives | None) -> list[str]:
    """Guarded characters swapped for the rival no check tells from them (`_check_blind`) that the
    recognizer gave `GIVEN_SOME` and the ink favours by `INK_MARGIN` (the one it favours most):
    a blurred G read as 6 surely enough. Development pool, 1,151 zones: of 70 right characters
    with such a rival, the ink favoured none by over 0.013; of 7 misread for one, it favoured
    6 by 0.057-0.186 (a zone so swapped is proven only over `INK_REPAIR`: `_ambiguous`)."""
    if ink is None or alternatives is None:
        return []
    favoured: dict[tuple[int, int], tuple[float, str]] = {}
    for line, column, rival in _check_blind(grid, kind, alternatives):
        margin = _margin(ink, line, column, grid[line][column], rival)
        if (_given(alternatives, (line, column), rival) or 0.0) >= GIVEN_SOME and margin > INK_MARGIN:
            favoured[(line, column)] = max(favoured.get((line, column), (margin, rival)), (margin, rival))
    repairs = []
    for (line, column), (_, rival) in sorted(favoured.items()):
        repairs.append(f"{line + 1}:{column + 1} {grid[line][column]}->{rival}")
        grid[line][column] = rival
    return repairs


def _by_kind(grid: list[list[str]], kind: str, alternatives: Alternatives | None = None) -> list[str]:
    """Letters where only digits may stand (dates, check digits) and digits where only letters
    may (country codes, names, sex) swapped for their look-alike of the right kind: the one the
    recognizer gave most there, the first listed where it does not say or gave them alike (in
    the document code, `CODE_LETTER` for a 0)."""
    repairs = []
    for (line, column), want in _kinds(kind).items():
        char = grid[line][column]
        if _fits(char, want):
            continue
        options = [alike for alike in LOOK_ALIKES.get(char, "") if _fits(alike, want) and alike != "<"]
        if (line, column) == (0, 1) and CODE_LETTER in options:
            options = [CODE_LETTER]
        # a blurred D read as 0 in a name: the recognizer gave D a third, O nothing
        options.sort(key=lambda alike: -(_given(alternatives, (line, column), alike) or 0.0))
        if options:
            grid[line][column] = options[0]
            repairs.append(f"{line + 1}:{column + 1} {char}->{options[0]}")
    return repairs


@functools.cache
def _codes() -> frozenset[str]:
    """Every state code a zone may print: ISO 3166-1 (and -3, for old documents) and ICAO's own."""
    iso = [country.alpha_3 for country in (*pycountry.countries, *pycountry.historic_countries)]
    return frozenset((*iso, *ICAO_CODES))


def _known_code(raw: str) -> bool:
    return raw.rstrip("<") in _codes()


def _by_codes(grid: list[list[str]], kind: str, as_read: list[list[str]]) -> list[str]:
    """A country code read with a digit in it (made a letter by `_by_kind`, the commoner O for
    a 0) that names no state: that letter swapped for the unique look-alike that makes it one
    (NL0 -> NLO -> NLD). A code read as letters is left as printed: specimens and made-up
    documents print states no list holds, and nothing but such a list could refute them."""
    repairs = []
    for spec in LAYOUTS[kind]:
        if spec.name in CODE_FIELDS:
            places = [(spec.line, column) for column in range(spec.start, spec.end)
                      if as_read[spec.line][column].isdigit()]

            def holds(trial: list[list[str]], spec: _Field = spec) -> bool:
                return _known_code("".join(trial[spec.line][spec.start:spec.end]))

            repairs += _search(grid, places, holds, "alpha")
    return repairs


def _by_checks(grid: list[list[str]], kind: str, probabilities: list[list[float]] | None = None,
               ink: Ink | None = None, alternatives: Alternatives | None = None) -> list[str]:
    """Each failing check digit's field (with the digit itself) searched for the fewest
    look-alike swaps that make it pass; kept only when that fewest is unique (or the only one
    among them the recognizer was unsure of, `_search`) and, where the
    format has a composite digit, when the composite then holds too: it is the witness that a
    value was misread and not its check digit."""
    original = [row[:] for row in grid]
    repairs = []
    for spec in LAYOUTS[kind]:
        if spec.check is None or (spec.name == "document_number" and kind == "TD1" and grid[0][14] == "<"):
            continue
        places = [(spec.line, column) for column in range(spec.start, spec.end)] + [spec.check]
        before = _checks(["".join(row) for row in grid], kind)

        def holds(trial: list[list[str]], spec: _Field = spec, before: dict[str, bool] = before) -> bool:
            after = _checks(["".join(row) for row in trial], kind)  # and no check that held fails
            return after[spec.name] and all(after[name] for name, held in before.items() if held)

        repairs += _search(grid, places, holds, spec.kind, probabilities, ink, alternatives)
    if kind not in COMPOSITES:
        return repairs
    checks = _checks(["".join(row) for row in grid], kind)
    if not checks["composite"] and all(value for name, value in checks.items() if name != "composite"):
        # what the composite alone guards is the optional data without a digit of its own
        guarded = {spec.name for spec in LAYOUTS[kind] if spec.check is None and spec.kind == "any"}
        places = [(spec.line, column) for spec in LAYOUTS[kind] if spec.name in guarded
                  for column in range(spec.start, spec.end)] + [COMPOSITES[kind][0]]

        def every(trial: list[list[str]]) -> bool:
            return all(_checks(["".join(row) for row in trial], kind).values())

        repairs += _search(grid, places, every, "any", probabilities, ink, alternatives)
    if repairs and not all(_checks(["".join(row) for row in grid], kind).values()):
        grid[:] = original  # the composite disagrees: no repair is proven
        return []
    return repairs


Swaps = list[tuple[tuple[int, int], str]]  # (line, column) and the character put there


def _swapped(grid: list[list[str]], swappable: list[tuple[tuple[int, int], list[str]]], count: int
             ) -> Iterator[tuple[Swaps, list[list[str]]]]:
    """Each way of swapping `count` of the `swappable` places for one of their look-alikes: the
    swaps, and the grid they make of `grid` (left as it is)."""
    for chosen in itertools.combinations(swappable, count):
        for replacement in itertools.product(*(options for _, options in chosen)):
            swaps = [(place, char) for (place, _), char in zip(chosen, replacement, strict=True)]
            trial = [row[:] for row in grid]
            for (line, column), char in swaps:
                trial[line][column] = char
            yield swaps, trial


def _search(grid: list[list[str]], places: list[tuple[int, int]], holds: Callable[[list[list[str]]], bool],
            kind: str, probabilities: list[list[float]] | None = None, ink: Ink | None = None,
            alternatives: Alternatives | None = None) -> list[str]:
    """The unique fewest look-alike swaps at `places` that make `holds(grid)` true, applied to `grid`.
    Where several as few do, the one that swaps only characters the recognizer was unsure of
    (`probabilities`), when each of the others swaps one it was sure of (`SURE_SWAPPED`); else
    the one the recognizer gave something (`_liked`); else the one the ink favours (`_inked`)."""
    if holds(grid):
        return []
    swappable = [(place, [alike for alike in LOOK_ALIKES.get(grid[place[0]][place[1]], "")
                          if _fits(alike, kind if kind != "any" else None)
                          and not _implausible(place, grid[place[0]][place[1]], alike, ink, alternatives)])
                 for place in places]
    swappable = [(place, options) for place, options in swappable if options]
    for count in range(1, MAX_REPAIRS + 1):
        found = [swaps for swaps, trial in _swapped(grid, swappable, count) if holds(trial)]
        if len(found) > 1 and ink is not None:
            found = _inked(found, grid, ink)
        if len(found) > 1 and probabilities is not None:
            found = _likeliest(found, probabilities)
        if len(found) > 1 and alternatives is not None:
            found = _liked(found, alternatives)
        if len(found) == 1:
            repairs = []
            for (line, column), char in found[0]:
                repairs.append(f"{line + 1}:{column + 1} {grid[line][column]}->{char}")
                grid[line][column] = char
            return repairs
        if found:
            return []  # several repairs as small: none is proven
    return []


def _implausible(place: tuple[int, int], char: str, alike: str, ink: Ink | None,
                 alternatives: Alternatives | None) -> bool:
    """Whether a look-alike is no candidate for a repair: the recognizer gave it next to nothing
    (`GIVEN_NONE`) and the ink does not favour it by `INK_REPAIR`. A 0 read surely, O and Q given
    nothing and the ink silent between round letters, made a Q passes a check one time in ten,
    and hid the two Z read as 2 the ink plainly showed (development pool, five zones)."""
    return _hardly_given(alternatives, place, alike) and (
        ink is None or _margin(ink, place[0], place[1], char, alike) <= INK_REPAIR)


def _likeliest(found: list[Swaps], probabilities: list[list[float]]) -> list[Swaps]:
    """Of repairs making the checks pass with as few swaps, the one swapping only characters read
    with less than `SURE_CHARACTER` when each other one swaps a character read with at least
    `SURE_SWAPPED`; else all of them (none is proven)."""
    def probability(place: tuple[int, int]) -> float:
        row = probabilities[place[0]] if place[0] < len(probabilities) else []
        return row[place[1]] if place[1] < len(row) else 1.0  # not given: sure, as `_ambiguous` takes it

    unsure = [repair for repair in found if all(probability(place) < SURE_CHARACTER for place, _ in repair)]
    if len(unsure) == 1 and all(any(probability(place) >= SURE_SWAPPED for place, _ in repair)
                                for repair in found if repair is not unsure[0]):
        return unsure
    return found


def _liked_at(alternatives: Alternatives | None, place: tuple[int, int]) -> dict[str, float]:
    """What the recognizer gave each character it liked at `place` (empty where it is not known)."""
    line, column = place
    return alternatives[line][column] if alternatives and line < len(alternatives) \
        and column < len(alternatives[line]) else {}


def _given(alternatives: Alternatives | None, place: tuple[int, int], char: str) -> float | None:
    """The most the recognizer gave `char` at `place`, or None where it is not known (a slot the
    reading left empty, a reader that does not say)."""
    liked = _liked_at(alternatives, place)
    if not liked:
        return None
    return liked.get(char, min(liked.values()))


def _liked(found: list[Swaps], alternatives: Alternatives) -> list[Swaps]:
    """Of repairs making the checks pass with as few swaps, the only one each of whose swaps puts
    in a character the recognizer gave `GIVEN_SOME` at least, when each other one puts in one it
    gave less than `GIVEN_NONE`; else all of them."""
    def gave_some(place: tuple[int, int], char: str) -> bool:
        given = _given(alternatives, place, char)
        return given is not None and given >= GIVEN_SOME

    liked = [repair for repair in found if all(gave_some(place, char) for place, char in repair)]
    if len(liked) == 1 and all(any(_hardly_given(alternatives, place, char) for place, char in repair)
                               for repair in found if repair is not liked[0]):
        return liked
    return found


def _hardly_given(alternatives: Alternatives | None, place: tuple[int, int], char: str) -> bool:
    """Whether the recognizer is known to have given `char` at `place` less than `GIVEN_NONE`."""
    given = _given(alternatives, place, char)
    return given is not None and given < GIVEN_NONE


def _inked(found: list[Swaps], grid: list[list[str]], ink: Ink) -> list[Swaps]:
    """Of repairs making the checks pass with as few swaps, the one each of whose swaps the ink
    favours by `INK_REPAIR`, when each other one has a swap it opposes by `INK_MARGIN`; else
    all of them."""
    def margins(repair: Swaps) -> list[float]:
        return [_margin(ink, line, column, grid[line][column], char) for (line, column), char in repair]

    favoured = [repair for repair in found if all(margin > INK_REPAIR for margin in margins(repair))]
    if len(favoured) == 1 and all(any(margin < -INK_MARGIN for margin in margins(repair))
                                  for repair in found if repair is not favoured[0]):
        return favoured
    return found


def disagreement(zone: MRZ, name: str, printed: str) -> str | None:
    """Why a printed value does not agree with the zone's field `name`, or None when it does.
    Names are compared after the MRZ's transliteration, either way (`transliterate`; a name the
    line cuts short agrees with its beginning); numbers without spaces; dates as ISO dates (type
    the printed field `date`)."""
    expected = zone.fields.get(name)
    if expected is None:
        return f"the MRZ has no readable {name}"
    if name in ("surname", "given_names"):
        names_line = zone.lines[2 if zone.format == "TD1" else 0]
        for spelled in {" ".join(transliterate(printed, way).replace("<", " ").split()) for way in (True, False)}:
            if spelled == expected or (not names_line.endswith("<") and spelled.startswith(expected)):
                return None
    elif name in ("document_number", "optional_data", "optional_data_2"):
        if transliterate(printed).replace("<", "") == expected.replace(" ", ""):
            return None
    elif name == "sex":
        if printed.strip().upper()[:1] == expected or (expected == "X" and not printed.strip()):
            return None
    elif printed.strip().upper() == expected:
        return None
    return f"disagrees with the MRZ's {name} {expected!r}"
