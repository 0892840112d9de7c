"""Barcode fields in templates: decoded, parsed and cross-checked with the printed values."""

from __future__ import annotations

from extractor import load_template, read
from synth.cards import render_card
from tests.helpers import licence_payload as payload


def test_a_template_barcode_field_is_decoded_and_cross_checks_the_printed_values(embedded):
    extraction = read("samples/drivers_license_back_ca.png", "drivers_license_back_ca", recognizer=embedded)
    barcode = extraction.fields["barcode"]
    assert barcode.valid and barcode.barcode is not None and barcode.barcode.fields["licence_number"] == "D5824163"
    assert extraction.fields["dl_number"].valid and extraction.fields["last_name"].valid
    assert extraction.fields["dl_number"].value == "D5824163"


def test_a_printed_value_that_disagrees_with_the_barcode_flags_both(embedded):
    template = load_template("drivers_license_back_ca")
    card = render_card(template, {"barcode": payload(), "dl_number": "D5824163", "last_name": "GARCIA"})
    extraction = read(card, template, recognizer=embedded)  # the barcode says I1234568
    number, barcode = extraction.fields["dl_number"], extraction.fields["barcode"]
    assert not number.valid and not barcode.valid
    assert any("disagrees with the barcode's licence_number" in warning for warning in number.warnings)
    assert extraction.fields["last_name"].valid  # GARCIA agrees


def test_a_barcode_field_that_does_not_decode_is_flagged(embedded):
    template = load_template("drivers_license_back_ca")
    card = render_card(template, {"dl_number": "D5824163", "last_name": "GARCIA"})  # no symbol printed
    barcode = read(card, template, recognizer=embedded).fields["barcode"]
    assert not barcode.valid and barcode.value == "" and "no barcode could be decoded" in barcode.warnings[0]
