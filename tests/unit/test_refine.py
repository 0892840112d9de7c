"""The refinement by the fit (`alignment/fit.refine`) on synthetic text lines (no model)."""

from __future__ import annotations

import numpy as np

from extractor.alignment.config import FitConfig
from extractor.alignment.fit import Lines, _sides_moved, fit_lines, lines_cut, rects_of, refine
from extractor.template import Template

WIDTH, HEIGHT = 1000, 640
ROWS = [(300, 120 + 80 * row, 900, 160 + 80 * row) for row in range(6)]  # value rectangles, a row every 80


def _template() -> Template:
    fields = [{"name": f"field_{row}", "rect": list(rect)} for row, rect in enumerate(ROWS)]
    return Template.from_dict({"name": "rows", "reference": {"width": WIDTH, "height": HEIGHT}, "fields": fields})


def _box(left: float, top: float, right: float, bottom: float) -> np.ndarray:
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)


def _document_lines() -> list[np.ndarray]:
    """Each value centred in its rectangle, its small label close above it, a title at the top."""
    lines = [_box(40, 20, 700, 70)]
    for left, top, _, bottom in ROWS:
        lines.append(_box(left + 5, top + 4, left + 380, bottom - 4))
        lines.append(_box(left + 5, top - 24, left + 160, top - 8))
    return lines


def _seen_through(lines: list[np.ndarray], top: float) -> list[np.ndarray]:
    """The lines as an outline whose top side lay `top` below the document's would show them."""
    scale = HEIGHT / (HEIGHT - top)
    return [np.column_stack([box[:, 0], (box[:, 1] - top) * scale]).astype(np.float32) for box in lines]


def test_a_side_found_a_row_inside_the_document_is_moved_onto_it():
    template = _template()
    config = FitConfig()
    lines = Lines.of(_seen_through(_document_lines(), top=85))
    refined = refine(template, lines, config)
    assert refined.reshaped
    assert refined.fit.score > 0.9
    values = Lines.of(_document_lines())
    # each field holds its own value again, not its label nor a neighbour's value
    for row, index in enumerate(refined.fit.lines):
        assert index >= 0
        assert abs(float(values.y[index]) - (ROWS[row][1] + ROWS[row][3]) / 2) < 6
    # the shift and the corners' small steps alone leave the first field empty
    without = refine(template, lines, FitConfig(max_side_move=0.0))
    assert not without.reshaped and without.fit.lines[0] == -1


def test_a_document_that_fits_is_not_reshaped():
    refined = refine(_template(), Lines.of(_document_lines()), FitConfig())
    assert not refined.reshaped and refined.fit.score > 0.95


def test_each_side_moves_its_own_two_corners_along_its_own_axis():
    # reference corners TL, TR, BR, BL; sides top, right, bottom, left
    size = np.array([WIDTH, HEIGHT], np.float32)
    for side, axis, corners in ((0, 1, [0, 1]), (1, 0, [1, 2]), (2, 1, [2, 3]), (3, 0, [3, 0])):
        target = np.zeros((4, 2), np.float32)
        target[corners, axis] = 48.0  # on the grid: 6 steps of 8

        def objective(moves: np.ndarray, target: np.ndarray = target) -> float:
            return -float(np.abs(moves - target).sum()) / 100

        start = np.zeros((4, 2), np.float32)
        moves, value = _sides_moved(start, objective(start), objective, size, FitConfig())
        assert np.allclose(moves, target) and value == 0.0, side


def test_sides_across_an_axis_move_apart_together_where_neither_gains_alone():
    size = np.array([WIDTH, HEIGHT], np.float32)
    for axis, before, after in ((1, [0, 1], [2, 3]), (0, [3, 0], [1, 2])):  # top and bottom, left and right
        target = np.zeros((4, 2), np.float32)
        target[before, axis], target[after, axis] = -48.0, 48.0

        def objective(moves: np.ndarray, target: np.ndarray = target) -> float:
            # a row off wherever one side moves alone: only the two together fit
            return 0.0 if np.allclose(moves, target) else -1.0 if moves.any() else -0.5

        start = np.zeros((4, 2), np.float32)
        alone, _ = _sides_moved(start, objective(start), objective, size, FitConfig())
        assert not alone.any()
        moves, value = _sides_moved(start, objective(start), objective, size, FitConfig(), apart=True)
        assert np.allclose(moves, target) and value == 0.0, axis


def test_a_poor_fit_nudged_within_a_row_is_not_reshaped():
    # three values missing: the fit stays poor, and a side's small move within the shift's
    # reach is no outline a row off
    lines = [box for index, box in enumerate(_document_lines()) if index not in (3, 5, 7)]
    refined = refine(_template(), Lines.of(_seen_through(lines, top=25)), FitConfig())
    assert refined.fit.score < FitConfig().reshape_below
    assert not refined.reshaped


def test_lines_a_side_runs_through_are_counted_and_text_inside_or_beside_is_not():
    inside = [_box(40, 20, 700, 70), _box(305, 124, 685, 156)]  # the document's own lines
    beside = [_box(-300, 200, -20, 230), _box(WIDTH + 20, 300, WIDTH + 400, 330)]  # another's, outside
    crossing = [_box(-200, 400, 200, 430), _box(WIDTH - 150, 500, WIDTH + 150, 530)]  # a sheet's, cut
    grazing = [_box(-10, 260, 300, 290)]  # a line reaching past the side by less than its height
    above = [_box(-200, -80, 200, -50)]  # cut by the side's line beyond the document's corner
    assert lines_cut(Lines.of(inside + beside + grazing + above, stacks=False), _template()) == 0
    assert lines_cut(Lines.of(inside + beside + crossing, stacks=False), _template()) == 2


def _form_lines(label_height: float, value_height: float = 32) -> list[np.ndarray]:
    """Each value (`value_height` tall, centred in its 40 px rectangle) with its label,
    `label_height` tall, close above it."""
    lines = []
    inset = (40 - value_height) / 2
    for left, top, _, bottom in ROWS:
        lines.append(_box(left + 5, top + inset, left + 400, bottom - inset))
        lines.append(_box(left + 5, top - 6 - label_height, left + 160, top - 6))
    return lines


def test_fields_sitting_on_the_labels_are_outshone_by_the_values_beside_them():
    config = FitConfig()
    lines = _form_lines(label_height=23)
    right = fit_lines(rects_of(_template()), Lines.of(lines), config, judged=True)
    assert right.outshone == 0.0
    # the document seen lower: every rectangle holds a label (23 px, as tall as a loosely drawn
    # rectangle may expect its value), its value half a row below
    labels = [box + np.array([0, 37], np.float32) for box in lines]
    row_off = fit_lines(rects_of(_template()), Lines.of(labels), config, judged=True)
    assert row_off.score > 0.7  # the fit alone does not tell
    assert row_off.outshone > 0.5


def test_a_bilingual_label_detected_as_one_tall_line_outshines_no_value():
    # two small label lines detected as one box taller than the rectangle, above each small value
    fit = fit_lines(rects_of(_template()), Lines.of(_form_lines(label_height=43, value_height=26)), FitConfig(),
                    judged=True)
    assert fit.outshone == 0.0
