"""What a region read as, with the evidence that says how far to trust it.

The model's probability of its least sure character is the classic confidence, but it misses
much of what goes wrong on documents: a diacritic read as its look-alike (the model is sure of
the letter, less of the accent), a second reading of the region that disagrees, text cut by the
region's border, a washed-out crop. `evidence` names each of these, and `calibrated` weighs them
into the probability that the reading is right, as fit on the development pool of generated
designs (`bench/calibrate.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .accents import ink_chosen, weighed_marks
from .lexicon import unmarked
from .recognition import LineRead
from .repair import LOOK_ALIKES, SCRIBBLE_MEAN, SURE_MEAN, zone_line

# Two readings' confidences this close are as sure (the second reading's cut differs by a pixel or two)
SAME_SURENESS = 0.02


@dataclass(frozen=True)
class Reading:
    """A region's text and how sure each of its characters was (empty: nothing was read)."""

    text: str
    probabilities: tuple[float, ...]
    margins: tuple[float, ...]
    chars: tuple[str, ...]
    lines: int  # lines that read as something
    empty_lines: int  # lines that read as nothing
    # for each capital read that has other forms, the most the model gave any other of them
    # (`_rival`: Ł read as L, É as E, the model's doubt of a letter it still read first)
    rivals: tuple[float, ...] = ()
    # a line read widened over faint ink read as more characters, unsurely: the text stops short
    # of ink a highlight washed out ("06/0" for 06/02/2019)
    unread_ink: bool = False
    # in a code (a word of letters and digits), the most the model gave a look-alike of the other
    # kind in place of a character it read (O for 0, 1 for I): no word or number says which
    code_rival: float = 0.0
    # the letters whose form the ink chose over the model's likeliest (`accents.ink_chosen`)
    ink_chosen: frozenset[str] = frozenset()
    # the marked capitals the model gave some probability where it read them plain (`accents.weighed_marks`)
    weighed_marks: frozenset[str] = frozenset()
    # the letters the model gave some probability where it read another, in their places
    # (`LineRead.weighed_letters`: letter before, letter read, letter given, letter after)
    weighed_letters: frozenset[tuple[str, str, str, str]] = frozenset()
    # the pairs of letters the model gave a space between without writing one (`LineRead.weighed_spaces`)
    weighed_spaces: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, parts: list[tuple[str, LineRead]], *, weighed_mark: float, weighed_letter: float,
           weighed_space: float) -> Reading:
        """A region from its lines: each line's text and what the model read there. Lines read
        unsurely beside lines read surely are marks (a signature, a seal), not text: left out.
        `weighed_mark`, `weighed_letter` and `weighed_space`: the least probability of a marked
        form, of another letter and of a space that counts as weighed (`EngineConfig`)."""
        if any(read.mean_probability() >= SURE_MEAN for _, read in parts):
            parts = [(text, read) for text, read in parts if read.mean_probability() >= SCRIBBLE_MEAN]
        texts = [text for text, _ in parts if text]
        reads = [read for text, read in parts if text]
        rivals = tuple(_rival(char, forms) for read in reads
                       for char, forms in zip(read.chars, read.variants, strict=False) if forms)
        return cls("\n".join(texts), tuple(p for read in reads for p in read.probabilities),
                   tuple(m for read in reads for m in read.margins), tuple(c for read in reads for c in read.chars),
                   len(texts), len(parts) - len(texts), rivals, code_rival=max(map(_code_rival, reads), default=0.0),
                   ink_chosen=frozenset().union(*map(ink_chosen, reads)),
                   weighed_marks=frozenset().union(*(weighed_marks(read, weighed_mark) for read in reads)),
                   weighed_letters=frozenset().union(*(read.weighed_letters(weighed_letter) for read in reads)),
                   weighed_spaces=frozenset().union(*(read.weighed_spaces(weighed_space) for read in reads)))

    @property
    def confidence(self) -> float:
        """The least sure character's probability: 1.0 without lines, 0.0 for lines read as nothing."""
        if self.empty_lines and not self.lines:
            return 0.0
        return min(self.probabilities, default=1.0)

    def marks_more_than(self, other: Reading) -> bool:
        """Whether this reading is `other`'s with more letters marked (`marks_more`)."""
        return marks_more(self.text, other.text)

    def evidence(self, other: Reading | None, *, faint: bool, edge: bool, known: bool | None) -> dict[str, float]:
        """What says how far to trust this reading (`other`: the region read another way, if it
        was; `known`: whether the words of its text are known words, None where it holds none:
        `Lexicon.words_known`)."""
        accented = [p for c, p in zip(self.chars, self.probabilities, strict=True) if ord(c) > 127]
        return {
            "min_probability": self.confidence,
            "mean_log_probability": sum(math.log(max(p, 1e-6)) for p in self.probabilities)
            / max(1, len(self.probabilities)),
            "min_margin": min(self.margins, default=1.0),
            "min_accent_probability": min(accented, default=1.0),
            "max_rival_form": max(self.rivals, default=0.0),
            "characters": float(len(self.chars)),
            "lines": float(self.lines),
            "empty_lines": float(self.empty_lines),
            "read_twice": float(other is not None),
            "readings_differ": float(other is not None and normal_text(other.text) != normal_text(self.text)),
            "faint": float(faint),
            "at_edge": float(edge),
            "code_rival": self.code_rival,
            "words_known": float(known is True),
            "word_unknown": float(known is False),
        }


