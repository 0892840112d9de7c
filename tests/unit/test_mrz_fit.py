"""A zone line's reading fitted to its format's length (no model: readings made up)."""

from __future__ import annotations

import pytest

from extractor.mrz.find import _fitted
from extractor.recognizers.recognition import LineRead

NAMES = "P<D<<ERIKSSON<<JOSE<LUIS<<<<<<<<<<<<<<<<<<<<"  # TD3's first line: 44 characters


def _read(text: str, columns: list[float]) -> LineRead:
    return LineRead(tuple(text), tuple(columns), (0.99,) * len(text))


def test_a_line_whose_last_fillers_were_not_read_keeps_every_character_in_its_slot():
    # a blurred development-pool zone: its last two fillers fell outside the line's box; the 42
    # characters read stood evenly on one pitch, but spread over 44 slots they gave
    # ERIK<SSON, an empty slot put in the middle of the name
    read = _read(NAMES[:42], [28.7 * slot for slot in range(42)])
    fitted = _fitted(read, 44)
    assert fitted is not None and fitted.text == NAMES
    assert fitted.probabilities[-2:] == (0.0, 0.0)  # the fillers put back were not read


def test_a_repeated_letter_read_once_is_put_back_where_its_column_says():
    # the model writes a run of one character as fewer: ERIKSSON read ERIKSON, the S between
    # the two slots, every later character a slot on
    text = NAMES.replace("SS", "S", 1)[:43]
    columns = [28.7 * slot for slot in range(9)] + [28.7 * 9.5] + [28.7 * (slot + 1) for slot in range(10, 43)]
    fitted = _fitted(_read(text, columns), 44)
    assert fitted is not None and fitted.text == NAMES


def test_a_lengthened_line_puts_each_slot_where_the_print_has_it():
    # the ink of each slot is compared with OCR-B's glyphs at that slot's column: on the pitch of
    # the first and last characters read, two slots lost at the end put every later column
    # off by up to two characters
    read = _read(NAMES[:42], [28.7 * slot for slot in range(42)])
    fitted = _fitted(read, 44)
    assert fitted is not None
    assert fitted.columns == pytest.approx([28.7 * slot for slot in range(44)])


def test_a_line_whose_runs_of_fillers_were_read_as_one_keeps_its_characters_in_their_slots():
    # a blurred development-pool zone (dev blur #158): the model saw no gap inside the runs of
    # fillers and wrote each as one `<`, each at a column inside its run, in steps of its stride
    # (24 or 32 pixels for a 30.7 pitch): 19 characters for 44
    line = "P<POLDE<LA<CRUZ<<MO<<<<<<<<<<<<<<<<<<<<<<<<<"
    text = "P<POLDE<LA<CRUZ<MO<"
    slots = [*range(15), 16, 17, 18, 19]
    columns = [20 + 8 * round(30.7 * slot / 8) for slot in slots]
    fitted = _fitted(_read(text, columns), 44)
    assert fitted is not None and fitted.text == line
    assert fitted.probabilities[15] == 0.0 and fitted.probabilities[20:] == (0.0,) * 24  # not read


def test_a_line_read_far_short_whose_columns_collide_is_no_line():
    # characters a slot apart on no pitch: no way to tell which slots the lost ones stood in
    assert _fitted(_read("P<UTOSMITH<<JOHN", [0, 10, 12, 30, 31, 50, 52, 70, 71, 90, 92, 110, 111, 130, 131, 150]),
                   44) is None
