"""What tests share besides fixtures: paths, rendered specimen cards, raw reads."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

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
