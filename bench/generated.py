"""The benchmark's documents: generated designs (`synth/designs.py`), fake people, every kind of damage.

Two pools of design seeds: the development pool (tune on it) and the test pool (only report
from it). Each sample is one document of one design, read as one kind of image: a scan with
some damage, or a photo of it.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from synth import photo  # noqa: E402
from synth.damage import HARD_KINDS, SCAN_KINDS, damage  # noqa: E402
from synth.designs import DEV_SEEDS, FRESH2_SEEDS, FRESH_SEEDS, MILLIMETRES, TEST_SEEDS, Design, design, flatten  # noqa: E402

POOLS = {"dev": DEV_SEEDS, "fresh": FRESH_SEEDS, "fresh2": FRESH2_SEEDS, "test": TEST_SEEDS}
PHOTO_KINDS = ("desk_photo", "hard_photo", "distractor_photo", "turned_photo", "page_scan")
KINDS = (*SCAN_KINDS, *HARD_KINDS, *PHOTO_KINDS)


@dataclass(frozen=True)
class Sample:
    """One document image and what it shows."""

    design: Design
    number: int  # the document's number in its pool (several per design)
    kind: str
    image: Image.Image
    values: dict[str, str]
    rotation: int = 0  # degrees counter-clockwise that turn the image upright
    corners: tuple[tuple[float, float], ...] | None = None  # the document's in the image (photos)

    @property
    def where(self) -> str:
        return f"{self.design.template.name}/{self.number}"


@cache
def designed(seed: int) -> Design:
    return design(seed)


def samples(pool: str, count: int, kinds: tuple[str, ...] = KINDS, first: int = 0) -> Iterator[Sample]:
    """`count` documents spread over the pool's designs, from document number `first`, each
    yielded once per kind."""
    seeds = POOLS[pool]
    for number in range(first, first + count):
        chosen = designed(seeds[number % len(seeds)])
        values = chosen.values(random.Random(f"{pool}/{number}/values"))
        card = chosen.render(values, seed=number)
        width_mm = MILLIMETRES[chosen.kind][0]
        for kind in kinds:
            rng = random.Random(f"{pool}/{number}/{kind}")
            if kind == "page_scan":
                image, corners = photo.page_scan(card, rng, card_width_mm=width_mm)
                yield Sample(chosen, number, kind, image, values, 0, tuple(corners))
            elif kind.endswith("_photo"):
                turned = kind == "turned_photo"
                tier, turns = ("desk", 1 + number % 3) if turned else (kind.removesuffix("_photo"), None)
                image, rotation, corners = photo.desk_shot(card, tier, rng, turns, card_width_mm=width_mm)
                yield Sample(chosen, number, kind, image, values, rotation, tuple(corners))
            else:
                yield Sample(chosen, number, kind, damage(flatten(card), kind, rng), values)
