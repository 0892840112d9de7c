"""Templates proposed from one sample, by the embedded engine: fields where the values are,
named from their labels, typed from their values, and a template that reads the sample back."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw, ImageFont

from extractor import Extractor, load_template
from extractor.authoring import propose_template
from extractor.errors import TemplateError
from extractor.geometry import iou
from extractor.template import Template
from tests.helpers import SAMPLES

FONT = Path(__file__).resolve().parents[2] / "extractor" / "assets" / "DejaVuSans.ttf"


@pytest.fixture(scope="module")
def reader(embedded) -> Extractor:
    return Extractor(embedded)


def test_the_licence_sample_proposes_its_template(reader):
    real = load_template("drivers_license_ca")
    proposal = propose_template(SAMPLES / "drivers_license_ca.png", "licence", vision=reader.vision)
    proposed = proposal.template()
    by_name = {spec.name: spec for spec in proposed.fields}
    for name in ("dl_number", "expires", "last_name", "first_name", "address", "date_of_birth", "sex", "hair",
                 "eyes", "height", "weight", "issued"):
        assert iou(by_name[name].rect, next(s.rect for s in real.fields if s.name == name)) >= 0.7, name
    assert by_name["dl_number"].type == "pattern" and by_name["dl_number"].regex == "[A-Z][0-9]{7}"
    assert by_name["expires"].formats == ("%m/%d/%Y",) and by_name["date_of_birth"].type == "date"
    assert by_name["sex"].choices == ("M", "F", "X")
    assert by_name["eyes"].type == by_name["hair"].type == "enum" and "BRN" in by_name["eyes"].choices
    assert proposed.title == "CALIFORNIA DRIVER LICENSE" and proposed.anchors[0].text == proposed.title
    assert {"ADDRESS", "EXPIRES"} & {anchor.text for anchor in proposed.anchors}
    assert (proposed.width, proposed.height) == (real.width, real.height)


def test_a_proposal_reads_its_sample_as_the_real_template_does(reader):
    proposed = propose_template(SAMPLES / "national_id_de.png", "german_id", vision=reader.vision).template()
    real = reader.extract(SAMPLES / "national_id_de.png", "national_id_de")
    values = reader.extract(SAMPLES / "national_id_de.png", proposed)
    assert values["surname"] == real["surname"] == "MUSTERMANN"
    for name in ("given_names", "date_of_birth", "nationality", "place_of_birth", "expiry_date", "sex"):
        assert values[name] == real[name], name  # each named after its label, as the real template does
    assert values["expiry_date"] == "2031-08-01"
    assert values["document_number"] == real["card_number"]  # unlabelled: named by what it holds


def _card(path: Path) -> Path:
    """A student card drawn here: bilingual labels above values, labels with a colon left of them."""
    image = Image.new("RGB", (900, 560), (246, 244, 236))
    draw = ImageDraw.Draw(image)
    small, big, title = (ImageFont.truetype(str(FONT), size) for size in (20, 32, 34))
    draw.text((40, 24), "UNIVERSITY OF NOWHERE", font=title, fill=(20, 40, 120))
    for y, label, value in ((110, "Surname / Nom", "MARTIN"), (200, "Given names / Prénoms", "CLAIRE ANNE")):
        draw.text((40, y), label, font=small, fill=(90, 90, 90))
        draw.text((40, y + 28), value, font=big, fill=(10, 10, 10))
    draw.text((40, 320), "Date of birth:", font=small, fill=(90, 90, 90))
    draw.text((230, 312), "14.03.2001", font=big, fill=(10, 10, 10))
    draw.text((560, 320), "Sex:", font=small, fill=(90, 90, 90))
    draw.text((630, 312), "F", font=big, fill=(10, 10, 10))
    draw.text((40, 420), "Student No.", font=small, fill=(90, 90, 90))
    draw.text((40, 448), "S20250417", font=big, fill=(10, 10, 10))
    image.save(path)
    return path


def test_labels_in_two_languages_and_with_a_colon(reader, tmp_path):
    card = _card(tmp_path / "student.png")
    proposal = propose_template(card, "student_id", vision=reader.vision)
    proposed = proposal.template()
    assert [spec.name for spec in proposed.fields] == ["surname", "given_names", "date_of_birth", "sex",
                                                      "student_number"]
    types = {spec.name: (spec.type, spec.formats or spec.choices or spec.regex) for spec in proposed.fields}
    assert types["date_of_birth"] == ("date", ("%d.%m.%Y",)) and types["sex"][0] == "enum"
    assert types["student_number"] == ("pattern", "[A-Z][0-9]{8}") and types["surname"] == ("text", None)
    assert proposed.settings["language"] == "English" and proposed.title == "UNIVERSITY OF NOWHERE"
    birth = next(spec for spec in proposed.fields if spec.name == "date_of_birth")
    assert birth.rect[0] > 200  # right of its label "Date of birth:", not over it
    again = Template.from_dict(yaml.safe_load(proposal.yaml()))
    assert again.fields == proposed.fields and again.anchors == proposed.anchors
    assert reader.extract(card, proposed) == {"surname": "MARTIN", "given_names": "CLAIRE ANNE",
                                              "date_of_birth": "2001-03-14", "sex": "F",
                                              "student_number": "S20250417"}


def test_the_licence_back_proposes_its_barcode(reader):
    real = load_template("drivers_license_back_ca")
    proposed = propose_template(SAMPLES / "drivers_license_back_ca.png", "back", vision=reader.vision).template()
    barcode = next(spec for spec in proposed.fields if spec.type == "pdf417")
    assert iou(barcode.rect, real.fields[0].rect) >= 0.7
    assert not any(barcode.rect.top < spec.rect.bottom and spec.rect.top < barcode.rect.bottom
                   for spec in proposed.fields if spec is not barcode)  # the bars read as no text field
    values = reader.extract(SAMPLES / "drivers_license_back_ca.png", proposed)
    assert values[barcode.name] == reader.extract(SAMPLES / "drivers_license_back_ca.png", real)["barcode"]
    assert "DCS" in values[barcode.name]  # the licence's AAMVA data, decoded


def _rows(draw: ImageDraw.ImageDraw, left: int, value_left: int, top: int, rows: list[tuple[str, str]],
          step: int, above: bool) -> None:
    small, big = (ImageFont.truetype(str(FONT), size) for size in (18, 30))
    for index, (label, value) in enumerate(rows):
        y = top + index * step
        draw.text((left, y), label, font=small, fill=(90, 90, 90))
        draw.text((value_left, y + 24) if above else (value_left, y - 6), value, font=big, fill=(10, 10, 10))


def test_values_in_a_framed_panel_beside_a_photo_reach_the_panels_frame(reader, tmp_path):
    image = Image.new("RGB", (900, 640), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 220, 250), fill=(120, 120, 120))  # the holder's photo, by the top rows only
    draw.rectangle((290, 50, 860, 600), outline=(150, 150, 150), width=2)
    _rows(draw, 300, 300, 64, [("SURNAME", "JOHNSON"), ("GIVEN NAMES", "OLIVIA"), ("NATIONALITY", "USA"),
                               ("AUTHORITY", "DEPARTMENT OF STATE"), ("REMARKS", "NONE")], 104, above=True)
    image.save(tmp_path / "panel.png")
    proposed = propose_template(tmp_path / "panel.png", "panel", vision=reader.vision).template()
    assert len(proposed.fields) == 5
    for spec in proposed.fields:  # not where the longest value ends, nor past the frame
        assert 820 <= spec.rect.right < 860, spec


def test_rows_under_a_photo_keep_the_width_of_the_rows_beside_it(reader, tmp_path):
    image = Image.new("RGB", (800, 760), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 780, 740), outline=(120, 40, 60), width=2)  # a frame round the print
    draw.rectangle((540, 80, 740, 330), fill=(110, 110, 110))  # the photo beside the top rows
    _rows(draw, 50, 260, 96, [("SURNAME", "JOHNSON"), ("GIVEN NAMES", "DAVID"), ("DATE OF BIRTH", "05.09.1958"),
                              ("PLACE OF BIRTH", "OAKLAND"), ("PERSONAL NO.", "916-61-7276"), ("ADDRESS", "25 MAIN ST"),
                              ("TOWN", "OAKLAND CA"), ("REMARKS", "NONE")], 70, above=False)
    image.save(tmp_path / "photo.png")
    proposed = propose_template(tmp_path / "photo.png", "photo", vision=reader.vision).template()
    assert len(proposed.fields) == 8
    beside = [spec.rect.right for spec in proposed.fields[:4]]
    assert max(beside) < 540
    for spec in proposed.fields[4:]:  # the column's width, not on to the frame
        assert abs(spec.rect.right - statistics.median(beside)) <= 30, spec


def test_bad_names_and_blank_samples_are_refused(reader, tmp_path):
    with pytest.raises(TemplateError, match="not a template name"):
        propose_template(SAMPLES / "national_id_de.png", "My ID", vision=reader.vision)
    blank = tmp_path / "blank.png"
    Image.new("RGB", (600, 400), "white").save(blank)
    with pytest.raises(TemplateError, match="no text"):
        propose_template(blank, "blank", vision=reader.vision)
