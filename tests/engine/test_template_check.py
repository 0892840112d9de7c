"""`check_template`: a template read against a sample of its document catches what the schema cannot."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractor import Extractor, load_template
from extractor.authoring.check import check_template
from extractor.errors import GeometryError, TemplateError
from extractor.geometry import Rect
from extractor.template import Anchor, Template
from tests.helpers import SAMPLES

SAMPLE = SAMPLES / "national_id_de.png"


@pytest.fixture(scope="module")
def reader(embedded) -> Extractor:
    return Extractor(embedded)


@pytest.fixture(scope="module")
def good() -> Template:
    return load_template("national_id_de")


def errors(template: Template, reader: Extractor, sample=SAMPLE) -> list[str]:
    return [str(finding) for finding in check_template(template, sample, extractor=reader)
            if finding.severity == "error"]


def with_field(template: Template, name: str, rect: Rect) -> Template:
    return replace(template, fields=tuple(replace(spec, rect=rect) if spec.name == name else spec
                                          for spec in template.fields))


def with_anchor(template: Template, index: int, anchor: Anchor) -> Template:
    anchors = list(template.anchors)
    anchors[index] = anchor
    return replace(template, anchors=tuple(anchors))


@pytest.mark.parametrize("name", ["national_id_de", "drivers_license_ca", "passport_utopia", "residence_permit_eu"])
def test_the_built_in_templates_pass_on_their_samples(name, reader):
    assert errors(load_template(name), reader, SAMPLES / f"{name}.png") == []


def test_a_misspelt_anchor_is_caught_with_what_the_sample_reads(good, reader):
    nationality = good.anchors[1]
    assert nationality.text == "NATIONALITY"
    found = errors(with_anchor(good, 1, replace(nationality, text="NATIONALTY")), reader)
    assert found == ["anchor 'NATIONALTY': does not read as written: the sample reads 'NATIONALITY' in its "
                     "rectangle"]


def test_a_shifted_anchor_is_caught_with_where_it_was_found(good, reader):
    rect = good.anchors[1].rect
    moved = rect._replace(left=rect.left + 100, right=rect.right + 100)
    found = errors(with_anchor(good, 1, replace(good.anchors[1], rect=moved)), reader)
    assert len(found) == 1 and found[0].startswith("anchor 'NATIONALITY': sits off its rectangle")
    assert "(-10" in found[0] and "found at [64" in found[0]  # about 100 px left, where it prints


def test_a_rectangle_cutting_its_value_is_caught(good, reader):
    surname = next(spec for spec in good.fields if spec.name == "surname")
    found = errors(with_field(good, "surname", surname.rect._replace(right=450)), reader)
    assert found == [next(f for f in found if f.startswith("field 'surname': cuts 'MUSTERMANN' at its right border"))]


def test_a_label_inside_a_rectangle_is_caught(good, reader):
    birth = next(spec for spec in good.fields if spec.name == "date_of_birth")
    found = errors(with_field(good, "date_of_birth", birth.rect._replace(top=272)), reader)
    assert len(found) == 1 and found[0].startswith("field 'date_of_birth': takes in the label 'DATE OF BIRTH'")


def test_overlapping_rectangles_are_caught(good, reader):
    grazing = with_field(good, "nationality", Rect(560, 295, 980, 340))  # over the date's margin, not its text
    warned = [(f.severity, str(f)) for f in check_template(grazing, SAMPLE, extractor=reader)]
    assert warned == [("warning", "fields 'date_of_birth' and 'nationality': rectangles overlap at "
                                  "[560, 295, 600, 340]")]
    sharing = with_field(good, "nationality", Rect(330, 295, 980, 340))  # over the date of birth itself
    assert "fields 'date_of_birth' and 'nationality': rectangles overlap at [330, 295, 600, 340] and both hold " \
           "'12.08.1983'" in errors(sharing, reader)


def test_a_rectangle_reading_empty_is_caught(good, reader):
    empty = errors(with_field(good, "place_of_birth", Rect(330, 560, 600, 600)), reader)
    assert empty == ["field 'place_of_birth': reads empty on the sample: is [330, 560, 600, 600] where its value "
                     "prints?"]


def test_no_sample_or_a_wrong_one_is_refused(good, reader):
    with pytest.raises(TemplateError, match="no sample"):
        check_template(good, extractor=reader)
    with pytest.raises(GeometryError, match="not of the shape"):
        check_template(good, SAMPLES / "passport_utopia.png", extractor=reader)  # another shape
