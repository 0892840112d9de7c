"""Field placement on detected lines (synthetic boxes, no model)."""

from __future__ import annotations

import numpy as np


def _box(left: float, top: float, right: float, bottom: float) -> np.ndarray:
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)


def test_placement_keeps_a_values_second_line_and_pushes_a_label_out():
    from extractor.alignment.config import AlignConfig
    from extractor.alignment.fit import Lines
    from extractor.alignment.placement import place_fields

    # an address of two lines under an overprinted SPECIMEN (detected as on a development-pool
    # scan: the first line taller, reaching above the rectangle, the two too close for a stack):
    # both lines are the value, the overprint no label
    address = np.array([[118, 597, 563, 653]], np.float32)
    lines = Lines.of([_box(105, 590, 348, 634), _box(117, 617, 275, 647), _box(310, 494, 775, 625)])
    (placed,) = place_fields((845, 1195), address, lines, AlignConfig())
    assert placed[1] <= 597
    # a small label printed close above a value reaches into its rectangle: the top moves off it
    value = np.array([[100, 100, 500, 150]], np.float32)
    lines = Lines.of([_box(100, 86, 160, 106), _box(100, 110, 300, 146)])
    (placed,) = place_fields((600, 400), value, lines, AlignConfig())
    assert 103 <= placed[1] < 112


def test_an_overprint_taller_than_the_field_moves_no_side():
    from extractor.alignment.config import AlignConfig
    from extractor.alignment.fit import Lines
    from extractor.alignment.placement import place_fields

    # an A4 page's address of two lines (as a development-pool scan showed it): an overprinted
    # word's box, three fields tall, swallowed the first line; the second is the line held.
    # Pushed off the overprint, the top cut the first line away ("71664 ORLÉANS" alone, read surely)
    address = np.array([[118, 597, 563, 653]], np.float32)
    lines = Lines.of([_box(73, 510, 782, 655), _box(117, 619, 277, 649)])
    (placed,) = place_fields((962, 1360), address, lines, AlignConfig())
    assert placed[1] <= 597


def test_an_overprinted_word_across_a_side_cuts_no_letter_off_the_value():
    from extractor.alignment.config import AlignConfig
    from extractor.alignment.fit import Lines
    from extractor.alignment.placement import place_fields

    # an address of two lines with a large overprinted word (a ghost VALIDEZ, as a development-pool
    # desk photo showed it) across its left side, four lines tall but under two of the field's
    # heights, most of it outside: the side had moved in before it and cut "C" and "6" off
    # "CALLE MAYOR 181 / 61693 MADRID"
    # (two one-line fields below give the document's value height)
    fields = np.array([[456, 640, 832, 721], [456, 795, 832, 835], [456, 896, 832, 936]], np.float32)
    lines = Lines.of([_box(90, 616, 231, 639), _box(459, 620, 526, 643), _box(92, 644, 296, 681),
                      _box(464, 649, 696, 680), _box(254, 606, 480, 740), _box(461, 680, 650, 711),
                      _box(90, 726, 128, 754), _box(92, 753, 130, 790), _box(459, 760, 541, 783),
                      _box(464, 799, 735, 830), _box(462, 899, 537, 933)])
    address = place_fields((929, 1309), fields, lines, AlignConfig())[0]
    assert address.left <= 461 and address.right >= 696


def test_a_side_that_cuts_a_value_and_a_labels_grown_box_moves_past_the_value():
    from extractor.alignment.config import AlignConfig
    from extractor.alignment.fit import Lines
    from extractor.alignment.placement import _snap_sides

    # a label-left design at 0.6x (as a fresh-pool scan showed it): the label's second line ends
    # (its box grown round its ink) past where the value's box starts, both cut by the left
    # side. Moved in before the label, the side cut the F's stem: "=RANCESCA GIULIA"
    label, value = _box(49, 291, 144, 316), _box(131, 287, 253, 310)
    lines = Lines.of([value, label], stacks=False)  # detection listed the value first
    left, right = _snap_sides(142, 270, 284, 308, lines, 100.0, AlignConfig())
    assert left <= 131 and right == 270
    # the label alone cut by the side: the side moves in before it
    left, _ = _snap_sides(142, 270, 284, 308, Lines.of([label, _box(150, 287, 253, 310)], stacks=False),
                          100.0, AlignConfig())
    assert left >= 144
