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


def make_card(
    template: str | Template, seed: int, locale: str | None = None, style: str = "blue",
    date_style: str = "eu",
) -> tuple[Image.Image, dict[str, str]]:
    """A rendered card of `template` and the values printed on it."""
    spec = load_template(template)
    rng = random.Random(seed)
    values = person([field.name for field in spec.fields], rng, locale, date_style)
    return render_card(spec, values, style, seed=seed), values


@pytest.fixture
def card_factory():
    return make_card