def chosen(first: Reading, detected: Reading, *, unclear: bool) -> tuple[Reading, Reading | None, bool]:
    """Which of a region's two readings stands (its lines cut by their ink's rows `first`, found
    by detection `detected`): the reading, the other (None where the lines were `unclear`: the
    first is no reading), and whether it was the less sure, taken for its marks.

    Detection wins when the lines were unclear, or when it found lines and read them no less
    surely; but of two readings alike but for marks, the more marked wins (`marks_more_than`):
    where it is the less sure, the mark was seen in one cut only, and the caller doubts it.
    """
    for marked, plain in ((detected, first), (first, detected)):
        if marked.marks_more_than(plain):
            return marked, plain, marked.confidence < plain.confidence - SAME_SURENESS
    found = detected.lines + detected.empty_lines > 0
    if unclear or (found and detected.confidence >= first.confidence - SAME_SURENESS):
        return detected, (None if unclear else first), False
    return first, detected, False


def _code_rival(read: LineRead) -> float:
    """The most the model gave, in a word mixing letters and digits, the look-alike of the other
    kind of a character it read there (0.0: no such word; a zone line's check digits prove it)."""
    if zone_line(read.chars):
        return 0.0
    most, word = 0.0, []
    for index, char in enumerate((*read.chars, " ")):
        if char.isalnum():
            word.append(index)
            continue
        kinds = {read.chars[i].isdigit() for i in word}
        if len(kinds) == 2 and read.alternatives:
            for i in word:
                other = LOOK_ALIKES.get(read.chars[i])
                if other is not None:
                    most = max(most, dict(read.alternatives[i]).get(other, 0.0))
        word = []
    return most


def _rival(char: str, forms: tuple[tuple[str, float], ...]) -> float:
    """The most the model gave another form of the capital `char` it read as its first choice
    (0.0 where the ink chose a form the model liked less: the ink decided there)."""
    given = dict(forms)
    others = [p for form, p in forms if form != char.upper()]
    return max(others) if others and given.get(char.upper(), 0.0) >= max(others) else 0.0


def marks_more(text: str, other: str) -> bool:
    """Whether `text` is `other`'s letters with more of them marked (MICHAŁ for MICHAL, VÄSTERÅS
    for VÄSTERAS): blur and small print pale a mark past what the model sees in one cut of a
    line, and seldom print one. Development tiny, blur and glare scans: of two readings of a
    region (cut by the ink's rows and by detection) that differed so, the more marked was right
    17 times, the other 2; of a line cut with more room above and less, 6 and 0."""
    return _bare(text) == _bare(other) and _marked(text) > _marked(other)


# the ß the model reads as a B (`recognition.RARER_FORMS`) is its marked form here
_READ_AS = str.maketrans("ß", "b")


def _bare(text: str) -> str:
    """`text` in small letters, none marked or stroked."""
    return unmarked(normal_text(text).lower().translate(_READ_AS))


def _marked(text: str) -> int:
    """How many letters of `text` are marked or stroked."""
    return sum(_bare(char) != char.lower() for char in text if not char.isspace())


def normal_text(text: str) -> str:
    """`text` with its runs of whitespace made one space (line breaks too)."""
    return " ".join(text.split())


def _logit(p: float) -> float:
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


FEATURES = ("min_probability", "mean_log_probability", "min_margin", "min_accent_probability", "accented",
            "characters", "nothing_read", "several_lines", "empty_lines", "read_twice", "readings_differ",
            "faint", "at_edge", "max_rival_form", "words_known", "word_unknown")


def features(evidence: dict[str, float]) -> list[float]:
    """The evidence as the calibration weighs it (probabilities as log-odds, counts as logs)."""
    characters = evidence["characters"]
    return [
        _logit(evidence["min_probability"]),
        max(evidence["mean_log_probability"], -5.0),
        _logit(evidence["min_margin"]),
        _logit(evidence["min_accent_probability"]),
        float(evidence["min_accent_probability"] < 1.0),
        math.log1p(characters),
        float(characters == 0),
        float(evidence["lines"] > 1),
        float(evidence["empty_lines"] > 0),
        evidence["read_twice"],
        evidence["readings_differ"],
        evidence["faint"],
        evidence["at_edge"],
        _logit(evidence.get("max_rival_form", 0.0)),  # absent from readings made before it was kept
        evidence.get("words_known", 0.0),  # ... as these
        evidence.get("word_unknown", 0.0),
    ]


# Logistic weights of `features` (and a bias), from `bench/calibrate.py` on 9,925 readings of the
# development pool with rectangle-only templates: documents 192-223 in the 15 kinds of
# `bench/accuracy.py`, 704-799 in clean, glare, tiny and blurred scans, 736-799 in hard photos and
# photos with another document. Refit when the reading changes. A reading whose words no list
# knows is far less often right however surely the model read it (`word_unknown`): fit on
# documents 192-223 and measured on 704-799, the weights without the words flag 65.8 % of wrong
# values at 4 % of right ones flagged, 73.2 % at 5 %; with them 69.6 and 76.6 %.
CALIBRATION = (
    ("min_probability", 0.8960),
    ("mean_log_probability", 0.7988),
    ("min_margin", -0.1623),
    ("min_accent_probability", -0.2215),
    ("accented", 1.2187),
    ("characters", 0.7692),
    ("nothing_read", -2.5171),
    ("several_lines", -0.5388),
    ("empty_lines", 1.1120),
    ("read_twice", -0.0443),
    ("readings_differ", -1.8903),
    ("faint", -0.0926),
    ("at_edge", -0.0144),
    ("max_rival_form", -0.3187),
    ("words_known", 0.4281),
    ("word_unknown", -2.4130),
    ("bias", -1.5086),
)


def calibrated(evidence: dict[str, float]) -> float:
    """The probability that a reading with this `evidence` is right (see `CALIBRATION`)."""
    weights = dict(CALIBRATION)
    score = sum(weights[name] * x for name, x in zip(FEATURES, features(evidence), strict=True)) + weights["bias"]
    return 1 / (1 + math.exp(-score))
