"""read(): typed, checked fields with confidence and warnings; settings that change outcomes."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from extractor import Template, TemplateError, extract, load_template, read
from extractor.overlay import draw_overlay
from extractor.recognizers.fake import FakeRecognizer
from synth.cards import render_card
from synth.damage import engraved, glare, skew, strong_glare
from tests.conftest import make_card, read_raw

TYPED = {
    "name": "typed",
    "reference": {"width": 100, "height": 60},
    "settings": {"language": "German"},
    "fields": [
        {"name": "born", "rect": [0, 0, 50, 10], "type": "date", "formats": ["%d.%m.%Y", "%d %b %Y"]},
        {"name": "sex", "rect": [0, 10, 50, 20], "type": "enum", "choices": ["M", "F", "X"]},
        {"name": "number", "rect": [0, 20, 50, 30], "type": "pattern", "regex": "[A-Z][0-9]{7}"},
        {"name": "amount", "rect": [0, 30, 50, 40], "type": "number"},
        {"name": "surname", "rect": [0, 40, 50, 50], "case": "upper", "charset": "upper"},
        {"name": "remarks", "rect": [0, 50, 50, 60], "optional": True},
    ],
}


def test_typed_fields_normalised_and_flagged():
    spec = Template.from_dict(TYPED)
    fake = FakeRecognizer(["12 MÄR 1990", "f", "11234568", "1 2O0", "5CHR0DER", ""])
    extraction = read(Image.new("RGB", (200, 120)), spec, recognizer=fake, align=False)
    assert extraction.values() == {"born": "1990-03-12", "sex": "F", "number": "I1234568", "amount": "1200",
                                   "surname": "SCHRODER", "remarks": ""}
    assert all(f.valid for f in extraction.fields.values()) and extraction.warnings == []
    assert extraction.fields["number"].raw == "11234568"
    assert extraction.fields["born"].rect == (0, 0, 100, 20)
    assert extraction.image_size == (200, 120) and extraction.template == "typed"
    bad = read(Image.new("RGB", (200, 120)), spec, recognizer=FakeRecognizer(["31.02.1990", "H", "", "", "", ""]),
               align=False)
    assert bad.fields["born"].value == "31.02.1990" and not bad.fields["born"].valid
    assert "born: '31.02.1990' is not a valid date for format %d.%m.%Y" in bad.warnings[0]
    assert bad.fields["sex"].value == "H" and not bad.fields["sex"].valid
    assert not bad.fields["number"].valid and "number: nothing was read" in bad.warnings
    assert bad.fields["remarks"].valid  # optional: empty is fine
    payload = json.loads(bad.to_json())
    assert payload["fields"]["born"]["warnings"] and payload["elapsed_ms"] >= 0


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"type": "date"}, "'formats' is missing"),
        ({"type": "enum"}, "'choices' is missing"),
        ({"type": "pattern"}, "'regex' is missing"),
        ({"formats": ["%d"]}, "'type' is missing"),
        ({"type": "text", "choices": ["A"]}, "'enum' was expected"),
        ({"type": "pattern", "regex": "[A-"}, "is not valid"),
        ({"type": "date", "formats": ["%d.%m.%Q"]}, "date format '%d.%m.%Q'"),
        ({"type": "date", "formats": ["%d.%m.%Y"], "spellcheck": True}, "spellcheck"),
        ({"case": "shouting"}, "'shouting' is not one of"),
    ],
)
def test_typed_keys_are_validated(change, fragment):
    data = json.loads(json.dumps(TYPED))
    data["fields"][5] = {"name": "remarks", "rect": [0, 50, 50, 60], **change}
    with pytest.raises(TemplateError) as caught:
        Template.from_dict(data, source="typed.yaml")
    assert "field 'remarks' (#5)" in str(caught.value) and fragment in str(caught.value)


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


def test_overlay_marks_the_rects(embedded):
    image = Image.open("samples/national_id_de.png").convert("RGB")
    extraction = read(image, "national_id_de", recognizer=embedded)
    picture = draw_overlay(image, extraction)
    left, top, right, bottom = extraction.fields["surname"].rect
    before = np.asarray(image)[top:bottom, left:right].astype(int)
    after = np.asarray(picture)[top:bottom, left:right].astype(int)
    assert picture.size == image.size and np.abs(after - before).mean() > 5
    assert (after[2, 2] != before[2, 2]).any()  # the outline


def test_cli_overlay_and_details(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "overlay.png"
    done = subprocess.run([sys.executable, "-m", "extractor", "overlay", "samples/national_id_de.png", "-t",
                           "national_id_de", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (1012, 638)
    details = subprocess.run([sys.executable, "-m", "extractor", "extract", "samples/national_id_de.png", "-t",
                              "national_id_de", "--details"], capture_output=True, text=True, timeout=120)
    payload = json.loads(details.stdout)
    assert payload["fields"]["date_of_birth"]["value"] == "1983-08-12"
    assert payload["fields"]["date_of_birth"]["raw"] == "12.08.1983"
    assert 0 < payload["fields"]["surname"]["confidence"] <= 1 and payload["template"] == "national_id_de"


# -- each setting changes the outcome on an image made for it ----------------------------
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
    on = read_raw(textured, "drivers_license_ca", recognizer=embedded, make_binarization=True)
    off = read_raw(textured, "drivers_license_ca", recognizer=embedded, make_binarization=False)
    assert on != off


def test_make_upsampling_doubles_small_text(embedded, monkeypatch):
    from extractor.recognizers import embedded as module

    seen = []
    real = module.EmbeddedRecognizer._read_regions
    monkeypatch.setattr(module.EmbeddedRecognizer, "_read_regions",
                        lambda self, bgr, *rest: seen.append(bgr.shape[:2]) or real(self, bgr, *rest))
    image, values = make_card("residence_permit_eu", seed=68, locale="de")
    small = image.resize((303, 191), Image.Resampling.LANCZOS)  # a card photographed from afar
    on = read_raw(small, "residence_permit_eu", recognizer=embedded, make_upsampling=True)
    off = read_raw(small, "residence_permit_eu", recognizer=embedded, make_upsampling=False)
    assert seen == [(382, 606), (191, 303)]
    assert exact(values, on) == len(values) and exact(values, off) < len(values)
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


def test_glare_damage_is_reproducible():
    image, _ = make_card("national_id_de", seed=1)
    assert np.array_equal(np.asarray(glare(image, random.Random(3))), np.asarray(glare(image, random.Random(3))))
