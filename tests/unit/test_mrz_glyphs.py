"""The second opinion on characters the check digits cannot tell apart: their ink against OCR-B's glyphs."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image, ImageDraw, ImageFont

from extractor import parse_mrz
from extractor.mrz.glyphs import FONT, Cells

TEXT = "G26L1K<"
LOOK_ALIKE = {"G": "6", "6": "G", "L": "1", "1": "L", "K": "<", "<": "K"}


def printed_line(blur: float) -> tuple[np.ndarray, float]:
    """TEXT printed in OCR-B on a 48-pixel line, as recognition sees lines, and its pitch."""
    font = ImageFont.truetype(str(FONT), 30)
    pitch = font.getlength("H")
    canvas = Image.new("L", (round(pitch * len(TEXT)) + 20, 48), 255)
    ImageDraw.Draw(canvas).text((10, 8), TEXT, font=font, fill=0)
    line = np.asarray(canvas)
    return (cv2.GaussianBlur(line, (0, 0), blur) if blur else line), pitch


@pytest.mark.parametrize("blur", [0.0, 1.5])
def test_each_cell_looks_most_like_its_own_glyph_of_the_pair_no_check_tells_apart(blur):
    line, pitch = printed_line(blur)
    cells = Cells(line)
    for index, char in enumerate(TEXT):
        if char in LOOK_ALIKE:
            scores = cells.resemblance(10 + (index + 0.5) * pitch, pitch, char + LOOK_ALIKE[char])
            assert scores is not None and scores[char] > scores[LOOK_ALIKE[char]], (char, scores)


def test_no_cell_is_compared_where_there_is_none_to_compare():
    line, pitch = printed_line(0.0)
    assert Cells(line).resemblance(float("nan"), pitch, "6G") is None
    assert Cells(line).resemblance(30.0, 1.0, "6G") is None  # a pitch of a pixel holds no glyph
    assert Cells(line).resemblance(-5 * pitch, pitch, "6G") is None  # off the line
    assert Cells(np.full((48, 300), 255, np.uint8)).resemblance(30.0, pitch, "6G") is None  # no ink
    assert Cells(np.zeros((2, 300), np.uint8)).resemblance(30.0, pitch, "6G") is None  # no line


def number_zone(number: str) -> list[str]:
    return str(TD3CodeGenerator("P", "UTO", "LILL", "GUNILLA", number, "UTO", "740812", "F", "320115", "")).split("\n")


def test_ink_like_a_look_alike_no_check_tells_apart_leaves_the_reading_unproven():
    lines = number_zone("G6L1A0K12")
    sure = [[1.0] * len(line) for line in lines]

    def like(place: tuple[int, int], wanted: str):
        return lambda line, column, char, alike: 0.3 if ((line, column) == place and alike == wanted) else -0.3

    assert parse_mrz(lines, probabilities=sure, ink=like((1, 0), "6")).checks["unambiguous"] is False
    # L and 1, K and `<`: the model does not confuse them, and the ink near a line's end is less sure
    assert parse_mrz(lines, probabilities=sure, ink=like((1, 3), "L")).valid
    assert parse_mrz(lines, probabilities=sure, ink=like((1, 30), "K")).valid
    # a name's L, a date's 1: no look-alike passes there (no check guards a name; digits only)
    assert parse_mrz(lines, probabilities=sure, ink=like((0, 5), "1")).valid
    assert parse_mrz(lines, probabilities=sure, ink=like((1, 17), "L")).valid


def test_of_repairs_the_checks_allow_alike_the_one_the_ink_favours_is_made():
    lines = number_zone("Z597UVL18")
    read = [lines[0], "2" + lines[1][1:]]  # Z read as 2: the number's check fails
    sure = [[1.0] * len(line) for line in read]
    assert not parse_mrz(read, probabilities=sure).valid  # several swaps pass the checks: none is proven

    def ink(line, column, char, alike):
        return 0.3 if (line, column, alike) == (1, 0, "Z") else -0.3

    repaired = parse_mrz(read, probabilities=sure, ink=ink)
    assert repaired.lines == tuple(lines) and repaired.valid and repaired.repairs == ("2:1 2->Z",)

    def undecided(line, column, char, alike):  # favours the right swap, opposes the others by a trace
        return 0.3 if (line, column, alike) == (1, 0, "Z") else -0.01

    assert not parse_mrz(read, probabilities=sure, ink=undecided).valid


def test_a_sure_repair_proves_nothing_while_the_ink_likens_another_character_to_a_look_alike():
    lines = number_zone("Z597UVL18")
    read = [lines[0], "2" + lines[1][1:]]  # Z read surely as 2: the number's check fails
    sure = [[1.0] * len(line) for line in read]

    def ink(line, column, char, alike):  # ... and the number's L looks like 1
        return 0.3 if (line, column, alike) in ((1, 0, "Z"), (1, 6, "1")) else -0.3

    repaired = parse_mrz(read, probabilities=sure, ink=ink)
    # the checks pass with the Z put back, but the 2 read that surely was likelier right and the
    # L the misread: two errors cancelling in the check digit look the same
    assert repaired.lines == tuple(lines) and repaired.repairs == ("2:1 2->Z",) and not repaired.valid


def test_the_ink_has_no_say_between_the_round_letters_and_digits():
    # N0U7H3S0W: its first 0 read as O fails the check; the second 0 as Q passes it as well
    lines = number_zone("N0U7H3S0W")
    read = [lines[0], lines[1][:1] + "O" + lines[1][2:]]
    sure = [[1.0] * len(line) for line in read]

    def favours_q(line, column, char, alike):  # OCR-B's 0 looks a little like O, D and Q
        return 0.3 if (line, column, alike) == (1, 7, "Q") else -0.3

    assert not parse_mrz(read, probabilities=sure, ink=favours_q).valid


def test_two_misreads_that_cancel_in_the_checks_are_found_by_the_ink_of_the_surely_read_one():
    # a photographed development-pool card's number Z399Z93X8: both Zs read as 2, the first
    # unsurely (Z given 0.30), the second surely; 2 for Z weighted 7 and 3 changes the digits by
    # 10 in all, and every check passed
    lines = ["IDGBR2399293X88<<<<<<<<<<<<<<<", "7903269M2910220UTO<<<<<<<<<<<2", "PAPADOPOULOS<<AASA<<<<<<<<<<<<"]
    read = [[1.0] * len(line) for line in lines]
    read[0][5], read[0][9] = 0.67, 0.97

    def inked(zs: set[tuple[int, int]]):
        return lambda line, column, char, alike: 0.28 if (line, column) in zs and alike == "Z" else 0.0

    assert parse_mrz(lines, probabilities=read, ink=inked(set())).valid  # the ink took neither for Z
    assert parse_mrz(lines, probabilities=read, ink=inked({(0, 9)})).checks["unambiguous"] is False
    assert parse_mrz(lines, probabilities=read, ink=inked({(0, 5), (0, 9)})).checks["unambiguous"] is False
