"""Words a reading should hold: the word lists of the languages written in Latin script.

A word the model read surely may still be a misread: COLCMBO, Portiand, PASSPCRT, ACCÊS and
MARCHÊ, VÄSTERÁS, GOTTINGEN. None of them is a word of any language, and each is one letter
from a common one; a word printed on a document seldom is both. A word no language knows that
a known word is with other marks had its marks misread (ŽEROMSKIEGO for ŻEROMSKIEGO, DABROWSKI
for DĄBROWSKI; a known word without marks is no sign: ÉLODIE is a name no list holds), and a
word with a look-alike digit that a known word is with the letter had its letter misread
(Malm0). `Lexicon.misread_word` finds such a word so the reading is not given as sure; a rare
name one letter from a common word (FAURÉ, TOMMASEO) is flagged as well, and the user sees
which. One misread it mends (`Lexicon.mended`): a word no list knows that exactly one known
word is with more marks (DABROWSKI, VÄSTERÁS) is spelt as that word, since small print and
blur hide marks far more often than a document prints a known name without its own
(development scans and photos, documents 704-799: 73 values made right, none made wrong once
the letters whose form the ink chose were kept). And one it corrects (`Lexicon.corrected`): a
word no list knows that exactly one common word is with one letter changed for a letter the
model gave some probability in that place (COLCMBO, where it gave the C's place some O); the
value keeps the doubt the misread word gave it, since the letter is the lists' guess.

The lists are wordfreq's (Apache-2.0; its data ship in the wheel), every Latin-script
language's, since a document's language is not known.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import numpy as np

from .repair import LOOK_ALIKES, zone_line

# a whole word (a hyphen or a space around it, no apostrophe against it) of letters, or of
# letters and digits (`Lexicon.misread_word` looks at those with one look-alike digit); shorter
# words are acronyms and codes as often as words, and a letter from too many others; longer
# ones no list holds, and each letter more is 300 words more to look up
_WORD = re.compile(r"(?<![\w'’])[^\W_]{5,40}(?![\w'’])")
# a word of letters only that `Lexicon.mended` may spell with other marks (a 3-letter word is an
# abbreviation or a code as often as a word)
_LETTERS = re.compile(r"(?<![\w'’])[^\W\d_]{4,40}(?![\w'’])")
# ... and one `Lexicon.corrected` may spell with another letter (as `_WORD`: a shorter word is one
# letter from too many others)
_WORD_OF_LETTERS = re.compile(r"(?<![\w'’])[^\W\d_]{5,40}(?![\w'’])")
# the runs of letters either side of a space that `Lexicon.corrected` may join
_LAST_RUN = re.compile(r"(?<![\w'’])[^\W\d_]{2,40}$")
_FIRST_RUN = re.compile(r"^[^\W\d_]{2,40}(?![\w'’])")
# an I with a stroke above, as the model reads a dotted İ's dot (a blurred dot is no round mark)
_SLANTED_I = "íì"
# the letters a digit is misread for in a word: the project's look-alikes (`repair.LOOK_ALIKES`)
_DIGIT_AS = {digit: "".join(sorted({letter.lower() for letter, alike in LOOK_ALIKES.items() if alike == digit}))
             for digit in "0123456789" if digit in LOOK_ALIKES.values()}
# letters that are another letter with a stroke rather than with a mark
_UNMARKED = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h"}
_MARKS = re.compile(r"[\u0300-\u036f]")
# wordfreq's lists count a word's frequency in centibels: list i holds words of 10^(-i/100)
_CENTIBELS = 100


def unmarked(text: str) -> str:
    """`text` (as `_normal` gives it) without its letters' marks: Ž, Í, Ą, Ł as Z, I, A, L."""
    for letter, plain in _UNMARKED.items():  # `str.translate` takes half a second on the lists
        text = text.replace(letter, plain)
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def _normal(word: str) -> str:
    """`word` as looked up: lower case, composed; Turkish dotted and dotless i as i (İSTANBUL's
    lower case is i + a combining dot, and a capital I is as well ı as i); ß as ss, as the lists
    hold it."""
    lower = unicodedata.normalize("NFC", word.lower().replace("i\u0307", "i"))
    return lower.replace("ı", "i").replace("ß", "ss")


