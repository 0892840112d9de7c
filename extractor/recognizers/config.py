"""Every tunable of the embedded engine's reading, with the reason for its value (frozen: replace to vary).

What belongs to a model rather than to reading (its input sizes, the ratio its DB boxes grow
round the ink by) stays a constant beside its stage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineConfig:
    """Detection (`detection.py`), recognition batching (`recognition.py`) and the reading plan
    (`embedded.py`)."""

    det_max_side: int = 960  # detection input limit (pixels); the longer side is scaled down to it
    db_threshold: float = 0.3  # text probability that marks a pixel as text
    db_box_threshold: float = 0.5  # mean probability a detected box needs to count
    max_batch: int = 6  # line images recognized in one run at most
    # A region whose least sure character scores under this is read again with detection inside
    # it (accurate, several times slower).
    fallback_below: float = 0.75
    # A reading read once whose calibrated confidence is under `steady_below` is read again from
    # its lines cut with `second_room` of their height above them (0.2 the first time); where it
    # then reads otherwise, its confidence is `unsteady` at most: on the development pool
    # (documents 192-223, 8 kinds, 2,560 fields) 3 of the 29 readings that changed were right,
    # and 17 of their 26 wrong ones had passed the calibration. Readings over 0.97 changed with
    # the cut about as often right (7) as wrong (4): not read again.
    # A region read both ways whose readings differ only in marks takes the more marked one
    # (`reading.chosen`); where it was the less sure of the two, the mark was seen in one cut
    # only and the reading also keeps `unsteady` at most (development scans, documents 704-799:
    # of the 14 values so taken, 2 were wrong, both given as valid without this).
    steady_below: float = 0.97
    second_room: float = 0.4
    unsteady: float = 0.1
    # A character of a code (a word mixing letters and digits) whose look-alike of the other
    # kind the model gave this much (0 for O, I for 1) was a guess between the two: no word or
    # number says which, and many faces draw them alike. The reading keeps `unsteady` confidence
    # at most. On the development and fresh pools (documents 448-479 in 13 kinds, 0-63 of the
    # fresh pool in 5 scan kinds) 9 wrong values given as valid were so (ZPCUOVA7C, BOD0,
    # 08 OKT/0CT), and 1 right one (98AB01247, 0.105); at 0.05, 2 right ones more.
    code_rival: float = 0.1
    # A word no Latin-script language's list knows, one letter from a word at least this common
    # (share of running text, wordfreq's lists), was likely misread (COLCMBO, PASSPCRT, ACCÊS):
    # the reading keeps `unsteady` confidence at most (`lexicon.py`). On the development pool
    # (documents 704-799, clean, glare, tiny, blur: 3,868 fields) 27 of the 74 wrong values
    # given as valid were so, and 6 of 3,366 right ones (FAURÉ); at 1e-6, 33 wrong and 27 right.
    common_word: float = 1e-5
    # A known word read without marks (WROCLAW, KOLN, MARIA) takes them where exactly one known
    # word is it with marks of forms the model gave at least this on its line (`Lexicon.mended`):
    # small print pales a mark the model half saw. Development tiny and blurred scans (documents
    # 704-751, every cut of every line): at 0.1, 16 readings mended and none broken; at 0.05, 21
    # and 1 (MARIA, printed so, as MARÍA).
    weighed_mark: float = 0.1
    # A word no list knows that exactly one common word is with one letter changed for another
    # the model gave at least this in that place (between the same letters) is spelt as that
    # word (`Lexicon.corrected`: COLCMBO, PASSPCRT, Portiand, NOTOR). Its value keeps the doubt
    # the misread word gave it (`misread_word`): the letter is the lists' guess. Development
    # documents 704-799 at 0.02: scans (clean, glare, tiny, blur) 14 values made right, photos
    # (hard, another document in the frame, 736-799) 7, none made wrong.
    weighed_letter: float = 0.02
    # A word no list knows that parts, at exactly one place where the model gave a space at
    # least this between its letters, into two known words is so parted (`Lexicon.corrected`:
    # CUENTAAJENA 0.14, PIETERSEM 0.04 on blurred development scans 704-799; at 0.005 a wrong
    # LONECK parted as LONE CK as well: two-letter runs are words of some language).
    weighed_space: float = 0.02
    # An enum field read as none of its choices is read again in the choices' characters alone
    # (a blurred M the model took for an H, an F for an r), unless the model was this sure of a
    # character no choice holds: then that is printed (a hair colour HAZ the template lists
    # not). The choice so read keeps `unsteady` confidence at most: the template's guess.
    sure_outside_choices: float = 0.995
    small_text: int = 32  # region height (pixels, median) under which makeUpsampling doubles the image


ENGINE = EngineConfig()
