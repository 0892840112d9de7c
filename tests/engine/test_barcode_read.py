"""PDF417 barcodes decoded in scans and photos, and refused where there is none."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from PIL import Image

from extractor import BarcodeNotFoundError, read_barcode
from extractor.cli import main
from synth.barcode import pdf417_image
from synth.photo import photograph
from tests.helpers import licence_payload as payload


def licence_back(data: str) -> Image.Image:
    back = Image.new("RGB", (1012, 638), (232, 236, 240))
    code = pdf417_image(data)
    back.paste(code, ((back.width - code.width) // 2, 200))
    return back


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


def test_the_barcode_of_a_small_photo_is_decoded():
    # bars of about one pixel: zxing-cpp needs them enlarged
    small = licence_back(payload()).resize((425, 268), Image.Resampling.LANCZOS)
    assert read_barcode(small).fields["licence_number"] == "I1234568"
