"""Lines detected in a field's crop: those reaching in from outside beside the value left out (no model)."""

from __future__ import annotations

import numpy as np

from extractor.recognizers.lines import own_lines


def _quad(left: float, top: float, right: float, bottom: float) -> np.ndarray:
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)


def _kept(quads: list[np.ndarray], height: int) -> list[list[list[float]]]:
    return [quad.tolist() for quad in own_lines(quads, height)]


def test_a_signature_reaching_into_the_fields_corner_is_left_out():
    value, signature = _quad(8, 4, 76, 33), _quad(231, -3, 320, 21)  # as detected in a development scan
    assert _kept([signature, value], 44) == [value.tolist()]
    assert _kept([signature], 44) == [signature.tolist()]  # nothing inside to stand beside


def test_the_values_own_lines_are_kept_though_an_edge_cuts_them():
    # the value's ink crossing the bottom edge beside a small label wholly inside: the value is
    # taller than the label, no signature reaching in
    label, value = _quad(5, 8, 60, 22), _quad(80, 25, 300, 60)
    assert len(own_lines([label, value], 60)) == 2
    # a two-line value whose top line the edge cuts, detected as two words: the word clear of
    # the lower line's columns stands on the rows of the word kept above them
    street, number, city = _quad(5, -2, 170, 22), _quad(200, -2, 240, 22), _quad(5, 24, 100, 52)
    assert len(own_lines([street, number, city], 60)) == 3
    # a line cut by the bottom edge under the value's columns: the value's other line
    assert len(own_lines([_quad(8, 4, 76, 33), _quad(8, 30, 60, 44)], 44)) == 2
    # a word of the value's own row running to the edge (a tight rectangle)
    assert len(own_lines([_quad(8, 4, 76, 33), _quad(90, 0, 160, 37)], 44)) == 2
