"""What tests share besides fixtures: paths, rendered specimen cards, raw reads."""

from __future__ import annotations

import os
import random
from pathlib import Path

from PIL import Image

from extractor import Extractor
from extractor.recognizers import RegionResult
from extractor.recognizers.fake import FakeVision
from extractor.request import RecognizeRegionsRequest
from extractor.template import Template, load_template
from synth.barcode import aamva_payload
from synth.cards import render_card
from synth.people import person

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"


def date_style(spec: Template) -> str:
    """How the synthetic values should print dates to fit the template's formats."""
    formats = [form for field in spec.fields for form in field.formats]
    if any("%b" in form for form in formats):
        return "text"
    return "us" if any("/" in form for form in formats) else "eu"


def make_card(
    template: str | Template, seed: int, locale: str | None = None, style: str = "blue",
) -> tuple[Image.Image, dict[str, str]]:
    """A rendered card of `template` and the values printed on it."""
    spec = load_template(template)
    rng = random.Random(seed)
    style_of_dates = date_style(spec)
    values = person([field.name for field in spec.fields], rng, locale, style_of_dates)
    return render_card(spec, values, style, seed=seed), values


def read_raw(image: Image.Image, template: str, **options) -> dict[str, str]:
    """The text read in each field, before typing: what OCR accuracy is judged on."""
    from extractor import read

    return {name: field.raw for name, field in read(image, template, **options).fields.items()}


# A licence's data in the AAMVA 2016 layout (version 08), as California prints it (dates MMDDCCYY).
LICENCE_ELEMENTS = {
    "DAQ": "I1234568", "DCS": "GARCIA", "DDE": "N", "DAC": "MARIA", "DDF": "N", "DAD": "ELENA", "DDG": "N",
    "DCA": "C", "DCB": "NONE", "DCD": "NONE", "DBD": "08312021", "DBB": "08311977", "DBA": "08312029",
    "DBC": "2", "DAU": "065 in", "DAY": "BRO", "DAG": "2570 24TH STREET", "DAI": "SACRAMENTO", "DAJ": "CA",
    "DAK": "958180000  ", "DCF": "00/00/0000NNNAN/ANFD/YY", "DCG": "USA", "DCK": "12345678901234567890",
}


def licence_payload(**changes: str) -> str:
    """The AAMVA data of `LICENCE_ELEMENTS` with `changes`, as a barcode holds it."""
    return aamva_payload({**LICENCE_ELEMENTS, **changes})


# Batches: a recognizer reading each page's colour stands in for OCR; worker processes import
# these by name.
SWATCH = Template.from_dict({"name": "swatch", "reference": {"width": 100, "height": 50},
                             "fields": [{"name": "colour", "rect": [0, 0, 100, 50]}]})


class ColourRecognizer:
    """Reads every region as the colour of the image's first pixel, e.g. "255 0 0" (each channel
    rounded to 0 or 255: a PDF holds its pictures as JPEG)."""

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        assert not isinstance(request.image, bytes)
        colour = " ".join("255" if value > 127 else "0" for value in request.image.image.getpixel((0, 0)))
        return [RegionResult(region.order, colour, 0.9) for region in request.regions]


class DyingRecognizer(ColourRecognizer):
    """Kills its process on a blue page, as a decoder crash or the out-of-memory killer would."""

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        results = super().recognize(request)
        if results[0].text == "0 0 255":
            os._exit(3)
        return results


def colour_extractor() -> Extractor:
    """Picklable by name: what each worker process builds."""
    return Extractor(ColourRecognizer(), vision=FakeVision())


def dying_extractor() -> Extractor:
    return Extractor(DyingRecognizer(), vision=FakeVision())


def broken_extractor() -> Extractor:
    raise RuntimeError("no models here")


def swatch(colour: str, size: tuple[int, int] = (200, 100)) -> Image.Image:
    return Image.new("RGB", size, colour)


def mixed_inputs(tmp_path: Path) -> Path:
    """A folder of mixed inputs for `SWATCH`: a PNG, a 2-page PDF, a 3-page TIFF, a text file,
    a broken JPEG, a wrongly shaped image, hidden files and a sub-folder."""
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    swatch("red").save(tmp_path / "a.png")
    swatch("lime").save(tmp_path / "b.pdf", save_all=True, append_images=[swatch("blue")], resolution=72)
    swatch("black").save(tmp_path / "sub" / "c.tif", save_all=True, append_images=[swatch("white"), swatch("red")])
    (tmp_path / "notes.txt").write_text("not read")
    (tmp_path / "d.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    swatch("red", (100, 200)).save(tmp_path / "e.png")  # on its side: refused read as given
    swatch("red").save(tmp_path / ".f.png")
    swatch("red").save(tmp_path / ".hidden" / "g.png")
    return tmp_path
    return tmp_path
