"""Word spaces from the ink's gaps in a line (synthetic line images, no model)."""

from __future__ import annotations

import numpy as np

from extractor.recognizers.lines import Line
from extractor.recognizers.recognition import LineRead
from extractor.recognizers.repair import line_text


def _line(words: list[int], letter_gap: int, word_gap: int) -> tuple[Line, list[float]]:
    """A line image of `words` (letters in each) drawn as blocks 10 px wide and 30 tall, and each letter's column."""
    image = np.full((48, 400), 255, np.uint8)
    columns, x = [], 10
    for number, letters in enumerate(words):
        if number:
            x += word_gap - letter_gap
        for _ in range(letters):
            image[9:39, x:x + 10] = 0
            columns.append(x + 5.0)
            x += 10 + letter_gap
    return Line(image, 30.0), columns


def test_a_tightly_set_face_keeps_its_narrow_word_spaces():
    # a condensed face's word space (ÚMČ PRAHA 1: 0.31 of the text's height, the model's space
    # 0.09) is narrower than WORD_GAP, but three times its letters' blanks
    chars = "PRAHA1"
    for letter_gap, word_gap, expected in ((2, 9, "PRAHA 1"), (6, 9, "PRAHA1"), (2, 5, "PRAHA1")):
        line, columns = _line([5, 1], letter_gap, word_gap)
        spaces = (0.0, 0.0, 0.0, 0.0, 0.09, 0.0)
        read = LineRead(tuple(chars), tuple(columns), (1.0,) * 6, spaces)
        assert line_text(line, read) == expected, (letter_gap, word_gap)
    # the model ruling a space out outweighs the gap
    line, columns = _line([5, 1], 2, 9)
    assert line_text(line, LineRead(tuple(chars), tuple(columns), (1.0,) * 6, (0.0,) * 6)) == "PRAHA1"
