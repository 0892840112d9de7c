"""Line recognition: grey line images in, characters with their columns and probabilities out.

Lines go to the recognition model padded to a width that hangs on their own alone, those padded
alike together (at most `EngineConfig.max_batch`); its output is CTC-decoded, restricted to a
line's charset when it has one, keeping what later stages weigh: the probability of a space
between characters, each character's lead over the model's second choice, and for capitals with
accented forms, every form's probability.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from .accents import marks
from .cancel import checkpoint

LINE_HEIGHT = 48  # the recognition model's input height
# A line is padded to the next multiple of this share of the power of two at or under its width
# (padding under 1/16 of it), whatever lines share its run: the model's reading of a line shifts a
# little with the grey padded after it, and a field's value must not hang on which other lines
# were read with it (padded to its batch's widest line instead, 35-41 of 3,868 values of
# development documents 704-799 read otherwise, as many mended as lost). Each width new to the
# model costs time: the same lines read under 1/64 took 40 % longer than under 1/16.
PAD_SHARE = 16
# A letter the model reads for a rarer one it hardly knows, printed among capitals: where it gives
# the rarer one this much, that one was printed (development pool, 64 documents in scans, blur,
# tiny and photos: 368 B's that were B gave ß under 0.01; 10 of 12 ß's read as B, HAUPTSTRAßE
# read HAUPTSTRABE surely, gave it 0.03 or more. A region read again (`embedded`) may give it
# half that: STRAUß 0.036 first, 0.018 in the second reading, which won as STRAUB).
RARER_FORMS = {"B": "ß"}
RARER_FLOOR = 0.015
ALTERNATIVES = 3  # next likeliest classes kept for each character: a look-alike misread is among them


@dataclass(frozen=True)
class LineRead:
    """What the model read in one line image, with each character's column."""

    chars: tuple[str, ...]
    columns: tuple[float, ...]  # x of each character's centre in the line image
    probabilities: tuple[float, ...]
    # between each character and the next, the model's highest probability of a space: it
    # often sees a word gap it does not dare to write (blurred lines, close words)
    spaces: tuple[float, ...] = ()
    margins: tuple[float, ...] = ()  # each character's lead over the model's second choice there
    # for each capital letter that has other forms (accented or plain), every capital form and
    # the probability the model gave it there, its small form's added ((character, probability)
    # pairs; empty for other characters): `accents.settle` weighs them against the ink
    variants: tuple[tuple[tuple[str, float], ...], ...] = ()
    # for each character, the classes the model liked next there, likeliest first, with their
    # probabilities (`ALTERNATIVES` of them): what a misread character likely was printed as
    alternatives: tuple[tuple[tuple[str, float], ...], ...] = ()

    def weighed_letters(self, at_least: float) -> frozenset[tuple[str, str, str, str]]:
        """The letters the model gave `at_least` where it read another letter, each as (letter
        before, letter read, letter given, letter after), lower case ('' before the first and
        after the last): where a misread word's letter may have been another."""
        chars = ["", *(char.lower() for char in self.chars), ""]
        return frozenset((chars[index], char, given.lower(), chars[index + 2])
                         for index, (char, alternatives) in enumerate(zip(chars[1:-1], self.alternatives, strict=False))
                         if char.isalpha()
                         for given, probability in alternatives
                         if probability >= at_least and given.isalpha() and given.lower() != char)

    def weighed_spaces(self, at_least: float) -> frozenset[tuple[str, str]]:
        """The pairs of letters (lower case) the model gave a space `at_least` between without
        writing one: where a word run together may part."""
        chars = [char.lower() for char in self.chars]
        return frozenset((before, after) for before, after, space in zip(chars, chars[1:], self.spaces, strict=False)
                         if before.isalpha() and after.isalpha() and space >= at_least)

    def mean_probability(self, start: int = 0, end: int | None = None) -> float:
        """How surely the characters [start, end) were read on average, spaces left out (1.0: none)."""
        sure = [p for char, p in zip(self.chars[start:end], self.probabilities[start:end], strict=True) if char != " "]
        return sum(sure) / len(sure) if sure else 1.0


def read_lines(session: Any, alphabet: list[str], images: list[np.ndarray], allowed: list[np.ndarray | None],
               families: dict[int, np.ndarray], max_batch: int) -> list[LineRead]:
    """Recognize grey LINE_HEIGHT-high line images with the recognition `session` (whose classes
    are `alphabet`), batching up to `max_batch` lines padded to the same width (`padded_width`).

    `allowed` (one per image, None for any) is the classes each line may read as (`allowed_classes`);
    `families` the forms of each capital (`letter_families`).
    """
    input_name = session.get_inputs()[0].name
    reads: list[LineRead | None] = [None] * len(images)
    widths = [padded_width(image.shape[1]) for image in images]
    order = sorted(range(len(images)), key=lambda i: widths[i])
    start = 0
    while start < len(order):
        width = widths[order[start]]
        end = start + 1
        while end < len(order) and end - start < max_batch and widths[order[end]] == width:
            end += 1
        checkpoint()  # a long request may be cancelled between batches
        batch = [images[i] for i in order[start:end]]
        tensor = np.zeros((len(batch), 3, LINE_HEIGHT, width), np.float32)  # 0 is mid-grey
        for slot, image in enumerate(batch):
            tensor[slot, :, :, : image.shape[1]] = image.astype(np.float32) / 127.5 - 1.0
        probabilities = session.run(None, {input_name: tensor})[0]
        stride = width / probabilities.shape[1]
        for slot, index in enumerate(order[start:end]):
            reads[index] = _ctc_decode(probabilities[slot], alphabet, stride, allowed[index], families)
        start = end
    return [read for read in reads if read is not None]


