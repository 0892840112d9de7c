"""Lines detected in a field's crop: those reaching in from outside beside the value left out (no model)."""

from __future__ import annotations

import numpy as np

from extractor.recognizers.lines import own_lines


def _quad(left: float, top: float, right: float, bottom: float) -> np.ndarray:
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)


def test_a_line_reaching_in_beside_the_value_is_left_out_and_the_values_own_lines_kept():
    value, signature = _quad(8, 4, 76, 33), _quad(231, -3, 320, 21)
    assert [q.tolist() for q in own_lines([signature, value], (44, 319))] == [value.tolist()]
    # a second line of the value under the first, both inside: kept
    lower = _quad(8, 30, 60, 43)
    assert len(own_lines([value, _quad(8, 20, 60, 40)], (44, 319))) == 2
    # a line cut by the bottom edge under the value's columns: a value's other line, kept
    assert len(own_lines([value, lower], (44, 319))) == 2
    # a word of the value's own row running to the edge (a tight rectangle): kept
    assert len(own_lines([value, _quad(90, 0, 160, 37)], (44, 319))) == 2
    # nothing inside to stand beside: kept
    assert len(own_lines([signature], (44, 319))) == 1