@dataclass(frozen=True)
class _Lists:
    """The word lists as looked up: hashes of every known word, of the common ones and of every
    known word with marks, without them (`unmarked`), each sorted for `np.searchsorted` (a set of
    the ~1 million words would hold ~80 MB, these 12 MB); the words with marks in the order of
    `bare`, run together (`marked[starts[i]:starts[i + 1]]`: the word `bare[i]` is the hash of
    without its marks, about 7 MB more); and the letters a common word holds."""

    known: np.ndarray
    common: np.ndarray
    bare: np.ndarray
    marked: str
    starts: np.ndarray
    letters: str

    def marked_forms(self, plain: str) -> list[str]:
        """The known words with marks that are `plain` without them."""
        wanted = hash(plain)
        first, last = (int(np.searchsorted(self.bare, wanted, side)) for side in ("left", "right"))
        forms = {self.marked[self.starts[i]:self.starts[i + 1]] for i in range(first, last)}
        return sorted(form for form in forms if unmarked(form) == plain)  # not a hash collision

    def knows(self, word: str) -> bool:
        """Whether `word` (as written) is a known word."""
        return _holds(self.known, [_normal(word)])


class Lexicon:
    """Known and common words of every Latin-script language, loaded on first use and kept
    (one per recognizer; safe to share between threads). `common` is the least frequency
    (share of words in running text) of a word a misread is taken for."""

    def __init__(self, common: float) -> None:
        self.common = common
        self._lock = threading.Lock()
        self._lists: _Lists | None = None

    def load(self) -> _Lists:
        """The lists, read the first time (about 1.3 s)."""
        with self._lock:
            if self._lists is None:
                import wordfreq  # reads the lists shipped in its wheel

                known: list[np.ndarray] = [np.empty(0, np.int64)]
                common: list[np.ndarray] = [np.empty(0, np.int64)]
                plains: list[str] = []  # known words with marks, without them
                marked: list[str] = []  # ... and with them
                letters: set[str] = set()
                last_common = round(-_CENTIBELS * np.log10(self.common))
                for language, path in sorted(wordfreq.available_languages("small").items()):
                    if not _latin(language):
                        continue
                    for centibels, words in enumerate(wordfreq.read_cBpack(path)):
                        if not words:
                            continue
                        text = _normal("\n".join(words))  # at once: a call per word takes seconds
                        looked_up = text.split("\n")
                        hashes = _hashes(looked_up)
                        known.append(hashes)
                        plain_forms = unmarked(text).split("\n")
                        pairs = [(plain, word) for word, plain in zip(looked_up, plain_forms, strict=True)
                                 if plain != word]
                        plains.extend(plain for plain, _ in pairs)
                        marked.extend(word for _, word in pairs)
                        if centibels <= last_common:
                            common.append(hashes)
                            letters |= set(text)
                bare = _hashes(plains)
                order = np.argsort(bare)
                in_order = [marked[i] for i in order]
                starts = np.concatenate([[0], np.cumsum(np.fromiter(map(len, in_order), np.int64, len(order)))])
                # a word of several languages is there several times
                self._lists = _Lists(np.sort(np.concatenate(known)), np.sort(np.concatenate(common)),
                                     bare[order], "".join(in_order), starts,
                                     "".join(sorted(char for char in letters if char.isalpha())))
            return self._lists

    def words_known(self, text: str) -> bool | None:
        """Whether every word of four letters or more in `text` is a known word (None: it holds
        none, or is a machine-readable zone's line)."""
        words = [] if zone_line(text) else _LETTERS.findall(text)
        if not words:
            return None
        lists = self.load()
        return all(map(lists.knows, words))

    def misread_word(self, text: str) -> str | None:
        """The first word of `text` (as looked up) that looks misread, None if none: a word no
        list knows that a common word is one letter added, dropped or changed from, or that a
        known word with marks is with other marks or none; or a word with one look-alike digit
        (`_DIGIT_AS`) that a known word is with the letter. A machine-readable zone's line
        (`repair.zone_line`) is not looked at: its check digits say more."""
        if zone_line(text):
            return None
        words = [_normal(match.group()) for match in _WORD.finditer(text)]
        if not words:
            return None
        lists = self.load()
        for word in words:
            digits = [index for index, char in enumerate(word) if char.isdigit()]
            if not digits:
                if not _holds(lists.known, [word]) and (_holds(lists.bare, [unmarked(word)])
                                                         or _holds(lists.common, list(_one_edit(word, lists.letters)))):
                    return word
            elif len(digits) == 1 and word[digits[0]] in _DIGIT_AS:
                at = digits[0]
                spelt = [word[:at] + letter + word[at + 1:] for letter in _DIGIT_AS[word[at]]]
                if _holds(lists.known, spelt) or _holds(lists.bare, [unmarked(each) for each in spelt]):
                    return word
        return None

    def mended(self, text: str, ink_chosen: Collection[str] = (), weighed: Collection[str] = ()) -> str:
        """`text` with each word of four letters or more that no list knows, and that exactly
        one known word is with more marks, spelt as that word: DĄBROWSKI for DABROWSKI,
        VÄSTERÅS for VÄSTERÁS, ŽEROMSKIEGO for ŻEROMSKIEGO, CANTÙ for CANTU. Small print and
        blur pale a mark past what the model sees, or make it another; a mark read is kept (a
        name such as FAURÉ that no list holds is not made FAURE), and so is a letter whose
        form the ink chose (`ink_chosen`: ŻANETA, a Polish name, where Czech lists know ŽANETA).
        A known word read without marks (WROCLAW, an English spelling) takes them only where
        exactly one known word is it with marks of the `weighed` forms the model gave its
        letters some probability (`EngineConfig.weighed_mark`: WROCŁAW). A word no list knows
        with an Í or Ì, that a known word is with a plain I and nothing else, had a Turkish İ's
        dot read as a stroke (ÍSTANBUL, İBRAHÍM: the lists spell İ as i). A machine-readable
        zone's line is left as read. A word no list knows that, with one of its B's as ß, is a
        known word is so spelt (HAUPTSTRABE: the model reads a ß as B, often surely)."""
        if zone_line(text):
            return text
        settled = {char.lower() for char in ink_chosen}
        hinted = {char.lower() for char in weighed}
        lists = self.load()

        def mend(match: re.Match[str]) -> str:
            word = match.group()
            lowered = _lowered(word)
            if len(lowered) != len(word) or "ß" in lowered:
                return word  # the lists spell ß as ss
            known = _holds(lists.known, [lowered])
            sharp = [] if known else [at for at, letter in enumerate(lowered)
                                      if letter == "b" and lists.knows(lowered[:at] + "ß" + lowered[at + 1:])]
            if len(sharp) == 1:  # the model reads a ß as B surely (`recognition.RARER_FORMS`)
                return word[:sharp[0]] + "ß" + word[sharp[0] + 1:]
            if known and not hinted:
                return word  # a known word takes only marks the model weighed
            forms = [form for form in lists.marked_forms(unmarked(lowered)) if _marks_more(form, lowered, settled)]
            if known:
                forms = [form for form in forms if all(mine == theirs or (mine in hinted and theirs == unmarked(theirs))
                                                       for mine, theirs in zip(form, lowered, strict=True))]
            if len(forms) == 1:
                return _respelt(word, lowered, forms[0])
            dotted = "".join("i" if letter in _SLANTED_I and letter not in settled else letter for letter in lowered)
            if not forms and not known and dotted != lowered and _holds(lists.known, [dotted]):
                return _respelt(word, lowered, dotted)  # a dotted İ's dot read as a stroke
            return word

        return _LETTERS.sub(mend, text)

    def corrected(self, text: str, weighed: Collection[tuple[str, str, str, str]],
                  spaces: Collection[tuple[str, str]] = ()) -> str:
        """`text` with each word of five letters or more that no list knows, and that exactly
        one common word is with one letter changed for a letter the model `weighed` in its
        place (`LineRead.weighed_letters`: letter before, letter read, letter given, letter
        after; a word's ends match any), spelt as that word: COLCMBO as COLOMBO where the model
        gave its C's place some O; never by taking a mark read off (ROCHÉ, a name, stays). Such
        a word that parts into two known words (of two letters or more) at exactly one place
        between letters the model gave a space (`spaces`: `LineRead.weighed_spaces`) is parted
        there (CUENTAAJENA). A space between two runs of letters that together are a known
        word, one of them none, is taken out (`_joined`). A machine-readable zone's line is
        left as read."""
        if zone_line(text):
            return text
        lists = self.load()
        given: dict[str, list[tuple[str, str, str]]] = {}
        for before, read, other, after in weighed:
            given.setdefault(read, []).append((before, other, after))

        def correct(match: re.Match[str]) -> str:
            word = match.group()
            lowered = _lowered(word)
            if len(lowered) != len(word) or "ß" in lowered or lists.knows(word):
                return word
            last = len(lowered) - 1
            changes = {(at, other) for at, letter in enumerate(lowered)
                       for before, other, after in given.get(letter, ())
                       if (at == 0 or before == lowered[at - 1]) and (at == last or after == lowered[at + 1])
                       and len(other.upper()) == 1 and not other == unmarked(letter) != letter}
            found = [(at, other) for at, other in changes
                     if _holds(lists.common, [_normal(lowered[:at] + other + lowered[at + 1:])])]
            if len(found) == 1:
                at, other = found[0]
                return word[:at] + (other.upper() if word[at].isupper() else other) + word[at + 1:]
            parted = [at for at in range(2, len(word) - 1) if (lowered[at - 1], lowered[at]) in spaces
                      and lists.knows(word[:at]) and lists.knows(word[at:])]
            return f"{word[:parted[0]]} {word[parted[0]:]}" if len(parted) == 1 else word

        return self._joined(_WORD_OF_LETTERS.sub(correct, text), lists)

    @staticmethod
    def _joined(text: str, lists: _Lists) -> str:
        """`text` without each space between two runs of letters that together are a known word
        of five letters or more while one of them is no known word (FAMI LLE, FRANÇAI SE: a
        widely spaced face's gap between two letters taken for a word space); never before a
        capital opening a word after small letters (a new word)."""
        known = lists.knows
        tokens = text.split(" ")
        joined = tokens[:1]
        for token in tokens[1:]:
            head, tail = _LAST_RUN.search(joined[-1]), _FIRST_RUN.match(token)
            if (head and tail and len(head.group()) + len(tail.group()) >= 5
                    and not (tail.group()[0].isupper() and any(char.islower() for char in head.group()))
                    and known(head.group() + tail.group()) and not (known(head.group()) and known(tail.group()))):
                joined[-1] += token
            else:
                joined.append(token)
        return " ".join(joined)