def padded_width(width: int) -> int:
    """The width a line image `width` pixels wide is padded to for the model."""
    step: int = max(1, (1 << (max(1, width).bit_length() - 1)) // PAD_SHARE)
    return -(-width // step) * step


def allowed_classes(alphabet: list[str], charset: str) -> np.ndarray:
    """Which classes of `alphabet` a line restricted to `charset` may take (blank and space always)."""
    keep = set(charset) | {" "}
    return np.array([i == 0 or char in keep for i, char in enumerate(alphabet)])


def letter_families(alphabet: list[str]) -> dict[int, np.ndarray]:
    """For each capital letter of `alphabet`, the classes of every form of its base letter in
    either case (E: E, É, È, Ê, Ë, Ě, Ę, e, é...), where there are several: the model often
    gives an accented capital's probability to its small form."""
    bases: dict[str, list[int]] = {}
    for index, char in enumerate(alphabet):
        capital = char.upper() if len(char) == 1 else ""
        described = marks(capital) if len(capital) == 1 and capital.isupper() else None
        if described is not None:
            bases.setdefault(described[0], []).append(index)
    return {index: np.array(members) for members in bases.values() if len(members) > 1
            for index in members if alphabet[index].isupper()}


def _ctc_decode(probabilities: np.ndarray, alphabet: list[str], stride: float,
                allowed: np.ndarray | None = None, families: dict[int, np.ndarray] | None = None) -> LineRead:
    if allowed is not None:
        probabilities = np.where(allowed, probabilities, -1.0)
    best = probabilities.argmax(axis=1)
    keep = np.ones(len(best), bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0  # the CTC blank
    frames = np.flatnonzero(keep)
    confidence = probabilities[frames, best[frames]]
    runner_up = np.partition(probabilities[frames], -2, axis=1)[:, -2] if len(frames) else np.zeros(0)
    for slot, frame in enumerate(frames):
        rarer = RARER_FORMS.get(alphabet[best[frame]])
        if rarer is None or rarer not in alphabet:
            continue
        index = alphabet.index(rarer)
        given = float(probabilities[_letter_frames(best, int(frame)), index].max())
        if given >= RARER_FLOOR:  # printed: read as what it is, as surely as the model read it so, no lead
            best[frame], confidence[slot], runner_up[slot] = index, given, given
    space = probabilities[:, len(alphabet) - 1]  # the alphabet ends with the space
    between = [float(space[a + 1:b].max()) if b > a + 1 else 0.0 for a, b in pairwise(frames)]
    variants = [_variants(probabilities, best, int(frame), alphabet, families or {}, allowed) for frame in frames]
    return LineRead(
        tuple(alphabet[i] for i in best[frames]),
        tuple(float((f + 0.5) * stride) for f in frames),
        tuple(float(p) for p in confidence),
        (*between, 0.0) if len(frames) else (),
        tuple(float(p) for p in confidence - runner_up),
        tuple(variants) if any(variants) else (),
        tuple(_alternatives(probabilities[frame], int(best[frame]), alphabet) for frame in frames),
    )


def _alternatives(scores: np.ndarray, best: int, alphabet: list[str]) -> tuple[tuple[str, float], ...]:
    """The `ALTERNATIVES` classes other than `best` and the blank the model liked most in one
    frame's `scores`, with their probabilities, likeliest first (classes a line may not take score -1)."""
    top = np.argpartition(scores, -(ALTERNATIVES + 2))[-(ALTERNATIVES + 2):]
    ranked = [int(i) for i in top[np.argsort(-scores[top])] if i not in (0, best) and scores[i] >= 0]
    return tuple((alphabet[i], float(scores[i])) for i in ranked[:ALTERNATIVES])


def _variants(probabilities: np.ndarray, best: np.ndarray, frame: int, alphabet: list[str],
              families: dict[int, np.ndarray], allowed: np.ndarray | None) -> tuple[tuple[str, float], ...]:
    """Each capital form of the letter read at `frame` with the probability the model gave it
    (its best over the frames it read the letter in) and its small form's (empty: one form only);
    forms a restricted line may not take (`allowed`) are none of its options."""
    family = families.get(int(best[frame]))
    if family is not None and allowed is not None:
        family = family[allowed[family]]
    if family is None or len(family) < 2:
        return ()
    scores: dict[str, float] = {}
    for index, score in zip(family, probabilities[_letter_frames(best, frame), family].max(axis=0), strict=True):
        capital = alphabet[index].upper()
        scores[capital] = scores.get(capital, 0.0) + float(score)
    return tuple(scores.items())


def _letter_frames(best: np.ndarray, frame: int) -> slice:
    """The frames the model read the letter starting at `frame` in (its class repeated)."""
    end = frame + 1
    while end < len(best) and best[end] == best[frame]:
        end += 1
    return slice(frame, end)
