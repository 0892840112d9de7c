"""makeSpellCheck: conservative spelling correction from word lists shipped in a package.

Only words of four letters or more, without digits, that the dictionary does not
know and that are one edit away from a known word are corrected; the letter case
of the original is kept. Names, numbers and typed fields are never given to it (the
extractor marks only `spellcheck: true` text fields).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker import SpellChecker

LANGUAGE_CODES = {"English": "en", "German": "de", "French": "fr", "Spanish": "es", "Italian": "it",
                  "Portuguese": "pt", "Dutch": "nl", "Netherlands": "nl", "Latvian": "lv"}
_WORD = re.compile(r"[^\W\d_]{4,}")


class Speller:
    """Corrects misspelt words with one word list per language, loaded on first use and kept
    (one per recognizer; safe to share between threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checkers: dict[str, SpellChecker] = {}

    def _checker(self, language: str) -> SpellChecker | None:
        code = LANGUAGE_CODES.get(language)
        if code is None:
            return None
        with self._lock:
            if code not in self._checkers:
                from spellchecker import SpellChecker  # loads the packaged word list

                self._checkers[code] = SpellChecker(language=code, distance=1)
            return self._checkers[code]

    def correct(self, text: str, language: str) -> str:
        """`text` with misspelt words corrected, or unchanged for a language without a word list."""
        checker = self._checker(language)
        if checker is None:
            return text

        def fix(match: re.Match[str]) -> str:
            word = match.group()
            lower = word.lower()
            if lower in checker:
                return word
            better = checker.correction(lower)
            if not better or better == lower or (len(better) != len(lower) and abs(len(better) - len(lower)) > 1):
                return word
            if word.isupper():
                return better.upper()
            return better.capitalize() if word[0].isupper() else better

        return _WORD.sub(fix, text)
