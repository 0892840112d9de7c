"""Pages holding several documents (the front and the back of a card copied onto one A4 page, two
cards scanned together): each is read, in reading order, by the library and by the CLI."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
import yaml
from PIL import Image
from rapidfuzz.distance import Levenshtein

from extractor import Extractor, read_each
from synth.designs import MILLIMETRES, design
from synth.photo import desk_shot, page_scan, page_scan_of

SEED = 0  # an ID-1 card, labels above values


def matching(values: dict[str, str], extraction) -> float:
    """How many of `values` the extraction read, allowing a character or two per field."""
    return sum(Levenshtein.distance(truth, extraction.fields[name].value) <= 1
               for name, truth in values.items()) / len(values)


@pytest.fixture(scope="module")
def two_cards():
    chosen = design(SEED)
    people = [chosen.values(random.Random(person)) for person in (1, 2)]
    cards = [chosen.render(values, seed=person) for person, values in enumerate(people, 1)]
    page, corners = page_scan_of(cards, random.Random(7), card_width_mm=MILLIMETRES[chosen.kind][0])
    return chosen, people, page, corners


def test_a_page_holding_two_cards_yields_each_in_reading_order(embedded, two_cards):
    chosen, people, page, corners = two_cards
    found = Extractor(embedded).read_each(page, chosen.template)
    assert len(found) == 2
    for extraction, values, truth in zip(found, people, corners, strict=True):
        assert extraction.alignment.verified and extraction.alignment.method == "photo"
        assert abs(extraction.alignment.quad[0][1] - truth[0][1]) < 0.05 * page.height  # top card first
        assert matching(values, extraction) >= 0.8


def test_a_page_or_a_photo_of_one_card_yields_one(embedded):
    chosen = design(SEED)
    values = chosen.values(random.Random(3))
    card = chosen.render(values, seed=3)
    page, _ = page_scan(card, random.Random(3), card_width_mm=MILLIMETRES[chosen.kind][0])
    photo, _, _ = desk_shot(card, "desk", random.Random(3))
    for image in (page, photo):  # a desk's clutter is never looked through for a second card
        (extraction,) = read_each(image, chosen.template, recognizer=embedded)
        assert extraction.alignment.verified and matching(values, extraction) >= 0.8


def test_a_blank_page_yields_its_one_unverified_reading(embedded):
    blank = Image.new("RGB", (1240, 1754), (246, 246, 246))
    (extraction,) = read_each(blank, design(SEED).template, recognizer=embedded)  # as read() would
    assert not extraction.alignment.verified


def test_the_cli_writes_a_record_per_document(tmp_path, two_cards):
    chosen, people, page, _ = two_cards
    page.save(tmp_path / "page.jpg")
    template = chosen.template
    (tmp_path / "card.yaml").write_text(yaml.safe_dump({
        "name": "card", "reference": {"width": template.width, "height": template.height},
        "fields": [{"name": spec.name, "rect": list(spec.rect)} for spec in template.fields]}), "utf-8")
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "page.jpg"),
                           "--template", str(tmp_path / "card.yaml"), "--format", "jsonl", "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(record["page"], record["document"]) for record in records] == [(1, 1), (1, 2)]
    assert [record["fields"]["surname"] for record in records] == [values["surname"] for values in people]
