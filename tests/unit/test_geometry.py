from __future__ import annotations

import warnings

import pytest
from PIL import Image

from extractor import AspectRatioWarning, GeometryError
from extractor.geometry import Rect, check_aspect, check_inside, rotate_image, rotated_size, scale_rect


@pytest.mark.parametrize("angle", [0, 90, 180, 270, -90, 3, -2.5, 45, 181, 359])
@pytest.mark.parametrize("size", [(1012, 638), (37, 101)])
def test_rotated_size_matches_pillow(angle, size):
    expected = Image.new("L", size).rotate(angle, expand=True).size
    assert rotated_size(size, angle) == expected
    assert rotate_image(Image.new("RGB", size), angle).size == expected


def test_rotate_turns_counter_clockwise():
    image = Image.new("RGB", (4, 2), (0, 0, 0))
    image.putpixel((3, 0), (255, 0, 0))  # top-right corner
    turned = rotate_image(image, 90)
    assert turned.size == (2, 4)
    assert turned.getpixel((0, 0)) == (255, 0, 0)  # top-right goes to top-left


def test_scale_rounds_outward_and_clamps():
    assert scale_rect(Rect(10, 10, 20, 20), (100, 100), (150, 150)) == Rect(15, 15, 30, 30)
    assert scale_rect(Rect(10, 10, 21, 21), (100, 100), (33, 33)) == Rect(3, 3, 7, 7)
    assert scale_rect(Rect(0, 0, 100, 100), (100, 100), (33, 33)) == Rect(0, 0, 33, 33)


def test_aspect_within_tolerance_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_aspect((1012, 638), (1000, 640))


def test_aspect_moderate_mismatch_warns():
    with pytest.warns(AspectRatioWarning, match="15% apart"):
        check_aspect((1000, 600), (1150, 600), source="t.yaml")


def test_aspect_large_mismatch_raises_with_rotate_hint():
    with pytest.raises(GeometryError, match="rotate=90 or rotate=270") as caught:
        check_aspect((1012, 638), (638, 1012), source="t.yaml")
    assert "638x1012" in str(caught.value) and "t.yaml" in str(caught.value)
    with pytest.raises(GeometryError, match="crop the image"):
        check_aspect((1012, 638), (1012, 1012))


def test_check_inside():
    check_inside(Rect(0, 0, 10, 10), (10, 10), "r")
    with pytest.raises(GeometryError, match="region 3: rect .* outside the 10x10 image"):
        check_inside(Rect(5, 5, 11, 8), (10, 10), "region 3")
    with pytest.raises(GeometryError, match="empty"):
        check_inside(Rect(5, 5, 5, 8), (10, 10), "region 3")


def test_iou_of_boxes():
    from extractor.geometry import iou

    assert iou(Rect(0, 0, 10, 10), Rect(5, 0, 15, 10)) == 5 * 10 / 150
    assert iou(Rect(0, 0, 10, 10), Rect(0, 0, 10, 10)) == 1.0
    assert iou(Rect(0, 0, 1, 1), Rect(2, 2, 3, 3)) == 0.0 and iou(Rect(0, 0, 0, 0), Rect(0, 0, 0, 0)) == 0.0


def test_a_rectangle_holds_another_by_its_middle():
    box = Rect(10, 10, 50, 30)
    assert box.holds_middle(Rect(30, 20, 70, 24))  # middle (50, 22): on the right side, which counts
    assert not box.holds_middle(Rect(40, 20, 80, 24))  # middle (60, 22): outside, though they overlap
    assert box.holds_middle(Rect(0, 0, 60, 40))  # a bigger box round it: its middle is inside
