"""Licence barcodes: PDF417 decoded by zxing-cpp in scans and turned photos, AAMVA data parsed."""

from __future__ import annotations

import json
import random

import pdf417gen
import pytest
from click.testing import CliRunner
from PIL import Image

from extractor import BarcodeNotFoundError, read_barcode
from extractor.barcodes import AAMVAError, parse_aamva
from extractor.cli import main
from synth.photo import photograph

# A payload in the AAMVA 2016 layout (version 08): header, subfile directory, a DL subfile and
# an issuer's own one, as California prints them (dates MMDDCCYY).
ELEMENTS = ("DAQI1234568\nDCSGARCIA\nDDEN\nDACMARIA\nDDFN\nDADELENA\nDDGN\nDCAC\nDCBNONE\nDCDNONE\nDBD08312021\n"
            "DBB08311977\nDBA08312029\nDBC2\nDAU065 in\nDAYBRO\nDAG2570 24TH STREET\nDAISACRAMENTO\nDAJCA\n"
            "DAK958180000  \nDCF00/00/0000NNNAN/ANFD/YY\nDCGUSA\nDCK12345678901234567890\r")
OWN = "ZCZCAGRN\r"


def payload(elements: str = ELEMENTS) -> str:
    header = "@\n\x1e\rANSI 636014080002"
    start = len(header) + 2 * 10
    directory = f"DL{start:04d}{len(elements) + 2:04d}ZC{start + len(elements) + 2:04d}{len(OWN) + 2:04d}"
    return f"{header}{directory}DL{elements}ZC{OWN}"


def licence_back(data: str) -> Image.Image:
    code = pdf417gen.render_image(pdf417gen.encode(data, columns=12, security_level=5), scale=3, ratio=3,
                                  padding=12)
    back = Image.new("RGB", (1012, 638), (232, 236, 240))
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
    elements = ELEMENTS.replace("DBB08311977", "DBB19770831").replace("DCGUSA", "DCGCAN")
    assert parse_aamva(payload(elements)).fields["birth_date"] == "1977-08-31"


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
