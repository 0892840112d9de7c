"""Outline finding (`alignment/outline.py`) on drawn scenes: a card on a desk, its text lines given."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractor.alignment.outline import edge_strength, find_quads, snap_outline

CARD = np.float32([(180, 140), (820, 170), (800, 560), (160, 520)])  # a card tilted and foreshortened
ASPECT = 85.6 / 54.0


def _on_card(points: list[tuple[float, float]]) -> np.ndarray:
    """Points given as shares of the card's width and height, in the scene."""
    unit = cv2.getPerspectiveTransform(np.float32([(0, 0), (1, 0), (1, 1), (0, 1)]), CARD)
    return cv2.perspectiveTransform(np.float32([points]), unit)[0]


def _inset(share: float) -> list[tuple[float, float]]:
    low, high = share, 1 - share
    return [(low, low), (high, low), (high, high), (low, high)]


def _scene(frame_inset: float | None, desk_colour: tuple[int, int, int] = (40, 70, 110),
           card_colour: tuple[int, int, int] = (225, 230, 235)) -> tuple[np.ndarray, list[np.ndarray]]:
    """A card on a desk (pale on brown unless told) with dark text lines, and a printed frame
    `frame_inset` of its size inside its edge; the text lines' boxes."""
    desk = np.full((700, 1000, 3), desk_colour, np.uint8)
    cv2.fillConvexPoly(desk, np.int32(CARD), card_colour)
    if frame_inset is not None:
        cv2.polylines(desk, [np.int32(_on_card(_inset(frame_inset)))], True, (60, 40, 120), 3)
    boxes = []
    for row in range(5):
        top = 0.2 + 0.13 * row
        box = _on_card([(0.3, top), (0.8, top), (0.8, top + 0.06), (0.3, top + 0.06)])
        cv2.fillConvexPoly(desk, np.int32(box), (30, 30, 30))
        boxes.append(box)
    return desk, boxes


def _error(found: np.ndarray) -> float:
    """The largest distance from a card corner to the nearest found corner."""
    return max(float(np.min(np.hypot(*(found - corner).T))) for corner in CARD)


def test_the_card_outline_is_found():
    desk, boxes = _scene(None)
    quads = find_quads(desk, ASPECT, boxes, angle=float(np.degrees(np.arctan2(30, 640))))
    assert quads and _error(quads[0].corners) < 6


@pytest.mark.parametrize("inset", [0.03, 0.06])
def test_a_printed_frame_inside_the_card_is_not_its_outline(inset):
    """The frame is backed as well as the card's edge (often better): the template's size is
    the whole card's, so the outline round the frame stands for the document."""
    desk, boxes = _scene(inset)
    quads = find_quads(desk, ASPECT, boxes, angle=float(np.degrees(np.arctan2(30, 640))))
    assert quads and _error(quads[0].corners) < 6


def test_a_documents_other_outlines_follow_its_best_when_asked():
    """One document's outlines (its edge, the frame printed inside it) are one document: its best
    stands for it, and with `per_document` its others follow, marked as alternatives, so that
    an outline with a side on the sheet under the card does not hide the card's own."""
    desk, boxes = _scene(0.06)
    angle = float(np.degrees(np.arctan2(30, 640)))
    alone = find_quads(desk, ASPECT, boxes, angle=angle)
    quads = find_quads(desk, ASPECT, boxes, angle=angle, per_document=2)
    assert [quad.document for quad in alone] == sorted({quad.document for quad in alone})
    assert not any(quad.alternative for quad in alone)
    first, second = quads[0], quads[1]
    assert (first.document, first.alternative) == (0, False) and _error(first.corners) < 6
    assert (second.document, second.alternative) == (0, True)
    # another outline of the card (on its edge or its frame, side by side), not a copy of the first
    assert np.abs(second.corners - first.corners).max() > 0.03 * 390
    assert _error(second.corners) < 0.08 * 640


def test_a_side_snaps_past_a_printed_frame_onto_a_pale_cards_faint_edge():
    """A cream card on a white page (a step of 17 tones) with a dark frame just inside: the
    frame's edges are far stronger, but a line steps down and back up; the card's edge is the
    outermost step."""
    page, _ = _scene(None, desk_colour=(247, 247, 247), card_colour=(220, 232, 236))
    frame = CARD + (CARD.mean(axis=0) - CARD) * 0.04
    cv2.polylines(page, [np.int32(frame)], True, (60, 40, 120), 3)
    snapped = snap_outline(edge_strength(page), frame, reach=0.04)
    assert _error(snapped) < 4


def test_a_cards_thin_pale_margin_above_a_dark_band_is_its_edge():
    """A dark header band starts a few pixels inside the card's edge on a dark desk: the
    margin between is a pale stroke, yet its outer edge is the card's."""
    desk, _ = _scene(None)
    cv2.fillConvexPoly(desk, np.int32(_on_card([(0.01, 0.015), (0.99, 0.015), (0.99, 0.2), (0.01, 0.2)])),
                       (90, 40, 60))
    start = _on_card([(0.0, 0.02), (1.0, 0.02), (1.0, 1.0), (0.0, 1.0)])  # the top side on the band's edge
    snapped = snap_outline(edge_strength(desk), start, reach=0.04)
    assert _error(snapped) < 4


def test_a_documents_best_backed_outline_is_kept_though_others_hold_more_text():
    """A card lying on a printed sheet: outlines with a side on the sheet's edge take in the
    sheet's print, hold more of the picture's text than the card's own and outrank it, but the
    card's own, backed by edges along its whole length, is among its document's outlines."""
    desk = np.full((700, 1000, 3), (40, 70, 110), np.uint8)
    cv2.rectangle(desk, (60, 40), (500, 660), (200, 200, 200), -1)  # the sheet, under the card's left half
    boxes = []
    for row in range(24):  # the sheet's column of print left of the card
        top = 55 + 25 * row
        box = np.float32([(75, top), (150, top), (150, top + 10), (75, top + 10)])
        cv2.fillConvexPoly(desk, np.int32(box), (30, 30, 30))
        boxes.append(box)
    cv2.fillConvexPoly(desk, np.int32(CARD), (235, 238, 240))
    for row in range(3):
        top = 0.25 + 0.2 * row
        box = _on_card([(0.3, top), (0.8, top), (0.8, top + 0.06), (0.3, top + 0.06)])
        cv2.fillConvexPoly(desk, np.int32(box), (30, 30, 30))
        boxes.append(box)
    quads = find_quads(desk, ASPECT, boxes, angle=float(np.degrees(np.arctan2(30, 640))), per_document=3)
    first = [quad for quad in quads if quad.document == quads[0].document]
    assert _error(first[0].corners) > 100  # the sheet's side and print make the best outline ...
    assert any(_error(quad.corners) < 6 for quad in first)  # ... the card's own follows it
