"""Procedural document designs (synth.designs): deterministic, valid and varied templates whose rectangles
hold every value's ink and no label's; distractor photos and page scans that keep the card in view."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image

from synth.damage import glare
from synth.designs import (
    DEV_SEEDS,
    FEATURES,
    FRESH2_SEEDS,
    FRESH_SEEDS,
    HEADERS,
    KINDS,
    LABEL_POSITIONS,
    MILLIMETRES,
    PHOTO_SIDES,
    TEST_SEEDS,
    Design,
    design,
    flatten,
)
from synth.distractors import DISTRACTORS
from synth.people import LATIN
from synth.photo import SURFACES, desk_photo, page_scan, photograph
from synth.typefaces import FAMILIES, TEXT_FAMILIES, covers
from tests.helpers import make_card

Box = tuple[int, int, int, int]


@pytest.fixture(scope="module")
def dev() -> list[Design]:
    return [design(seed) for seed in DEV_SEEDS]


@pytest.fixture(scope="module")
def test_pool() -> list[Design]:
    return [design(seed) for seed in TEST_SEEDS]


def _apart(a: Box, b: Box) -> bool:
    """Neither overlapping nor touching."""
    return a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]


def _inside(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _empty(spec: Design) -> dict[str, str]:
    return {field.name: "" for field in spec.template.fields}


def test_a_seed_always_gives_the_same_design_values_and_pixels():
    first, second = design(7), design(7)
    assert first.template == second.template and first.anchored == second.anchored
    values = first.values(random.Random(3))
    assert values == second.values(random.Random(3))
    assert first.render(values, seed=4).tobytes() == second.render(values, seed=4).tobytes()
    assert design(8).template != first.template


def test_the_pools_are_disjoint_and_large_enough():
    pools = [set(DEV_SEEDS), set(TEST_SEEDS), set(FRESH_SEEDS), set(FRESH2_SEEDS)]
    assert all(len(pool) >= 48 for pool in pools)
    assert sum(map(len, pools)) == len(set().union(*pools))


def test_every_template_is_valid_and_its_rectangles_apart(dev, test_pool):
    for spec in dev + test_pool:
        template, anchored = spec.template, spec.anchored
        assert template.name == f"gen_{spec.seed}" and template.title
        assert not template.anchors and template.sample is None
        assert template.fields == anchored.fields
        assert 3 <= len(anchored.anchors) <= 6
        assert 6 <= len(template.fields) <= 14
        reference = (0, 0, template.width, template.height)
        rects = [field.rect for field in template.fields]
        assert all(_inside(rect, reference) for rect in rects)
        assert all(_apart(a, b) for i, a in enumerate(rects) for b in rects[i + 1:]), spec.seed
        # no printed label, title or fine print reaches into a rectangle
        assert not [(p.text, rect) for p in spec.printed for rect in rects if not _apart(p.box, rect)], spec.seed


def test_the_development_pool_covers_every_kind_of_layout(dev):
    assert {spec.kind for spec in dev} == set(KINDS)
    assert {spec.labels for spec in dev} == set(LABEL_POSITIONS)
    assert {spec.header for spec in dev} == set(HEADERS)
    assert {spec.photo for spec in dev} == set(PHOTO_SIDES)
    assert len({family for spec in dev for family in spec.families}) >= 8
    assert {feature for spec in dev for feature in spec.features} == set(FEATURES)
    assert any(field.type == "date" for spec in dev for field in spec.template.fields)
    assert any(field.name.startswith("mrz_") for spec in dev for field in spec.template.fields)
    assert any(field.type == "text" for spec in dev for field in spec.template.fields if "date" in field.name)


def test_every_text_face_draws_every_letter_the_values_use():
    assert all(covers(FAMILIES[name].regular, LATIN) and covers(FAMILIES[name].bold, LATIN)
               for name in TEXT_FAMILIES)
    assert not covers("OCRB.otf", "Ł") and covers("OCRB.otf", "P<UTO0123456789")


def test_values_fit_and_render_on_every_design(dev):
    for spec in dev:
        draws = [spec.values(random.Random(draw)) for draw in range(4)]
        for values in draws:
            assert set(values) == {field.name for field in spec.template.fields}
            assert all(value and value == " ".join(value.split()) for value in values.values())
    for spec in dev[::2]:  # rendering raises if a value left its rectangle
        card = spec.render(spec.values(random.Random(9)), seed=1)
        assert card.mode == "RGBA" and card.size == (spec.template.width, spec.template.height)


@pytest.mark.parametrize("seed", DEV_SEEDS[:12])
def test_value_ink_stays_inside_its_rectangle(seed):
    spec = design(seed)
    values = spec.values(random.Random(seed))
    blank = np.asarray(spec.render(_empty(spec), seed=1), np.int16)
    outside_mrz = np.ones(blank.shape[:2], bool)
    if spec.machine_zone:  # a print-only MRZ spells out the names and number: it changes with them
        left, top, right, bottom = spec.machine_zone
        outside_mrz[top:bottom, left:right] = False
    for field in spec.template.fields:
        alone = np.asarray(spec.render(_empty(spec) | {field.name: values[field.name]}, seed=1), np.int16)
        ys, xs = np.nonzero((np.abs(alone - blank).max(axis=2) > 0) & outside_mrz)
        assert len(xs), (seed, field.name)
        left, top, right, bottom = field.rect
        assert left <= xs.min() and xs.max() < right and top <= ys.min() and ys.max() < bottom, (seed, field.name)


def test_an_mrz_that_is_only_print_stays_clear_of_the_fields(dev):
    zones = [spec for spec in dev if spec.machine_zone]
    assert zones
    for spec in zones:
        assert all(_apart(spec.machine_zone, field.rect) for field in spec.template.fields)


def test_anchors_lie_inside_and_hold_printed_text(dev):
    for spec in dev[:24]:
        card = np.asarray(flatten(spec.render(_empty(spec), seed=0)).convert("L"), np.int16)
        for anchor in spec.anchored.anchors:
            left, top, right, bottom = anchor.rect
            assert 0 <= left < right <= spec.template.width and 0 <= top < bottom <= spec.template.height
            crop = card[top:bottom, left:right]
            assert crop.max() - crop.min() > 60, (spec.seed, anchor.text)
            assert any(p.text == anchor.text for p in spec.printed)


def test_rounded_cards_are_transparent_in_their_corners_and_paper_is_square(dev):
    card = next(spec for spec in dev if spec.kind == "id1")
    page = next(spec for spec in dev if spec.kind == "a4")
    image = card.render(card.values(random.Random(0)))
    assert image.getpixel((0, 0))[3] == 0 and image.getpixel((image.width // 2, image.height // 2))[3] == 255
    assert page.render(page.values(random.Random(0))).getpixel((0, 0))[3] == 255
    flat = flatten(image, (10, 20, 30))
    assert flat.mode == "RGB" and flat.getpixel((0, 0)) == (10, 20, 30)


def _corners_inside(corners: list[tuple[float, float]], size: tuple[int, int]) -> bool:
    return all(0 <= x <= size[0] and 0 <= y <= size[1] for x, y in corners)


def test_distractor_photos_keep_the_card_in_the_frame():
    spec = design(DEV_SEEDS[3])
    card = spec.render(spec.values(random.Random(1)), seed=1)
    for index, distractor in enumerate(DISTRACTORS):
        rng = random.Random(index)
        photo, corners = photograph(card, rng, fill=(0.35, 0.55), surface=SURFACES[index % len(SURFACES)],
                                    distractor=distractor, card_width_mm=MILLIMETRES[spec.kind][0], frame=(640, 480))
        assert photo.size == (640, 480) and _corners_inside(corners, photo.size), distractor
    photo, rotation = desk_photo(card, "distractor", random.Random(5))
    assert photo.size in ((1280, 960), (960, 1280)) and rotation in (0, 90, 180, 270)


def test_a_page_scan_holds_the_card_at_id1_size():
    spec = design(DEV_SEEDS[5])
    card = spec.render(spec.values(random.Random(1)), seed=1)
    scan, corners = page_scan(card, random.Random(2))
    assert max(scan.size) <= 2400 and scan.height > scan.width
    assert _corners_inside(corners, scan.size)
    dpi = scan.width / (210 / 25.4)
    width = np.hypot(corners[1][0] - corners[0][0], corners[1][1] - corners[0][1])
    assert width == pytest.approx(85.6 / 25.4 * dpi, rel=0.02)
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    inside = scan.crop((round(min(xs)) + 5, round(min(ys)) + 5, round(max(xs)) - 5, round(max(ys)) - 5))
    assert np.asarray(inside.convert("L")).std() > 10  # the card, not blank paper
    assert isinstance(scan, Image.Image) and scan.mode == "RGB"


def test_glare_damage_is_reproducible():
    image, _ = make_card("national_id_de", seed=1)
    assert np.array_equal(np.asarray(glare(image, random.Random(3))), np.asarray(glare(image, random.Random(3))))
