"""Shared fixtures: rendered specimen cards and one embedded recognizer for the session."""

from __future__ import annotations

import random

import pytest
from PIL import Image

from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.template import Template, load_template
from synth.cards import render_card
from synth.people import person


@pytest.fixture(scope="session")
def embedded() -> EmbeddedRecognizer:
    return EmbeddedRecognizer()


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
