"""Recognition settings and hints that change what the embedded engine reads, and confidence."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw, ImageFilter

from extractor import Template, extract, load_template, read
from synth.cards import render_card
from synth.damage import engraved, skew, strong_glare
from tests.helpers import make_card, read_raw


def test_samples_come_back_typed():
    fields = extract("samples/drivers_license_ca.png", "drivers_license_ca")
    assert fields["date_of_birth"] == "1977-08-31" and fields["sex"] == "M" and fields["dl_number"] == "D5824163"


def test_blurred_field_scores_lower_than_sharp(embedded):
    image, _ = make_card("national_id_de", seed=8, locale="de")
    spec = load_template("national_id_de")
    box = next(f.rect for f in spec.fields if f.name == "given_names")
    blurred = image.copy()
    blurred.paste(image.crop(box).filter(ImageFilter.GaussianBlur(5.0)), box[:2])
    sharp = read(image, spec, recognizer=embedded).fields
    soft = read(blurred, spec, recognizer=embedded).fields
    assert soft["given_names"].confidence < sharp["given_names"].confidence
    assert soft["surname"].confidence == pytest.approx(sharp["surname"].confidence, abs=0.05)


def test_charset_constrains_recognition(embedded):
    spec = Template.from_dict({"name": "t", "reference": {"width": 400, "height": 60}, "fields": [
        {"name": "code", "rect": [0, 0, 400, 60], "charset": "digits"},
        {"name": "free", "rect": [0, 0, 400, 60]}]})
    card = Image.new("RGB", (400, 60), (240, 240, 240))
    from synth.cards import font

    ImageDraw.Draw(card).text((10, 10), "SO7 BI5", font=font("DejaVuSans-Bold.ttf", 30), fill=(0, 0, 0))
    fields = read(card, spec, recognizer=embedded).fields
    assert fields["code"].value == "507 815"  # only digits could be read
    assert fields["free"].value == "SO7 BI5"


@pytest.mark.parametrize(("letter", "file", "size"), [("M", "LiberationSerif-Regular.ttf", 9),
                                                     ("F", "DejaVuSans.ttf", 8)])
def test_an_enum_field_read_as_no_choice_is_read_again_among_its_choices(embedded, letter, file, size):
    spec = Template.from_dict({"name": "t", "reference": {"width": 120, "height": 30}, "fields": [
        {"name": "sex", "rect": [0, 0, 120, 30], "type": "enum", "choices": ["M", "F", "X"]},
        {"name": "free", "rect": [0, 0, 120, 30]}]})
    card = Image.new("RGB", (120, 30), (240, 238, 230))
    from synth.cards import font

    ImageDraw.Draw(card).text((10, 8), letter, font=font(file, size), fill=(30, 30, 40))
    fields = read(card.filter(ImageFilter.GaussianBlur(1.2)), spec, recognizer=embedded).fields
    assert fields["free"].raw != letter  # a small blurred letter the model alone misreads (U, 1)
    assert fields["sex"].value == letter  # ... read again as the choice it is
    assert not fields["sex"].valid  # ... the template's guess, not the model's reading


def test_an_enum_value_printed_surely_outside_the_choices_is_kept(embedded):
    spec = Template.from_dict({"name": "t", "reference": {"width": 200, "height": 40}, "fields": [
        {"name": "hair", "rect": [0, 0, 200, 40], "type": "enum", "choices": ["BLK", "BRN", "HAN", "GRY"]}]})
    card = Image.new("RGB", (200, 40), (240, 238, 230))
    from synth.cards import font

    ImageDraw.Draw(card).text((10, 8), "HAZ", font=font("DejaVuSans.ttf", 20), fill=(30, 30, 40))
    field = read(card, spec, recognizer=embedded).fields["hair"]
    assert field.raw == "HAZ" and not field.valid  # not made HAN: the model read the Z surely


def exact(values: dict[str, str], read_fields: dict[str, str]) -> int:
    return sum(read_fields[k] == v for k, v in values.items())


def test_make_skew_correct(embedded):
    image, values = make_card("residence_permit_eu", seed=31, locale="fr")
    tilted = skew(image, 6.5)
    # read as given (align=False): alignment would straighten the card before the setting is seen
    on = exact(values, read_raw(tilted, "residence_permit_eu", recognizer=embedded, align=False,
                                make_skew_correct=True))
    off = exact(values, read_raw(tilted, "residence_permit_eu", recognizer=embedded, align=False,
                                 make_skew_correct=False))
    assert on >= len(values) - 1 and off < on - 2


def test_make_contrast_correction_recovers_text_under_glare(embedded):
    gains = 0
    for index in range(12):
        template = ["national_id_de", "residence_permit_eu", "drivers_license_ca"][index % 3]
        image, values = make_card(template, seed=300 + index, locale=["de", "fr", "es"][index % 3])
        shiny = strong_glare(image, random.Random(index))
        on = exact(values, read_raw(shiny, template, recognizer=embedded, make_contrast_correction=True))
        off = exact(values, read_raw(shiny, template, recognizer=embedded, make_contrast_correction=False))
        gains += on - off
    assert gains >= 3


def test_make_binarization_changes_what_is_read(embedded):
    image, _ = make_card("drivers_license_ca", seed=50, locale="es")
    textured = engraved(image)
    # read as given: aligned, both settings read this card right, and only the setting is under test
    on = read_raw(textured, "drivers_license_ca", recognizer=embedded, make_binarization=True, align=False)
    off = read_raw(textured, "drivers_license_ca", recognizer=embedded, make_binarization=False, align=False)
    assert on != off


def test_make_upsampling_doubles_small_text(embedded, monkeypatch):
    from extractor.recognizers import embedded as module

    seen = []
    real = module.EmbeddedRecognizer.read_regions
    monkeypatch.setattr(module.EmbeddedRecognizer, "read_regions",
                        lambda self, bgr, *rest: seen.append(bgr.shape[:2]) or real(self, bgr, *rest))
    image, values = make_card("residence_permit_eu", seed=68, locale="de")
    small = image.resize((303, 191), Image.Resampling.LANCZOS)  # a card photographed from afar
    on = read_raw(small, "residence_permit_eu", recognizer=embedded, make_upsampling=True)
    off = read_raw(small, "residence_permit_eu", recognizer=embedded, make_upsampling=False)
    assert seen == [(382, 606), (191, 303)]
    # read without upsampling, this card's fields now read right too (marks over small print are
    # kept in their lines): what is asked of the setting is that it doubles small text and reads it
    assert exact(values, on) == len(values) and exact(values, off) <= exact(values, on)
    large = read_raw(image, "residence_permit_eu", recognizer=embedded, make_upsampling=True)
    assert seen[-1] == (638, 1012) and exact(values, large) == len(values)  # big text: left alone


def test_make_spell_check_only_on_marked_fields(embedded):
    spec = load_template("residence_permit_eu")
    _, values = make_card(spec, seed=70, locale="fr")
    values.update(remarks="ACCÈS AU MARCHÉ DU TRAVIAL", surname="LEFEVRRE")  # misprinted
    card = render_card(spec, values, "sand", seed=70)
    on = read(card, spec, recognizer=embedded, make_spell_check=True).values()
    off = read(card, spec, recognizer=embedded, make_spell_check=False).values()
    assert off["remarks"] == "ACCÈS AU MARCHÉ DU TRAVIAL" and on["remarks"] == "ACCÈS AU MARCHÉ DU TRAVAIL"
    assert on["surname"] == off["surname"] == "LEFEVRRE"  # a name is never "corrected"
