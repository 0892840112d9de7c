"""The printed text of a document image as lines: where each sits and what it reads.

Template authoring sees a sample the way alignment does (text detection, then each line read
by the recognition model), but keeps every line with its text and its characters' places, so
that a label printed on one line with its value ("Surname: SMITH", "4a. 12.03.2020") can be cut
where the text says, not only where the ink leaves a wide gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..alignment.segments import split_at_gaps
from ..geometry import Rect
from ..recognizers import Vision
from ..recognizers.lines import Cleanup, quad_image
from ..recognizers.repair import line_text

# Blank runs wider than this many text heights part a detected line: a label from its value
# on the same row, two columns; word spaces stay (about a third of a height).
LINE_GAP = 1.0
WORD_GAP = 0.6  # text heights between two pieces detection found apart that are still one line


@dataclass(frozen=True)
class TextLine:
    """One line of text: its box (image pixels), what it reads, how surely (mean character
    probability), and each character's x (image pixels). Its sides and height are its box's
    (the authoring rules ask them of lines throughout)."""

    text: str
    box: Rect
    confidence: float
    columns: tuple[float, ...] = ()

    @property
    def left(self) -> int:
        return self.box.left

    @property
    def top(self) -> int:
        return self.box.top

    @property
    def right(self) -> int:
        return self.box.right

    @property
    def bottom(self) -> int:
        return self.box.bottom

    @property
    def height(self) -> int:
        return self.box.height

    @property
    def middle(self) -> float:
        return (self.box.top + self.box.bottom) / 2

    def split(self, at: int) -> tuple[TextLine, TextLine]:
        """The line cut before its character `at` (1 <= at < len(text)): text and box both."""
        if not 0 < at < len(self.text) or len(self.columns) != len(self.text):
            raise ValueError(f"cannot cut {self.text!r} at {at}")
        cut = round((self.columns[at - 1] + self.columns[at]) / 2)
        head, tail = self.text[:at].rstrip(), self.text[at:].lstrip()
        skipped = len(self.text[at:]) - len(tail)
        return (TextLine(head, self.box._replace(right=cut), self.confidence, self.columns[:len(head)]),
                TextLine(tail, self.box._replace(left=cut), self.confidence, self.columns[at + skipped:]))


def read_lines(vision: Vision, bgr: np.ndarray, latin: bool = True) -> list[TextLine]:
    """Every text line of `bgr` (a straight, upright document), top to bottom, left to right;
    detected lines are cut at wide gaps and read in batches."""
    quads = split_at_gaps(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), vision.detect(bgr), LINE_GAP)
    if not quads:
        return []
    images = [quad_image(bgr, quad, Cleanup()) for quad in quads]
    reads = vision.read_lines([line.image for line in images], latin)
    found = []
    height, width = bgr.shape[:2]
    for quad, line, read in zip(quads, images, reads, strict=True):
        text = line_text(line, read)
        if not text.strip():
            continue
        left, top = np.floor(quad.min(axis=0))
        right, bottom = np.ceil(quad.max(axis=0))
        box = Rect(max(0, int(left)), max(0, int(top)), min(width, int(right)), min(height, int(bottom)))
        scale = float(np.hypot(*(quad[1] - quad[0]))) / max(1, line.image.shape[1])
        found.append(TextLine(text, box, read.mean_probability(), _columns(text, read.chars, read.columns,
                                                                            box.left, scale)))
    return _joined(sorted(found, key=lambda t: (t.middle, t.left)))


def _joined(lines: list[TextLine]) -> list[TextLine]:
    """Pieces of one line that detection found apart (a word gap) joined again."""
    out: list[TextLine] = []
    for line in lines:
        before = next((o for o in reversed(out) if abs(o.middle - line.middle) < 0.3 * o.height
                       and 0.7 <= line.height / o.height <= 1.4 and -0.2 * o.height <= line.left - o.right
                       < WORD_GAP * o.height), None)
        if before is None:
            out.append(line)
            continue
        box = Rect(before.left, min(before.top, line.top), line.right, max(before.bottom, line.bottom))
        columns = (*before.columns, (before.right + line.left) / 2, *line.columns) \
            if before.columns and line.columns else ()
        out[out.index(before)] = TextLine(f"{before.text} {line.text}", box, min(before.confidence, line.confidence),
                                          columns)
    return sorted(out, key=lambda t: (t.top, t.left))


def _columns(text: str, chars: tuple[str, ...], columns: tuple[float, ...], left: int, scale: float
             ) -> tuple[float, ...]:
    """Each character of `text` at its x in the image; `text` is the characters read with spaces
    put back (`line_text`), which take the place between their neighbours. Empty when `text`
    was changed otherwise (its case aside)."""
    placed = [left + x * scale for x in columns]
    out: list[float] = []
    source = 0
    for char in text:
        if source < len(chars) and char.casefold() == chars[source].casefold():
            out.append(placed[source])
            source += 1
        elif char == " " and 0 < source < len(chars):
            out.append((placed[source - 1] + placed[source]) / 2)
        else:
            return ()
    return tuple(out) if source == len(chars) else ()
