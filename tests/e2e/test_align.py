"""Phone photos: the document found, straightened, turned upright and identified, for real."""

from __future__ import annotations

import io
import random
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor import extract, read
from extractor.alignment import ALIGN, Picture, align_document
from extractor.alignment.anchors import locate_anchors
from extractor.errors import DocumentNotFoundError, GeometryError, TemplateError
from extractor.fields import normalize_text
from extractor.template import load_template
from synth.photo import background, desk_photo
from tests.helpers import SAMPLES as SAMPLES_FOLDER
from tests.helpers import make_card

SAMPLES = {"drivers_license_ca": "blue", "national_id_de": "green", "residence_permit_eu": "sand"}


def card_of(name: str, seed: int) -> tuple[Image.Image, dict[str, str]]:
    return make_card(name, seed=seed, style=SAMPLES[name])


def misread(values: dict[str, str], extraction) -> dict[str, tuple[str, str]]:
    return {name: (truth, extraction.fields[name].raw) for name, truth in values.items()
            if normalize_text(extraction.fields[name].raw) != normalize_text(truth)}


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_desk_photo_in_each_orientation_reads_every_field(embedded, turns):
    card, values = card_of("drivers_license_ca", seed=11)
    photo, rotation = desk_photo(card, "desk", random.Random(40 + turns), quarter_turns=turns)
    extraction = read(photo, "drivers_license_ca", recognizer=embedded)
    alignment = extraction.alignment
    assert alignment.method == "photo" and alignment.rotation == rotation == 90 * turns
    assert alignment.verified and alignment.anchors_found == alignment.anchors_total
    assert len(alignment.quad) == 4 and extraction.image_size == (1012, 638)
    assert misread(values, extraction) == {}


@pytest.mark.parametrize(("seed", "photo_seed"), [(5, 4), (7, 8)])
def test_hard_photo_on_a_busy_desk(embedded, seed, photo_seed):
    card, values = card_of("national_id_de", seed=seed)
    photo, rotation = desk_photo(card, "hard", random.Random(photo_seed))
    extraction = read(photo, "national_id_de", recognizer=embedded)
    assert extraction.alignment.rotation == rotation and extraction.alignment.verified
    assert len(extraction.alignment.anchors_located) >= 3  # read in the photo, they placed the document
    assert misread(values, extraction) == {}


def test_explicit_rotate_wins_over_detection(embedded):
    card, values = card_of("residence_permit_eu", seed=8)
    photo, rotation = desk_photo(card, "desk", random.Random(9), quarter_turns=1)
    right = read(photo, "residence_permit_eu", recognizer=embedded, rotate=rotation)
    assert right.alignment.rotation == rotation and misread(values, right) == {}
    wrong = read(photo, "residence_permit_eu", recognizer=embedded, rotate=(rotation + 180) % 360)
    assert wrong.alignment.rotation == (rotation + 180) % 360
    assert not wrong.alignment.verified  # upside down, the anchors do not read as printed
    assert all(not field.valid and "alignment not verified" in " ".join(field.warnings)
               for field in wrong.fields.values())


def test_no_document_in_the_image_is_a_clear_error(embedded):
    desk = background((1280, 960), random.Random(1), busy=True)
    with pytest.raises(DocumentNotFoundError, match="no document found") as caught:
        read(desk, "drivers_license_ca", recognizer=embedded)
    assert isinstance(caught.value, ValueError)
    page = Image.new("RGB", (1200, 900), (250, 250, 250))
    ImageDraw.Draw(page).text((100, 100), "a note on a page", fill=(0, 0, 0))
    with pytest.raises(DocumentNotFoundError):
        read(page, "drivers_license_ca", recognizer=embedded)


def test_a_scan_is_read_as_given_in_any_turn(embedded):
    card, values = card_of("drivers_license_ca", seed=12)
    upright = read(card, "drivers_license_ca", recognizer=embedded)
    assert upright.alignment.method == "scan" and upright.alignment.rotation == 0 and upright.alignment.quad is None
    assert misread(values, upright) == {}
    turned = read(card.rotate(180), "drivers_license_ca", recognizer=embedded)
    assert turned.alignment.rotation == 180 and misread(values, turned) == {}
    sideways = read(card.rotate(-90, expand=True), "drivers_license_ca", recognizer=embedded)
    assert sideways.alignment.rotation == 90 and misread(values, sideways) == {}


def test_align_false_reads_the_image_as_given(embedded):
    card, _ = card_of("drivers_license_ca", seed=11)
    photo, _ = desk_photo(card, "desk", random.Random(40), quarter_turns=1)
    with pytest.raises(GeometryError):
        read(photo, "drivers_license_ca", recognizer=embedded, align=False)
    assert read(card, "drivers_license_ca", recognizer=embedded, align=False).alignment is None


def test_wrong_template_fails_verification_and_extract_refuses(embedded):
    card, _ = card_of("national_id_de", seed=3)  # the same shape as the licence
    photo, _ = desk_photo(card, "desk", random.Random(5), quarter_turns=0)
    extraction = read(photo, "drivers_license_ca", recognizer=embedded)
    assert not extraction.alignment.verified
    assert all(field.confidence <= extraction.alignment.score for field in extraction.fields.values())
    with pytest.raises(DocumentNotFoundError, match="drivers_license_ca"):
        extract(photo, "drivers_license_ca", recognizer=embedded)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_auto_picks_the_template_of_a_photo(embedded, name):
    card, values = card_of(name, seed=21)
    photo, _ = desk_photo(card, "desk", random.Random(22))
    extraction = read(photo, "auto", recognizer=embedded)
    assert extraction.template == name
    scores = extraction.alignment.candidates
    assert set(scores) >= set(SAMPLES) and max(scores, key=scores.get) == name
    assert misread(values, extraction) == {}


