"""The benchmark card set: designs unlike the built-in samples, fake people, every damage kind and photo tier."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from extractor.template import Template  # noqa: E402
from synth import photo  # noqa: E402
from synth.cards import render_card  # noqa: E402
from synth.damage import KINDS, damage  # noqa: E402
from synth.people import person  # noqa: E402

DESIGNS = {  # design -> card style, date style
    "health_card": ("rose", "eu"),
    "vehicle_registration": ("grey", "eu"),
    "passport_page": ("green", "text"),
}
LOCALES = ("de", "fr", "es", "en")


@dataclass(frozen=True)
class Card:
    design: str
    seed: int
    kind: str
    template: Template
    image: Image.Image
    values: dict[str, str]
    rotation: int = 0  # what turns the image upright (photo kinds)


def template(design: str) -> Template:
    return Template.from_file(ROOT / "bench" / "designs" / f"{design}.yaml")


def cards(count: int, kinds: tuple[str, ...] = KINDS, designs: tuple[str, ...] = tuple(DESIGNS)
          ) -> Iterator[Card]:
    """`count` base cards spread over `designs`, each yielded once per damage kind."""
    templates = {design: template(design) for design in designs}
    for seed in range(count):
        design = designs[seed % len(designs)]
        style, date_style = DESIGNS[design]
        rng = random.Random(seed)
        spec = templates[design]
        values = person([f.name for f in spec.fields], rng, LOCALES[seed % len(LOCALES)], date_style)
        clean = render_card(spec, values, style, seed=seed)
        for kind in kinds:
            kind_rng = random.Random(seed * 31 + 7)
            if kind in photo.KINDS:
                image, rotation = photo.desk_photo(clean, kind.removesuffix("_photo"), kind_rng)
                yield Card(design, seed, kind, spec, image, values, rotation)
            else:
                yield Card(design, seed, kind, spec, damage(clean, kind, kind_rng), values)
