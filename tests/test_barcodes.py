"""Licence barcodes: PDF417 decoded by zxing-cpp in scans and turned photos, AAMVA data parsed."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from PIL import Image

from extractor import BarcodeNotFoundError, load_template, read, read_barcode
from extractor.barcodes import AAMVAError, parse_aamva
from extractor.cli import main
from synth.barcode import aamva_payload, pdf417_image
from synth.cards import render_card
from synth.photo import photograph

# A licence's data in the AAMVA 2016 layout (version 08), as California prints it (dates MMDDCCYY).
ELEMENTS = {"DAQ": "I1234568", "DCS": "GARCIA", "DDE": "N", "DAC": "MARIA", "DDF": "N", "DAD": "ELENA", "DDG": "N",
            "DCA": "C", "DCB": "NONE", "DCD": "NONE", "DBD": "08312021", "DBB": "08311977", "DBA": "08312029",
            "DBC": "2", "DAU": "065 in", "DAY": "BRO", "DAG": "2570 24TH STREET", "DAI": "SACRAMENTO", "DAJ": "CA",
            "DAK": "958180000  ", "DCF": "00/00/0000NNNAN/ANFD/YY", "DCG": "USA", "DCK": "12345678901234567890"}


def payload(**changes: str) -> str:
    return aamva_payload({**ELEMENTS, **changes})


def licence_back(data: str) -> Image.Image:
    back = Image.new("RGB", (1012, 638), (232, 236, 240))
    code = pdf417_image(data)
    back.paste(code, ((back.width - code.width) // 2, 200))
    return back


def test_the_aamva_payload_is_parsed_to_named_typed_values():
    parsed = parse_aamva(payload())
    assert parsed.issuer == "636014" and parsed.version == 8 and parsed.document == "DL"
    assert parsed.fields["surname"] == "GARCIA" and parsed.fields["first_name"] == "MARIA"
    assert parsed.fields["birth_date"] == "1977-08-31" and parsed.fields["expiry_date"] == "2029-08-31"
    assert parsed.fields["sex"] == "F" and parsed.fields["licence_number"] == "I1234568"
    assert parsed.fields["street"] == "2570 24TH STREET" and parsed.fields["postal_code"] == "958180000"
    assert parsed.elements["DCK"] == "12345678901234567890"


def test_canadian_dates_are_read_year_first():
    assert parse_aamva(payload(DBB="19770831", DCG="CAN")).fields["birth_date"] == "1977-08-31"


@pytest.mark.parametrize("data", ["", "hello", "@\n\x1e\rANSI 6360140800", "@\n\x1e\rANSI 636014080001ZC00310008"])
def test_other_data_is_no_aamva(data):
    with pytest.raises(AAMVAError):
        parse_aamva(data)


@pytest.mark.parametrize("turn", [0, 180])
def test_the_barcode_of_a_scan_is_decoded(turn):
    found = read_barcode(licence_back(payload()).rotate(turn))
    assert found.format == "PDF417" and found.text == payload()
    assert found.fields["surname"] == "GARCIA"


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_the_barcode_of_a_tilted_photo_is_decoded_any_way_up(turns):
    # tilted, in perspective, lit unevenly: zxing-cpp alone reads none of these
    photo = photograph(licence_back(payload()), random.Random(turns), quarter_turns=turns, tilt=(-12.0, 12.0))[0]
    assert read_barcode(photo).fields["licence_number"] == "I1234568"


def test_an_image_without_a_barcode_is_refused_and_the_cli_says_so(tmp_path):
    with pytest.raises(BarcodeNotFoundError):
        read_barcode(Image.new("RGB", (400, 300), "white"))
    licence_back(payload()).save(tmp_path / "back.png")
    Image.new("RGB", (400, 300), "white").save(tmp_path / "blank.png")
    result = CliRunner().invoke(main, ["barcode", str(tmp_path / "back.png"), str(tmp_path / "blank.png")])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["fields"]["licence_number"] == "I1234568" and records[0]["aamva"]
    assert records[1]["error"]["type"] == "BarcodeNotFoundError"


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


def test_the_barcode_of_a_small_photo_is_decoded():
    # bars of about one pixel: zxing-cpp needs them enlarged
    small = licence_back(payload()).resize((425, 268), Image.Resampling.LANCZOS)
    assert read_barcode(small).fields["licence_number"] == "I1234568"