def test_auto_among_named_templates_and_unknown_documents(embedded, tmp_path):
    card, _ = card_of("residence_permit_eu", seed=4)
    photo, _ = desk_photo(card, "desk", random.Random(6))
    with pytest.raises(DocumentNotFoundError, match="matches none of the templates tried: ") as caught:
        read(photo, ["drivers_license_ca", "national_id_de"], recognizer=embedded)
    assert "drivers_license_ca (" in str(caught.value) and "national_id_de (" in str(caught.value)
    assert set(caught.value.candidates) == {"drivers_license_ca", "national_id_de"}  # the scores, as data
    assert all(0.0 <= score <= 1.0 for score in caught.value.candidates.values())
    picked = read(photo, ["drivers_license_ca", "residence_permit_eu"], recognizer=embedded)
    assert picked.template == "residence_permit_eu"
    with pytest.raises(TemplateError, match="align=False"):
        read(photo, "auto", recognizer=embedded, align=False)


def test_anchors_of_the_built_in_templates_are_found_on_their_samples(embedded):
    for name in SAMPLES:
        with Image.open(SAMPLES_FOLDER / f"{name}.png") as image:
            extraction = read(image, name, recognizer=embedded)
        alignment = extraction.alignment
        assert alignment.verified and alignment.anchors_found == alignment.anchors_total, (name, alignment)


def test_a_sample_image_helps_tell_templates_apart(embedded, tmp_path):
    """Two templates alike but for their samples: the sample decides."""
    import yaml

    licence = load_template("drivers_license_ca")
    card, _ = card_of("drivers_license_ca", seed=30)
    other, _ = card_of("national_id_de", seed=30)
    card.save(tmp_path / "with_band.png")
    other.save(tmp_path / "other.png")
    text = yaml.safe_load(Path(licence.source).read_text())
    del text["anchors"]
    for name, sample in (("look_a", "with_band.png"), ("look_b", "other.png")):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump({**text, "name": name, "sample": sample}))
    photo, _ = desk_photo(card, "desk", random.Random(31))
    extraction = read(photo, [str(tmp_path / "look_b.yaml"), str(tmp_path / "look_a.yaml")], recognizer=embedded)
    assert extraction.template == "look_a"
    scores = extraction.alignment.candidates
    assert scores["look_a"] > scores["look_b"]


def test_photo_from_jpeg_bytes_through_extract(embedded):
    card, values = card_of("national_id_de", seed=14)
    photo, _ = desk_photo(card, "desk", random.Random(15))
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=80)
    fields = extract(buffer.getvalue(), "national_id_de", recognizer=embedded)
    assert fields["surname"] == values["surname"]


def test_align_document_keeps_a_scan_at_its_resolution(embedded):
    card, _ = card_of("drivers_license_ca", seed=11)
    big = card.resize((2024, 1276))
    aligned = align_document(Picture.of(big), load_template("drivers_license_ca"), embedded.models)
    assert aligned.alignment.method == "scan" and aligned.image.size == (2024, 1276)


def test_anchors_read_in_the_document_put_an_outline_far_off_right(embedded):
    # an outline 8 % of the width off at every corner, in perspective: the lines that read as
    # the anchors' printed text say where the document really is
    template = load_template("drivers_license_ca")
    card, _ = card_of("drivers_license_ca", seed=3)
    width, height = card.size
    reference = np.float32([(0, 0), (width, 0), (width, height), (0, height)])
    seen = reference + np.float32([(1, -0.5), (0.7, 1), (-1, 0.8), (-0.6, -1)]) * 0.08 * width
    misplaced = cv2.getPerspectiveTransform(reference, seen)
    warped = cv2.warpPerspective(np.asarray(card)[:, :, ::-1], misplaced, card.size, borderMode=cv2.BORDER_REPLICATE)
    boxes = embedded.models.detect(warped)
    match = locate_anchors(template, embedded.models, warped, boxes, ALIGN)
    assert match.found == tuple(range(len(template.anchors)))
    residue = np.abs(cv2.perspectiveTransform(reference[None], match.correction @ misplaced)[0] - reference).max()
    assert residue < 0.012 * width  # from 81 pixels off to about 1 %
    # another template's anchors are not printed there: no correction, nothing agrees
    other = locate_anchors(load_template("residence_permit_eu"), embedded.models, warped, boxes, ALIGN)
    assert other.correction is None and other.found == ()


@pytest.mark.parametrize("turns", [1, 2])
def test_a_template_of_rectangles_alone_reads_a_desk_photo(embedded, tmp_path, turns):
    # most users' templates: no anchors, no sample; the field rectangles rank the outlines
    import yaml

    text = yaml.safe_load(Path(load_template("residence_permit_eu").source).read_text())
    del text["anchors"]
    (tmp_path / "bare.yaml").write_text(yaml.safe_dump({**text, "name": "bare"}))
    card, values = card_of("residence_permit_eu", seed=23)
    photo, rotation = desk_photo(card, "desk", random.Random(60 + turns), quarter_turns=turns)
    extraction = read(photo, str(tmp_path / "bare.yaml"), recognizer=embedded)
    alignment = extraction.alignment
    assert alignment.method == "photo" and alignment.rotation == rotation and alignment.anchors_total == 0
    assert misread(values, extraction) == {}