def _lowered(word: str) -> str:
    """`word` in small letters, letter for letter, as `Lexicon.mended` and `Lexicon.corrected`
    compare it with the lists (a capital İ or a dotless ı as i: the lists spell both so)."""
    return "".join("i" if char in "İı" else char.lower() for char in word)


def _respelt(word: str, lowered: str, form: str) -> str:
    """`word` with each letter where `form` differs from `lowered` (`word` as looked up) as
    `form`'s, in `word`'s case (a capital i as İ: the lists spell İ as i)."""
    return "".join(char if letter == mine else ("İ" if mine == "i" else mine.upper()) if char.isupper() else mine
                   for char, letter, mine in zip(word, lowered, form, strict=True))


def _marks_more(form: str, word: str, kept: Collection[str]) -> bool:
    """Whether `form` is `word` (both as looked up, alike without marks) with a mark on each
    letter where they differ, none of them one of the `kept` letters, and on every letter
    `word` marks (a mark with no letter of its own, as in m̃, makes `form` the longer)."""
    if len(form) != len(word) or form == word:
        return False
    pairs = list(zip(form, word, strict=True))
    return all(mine == theirs or (mine != unmarked(mine) and theirs not in kept) for mine, theirs in pairs) and all(
        theirs == unmarked(theirs) or mine != unmarked(mine) for mine, theirs in pairs)


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
