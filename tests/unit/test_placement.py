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


def test_a_label_run_together_with_its_value_leaves_the_value_in_the_field():
    from extractor.alignment.config import AlignConfig
    from extractor.alignment.fit import Lines
    from extractor.alignment.placement import place_fields

    # a label-left design's clean scan (as a development-pool document showed it): detected at a
    # small size, the two-line label "Nombre / Given names" and the value INÉS beside it were one
    # line, most of it outside the field; the side moved in past it and the field read nothing
    given_names = np.array([[122, 415, 532, 443]], np.float32)
    lines = Lines.of([_box(61, 413, 162, 441)], stacks=False)
    (placed,) = place_fields((819, 1158), given_names, lines, AlignConfig())
    assert placed.left <= 122 and placed.right >= 532
    # a label's own line, apart from the value's, is still left out
    lines = Lines.of([_box(61, 413, 130, 441), _box(140, 415, 190, 441)], stacks=False)
    (placed,) = place_fields((819, 1158), given_names, lines, AlignConfig())
    assert placed.left >= 130


def test_a_line_cut_at_a_gap_ends_where_its_ink_does():
    import cv2

    from extractor.alignment.segments import EDGE_MARGIN, split_at_gaps

    # a label and its value on one detected line, parted by a blank two text heights wide (as a
    # glare-spotted development-pool scan showed: the value's first letters, washed out, were
    # part of the blank): the label's part ends at its ink, not half-way across, so that a field's
    # side left of the value does not take the label's part for one it cuts
    gray = np.full((40, 400), 240, np.uint8)
    for stem in [*range(10, 89, 6), *range(150, 379, 6)]:  # the label's letters' stems, and the value's
        gray[12:28, stem:stem + 2] = 30
    gray = cv2.GaussianBlur(gray, (3, 3), 0)  # antialiased as print is
    label, value = split_at_gaps(gray, [_box(4, 8, 390, 32)], 0.5)
    assert 90 <= label[:, 0].max() <= 90 + EDGE_MARGIN * 16 + 1 < 120  # 120: the gap's middle
    assert 120 < 150 - EDGE_MARGIN * 16 - 1 <= value[:, 0].min() <= 150
