"""Words a reading should hold: the word lists of the languages written in Latin script.

A word the model read surely may still be a misread: COLCMBO, Portiand, PASSPCRT, ACCÊS and
MARCHÊ, VÄSTERÁS, GOTTINGEN. None of them is a word of any language, and each is one letter
from a common one; a word printed on a document seldom is both. `Lexicon.misread_word` finds
such a word so the reading is not given as sure. It corrects nothing: a rare name one letter
from a common word (FAURÉ, TOMMASEO) is flagged as well, and the user sees which.

The lists are wordfreq's (Apache-2.0; its data ship in the wheel), every Latin-script
language's, since a document's language is not known.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator

import numpy as np

from .repair import zone_line

# a whole word of letters (a hyphen or a space around it, no digit or apostrophe against it);
# shorter words are acronyms and codes as often as words, and a letter from too many others;
# longer ones no list holds, and each letter more is 300 words more to look up
_WORD = re.compile(r"(?<![\w'’])[^\W\d_]{5,40}(?![\w'’])")
# wordfreq's lists count a word's frequency in centibels: list i holds words of 10^(-i/100)
_CENTIBELS = 100


def _normal(word: str) -> str:
    """`word` as looked up: lower case, composed; Turkish dotted and dotless i as i (İSTANBUL's
    lower case is i + a combining dot, and a capital I is as well ı as i)."""
    lower = unicodedata.normalize("NFC", word.lower().replace("i\u0307", "i"))
    return lower.replace("ı", "i")


class Lexicon:
    """Known and common words of every Latin-script language, loaded on first use and kept
    (one per recognizer; safe to share between threads). `common` is the least frequency
    (share of words in running text) of a word a misread is taken for."""

    def __init__(self, common: float) -> None:
        self.common = common
        self._lock = threading.Lock()
        # the words' hashes, sorted: a set of the ~800,000 words would hold ~80 MB, these 10 MB
        self._known: np.ndarray | None = None
        self._common: np.ndarray | None = None
        self._letters = ""

    def load(self) -> tuple[np.ndarray, np.ndarray, str]:
        """The known words' hashes, the common words' and the letters a common word holds,
        read from the lists the first time (about a second)."""
        with self._lock:
            if self._known is None or self._common is None:
                import wordfreq  # reads the lists shipped in its wheel

                known: list[np.ndarray] = [np.empty(0, np.int64)]
                common: list[np.ndarray] = [np.empty(0, np.int64)]
                letters: set[str] = set()
                last_common = round(-_CENTIBELS * np.log10(self.common))
                for language, path in sorted(wordfreq.available_languages("small").items()):
                    if not _latin(language):
                        continue
                    for centibels, words in enumerate(wordfreq.read_cBpack(path)):
                        if not words:
                            continue
                        text = _normal("\n".join(words))  # at once: a call per word takes seconds
                        hashes = _hashes(text.split("\n"))
                        known.append(hashes)
                        if centibels <= last_common:
                            common.append(hashes)
                            letters |= set(text)
                self._letters = "".join(sorted(char for char in letters if char.isalpha()))
                # sorted for `np.searchsorted`; a word of several languages is there several times
                self._common = np.sort(np.concatenate(common))
                self._known = np.sort(np.concatenate(known))
            return self._known, self._common, self._letters

    def misread_word(self, text: str) -> str | None:
        """The first word of `text` that no list knows and one letter added, dropped or changed
        makes a common word (None: none). A machine-readable zone's line (`repair.zone_line`) is not
        looked at: its check digits say more."""
        if zone_line(text):
            return None
        words = [_normal(match.group()) for match in _WORD.finditer(text)]
        if not words:
            return None
        known, common, letters = self.load()
        for word in words:
            if _holds(known, [word]):
                continue
            if _holds(common, list(_one_edit(word, letters))):
                return word
        return None


def _latin(language: str) -> bool:
    """Whether wordfreq's `language` is written in Latin script (its code's script, as langcodes says)."""
    import langcodes  # wordfreq's own dependency

    return langcodes.get(language).maximize().script == "Latn"


def _hashes(words: list[str]) -> np.ndarray:
    # `hash` differs between processes, never within one: the arrays are built in each process
    return np.fromiter(map(hash, words), np.int64, len(words))


def _holds(hashes: np.ndarray, words: list[str]) -> bool:
    """Whether any of `words` is in `hashes` (a collision of 64-bit hashes is as good as never)."""
    if not len(hashes):
        return False
    wanted = np.fromiter((hash(word) for word in words), np.int64, len(words))
    at = np.searchsorted(hashes, wanted).clip(max=len(hashes) - 1)
    return bool(np.any(hashes[at] == wanted))


def _one_edit(word: str, letters: str) -> Iterator[str]:
    """Every word one letter added, dropped or changed from `word` (`letters`: those that may come in)."""
    for cut in range(len(word) + 1):
        head, tail = word[:cut], word[cut:]
        if tail:
            yield head + tail[1:]
            for letter in letters:
                yield head + letter + tail[1:]
        for letter in letters:
            yield head + letter + tail
