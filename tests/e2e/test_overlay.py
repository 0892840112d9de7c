"""The overlay of a read: drawn from Python and from the command line."""

from __future__ import annotations

import json
import random

import numpy as np
from PIL import Image

from extractor import read
from extractor.overlay import draw_overlay
from synth.photo import desk_photo
from tests.helpers import make_card


def test_overlay_marks_the_rects(embedded):
    image = Image.open("samples/national_id_de.png").convert("RGB")
    extraction = read(image, "national_id_de", recognizer=embedded)
    picture = draw_overlay(image, extraction)
    left, top, right, bottom = extraction.fields["surname"].rect
    before = np.asarray(image)[top:bottom, left:right].astype(int)
    after = np.asarray(picture)[top:bottom, left:right].astype(int)
    assert picture.size == image.size and np.abs(after - before).mean() > 5
    assert (after[2, 2] != before[2, 2]).any()  # the outline


def test_cli_overlay_and_details(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "overlay.png"
    done = subprocess.run([sys.executable, "-m", "extractor", "overlay", "samples/national_id_de.png", "-t",
                           "national_id_de", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (1012, 638)
    details = subprocess.run([sys.executable, "-m", "extractor", "extract", "samples/national_id_de.png", "-t",
                              "national_id_de", "--details"], capture_output=True, text=True, timeout=120)
    payload = json.loads(details.stdout)
    assert payload["fields"]["date_of_birth"]["value"] == "1983-08-12"
    assert payload["fields"]["date_of_birth"]["raw"] == "12.08.1983"
    assert 0 < payload["fields"]["surname"]["confidence"] <= 1 and payload["template"] == "national_id_de"


# -- each setting changes the outcome on an image made for it ----------------------------


def test_overlay_draws_anchors_found_and_not_found_and_keeps_labels_apart_on_a_turned_photo(embedded):
    from dataclasses import replace
    from itertools import combinations

    from PIL import ImageFont

    from extractor import load_template
    from extractor.geometry import Rect
    from extractor.overlay import ANCHOR_FOUND, ANCHOR_MISSED, FONT, overlay_labels
    from extractor.template import Anchor

    real = load_template("drivers_license_ca")
    template = replace(real, anchors=(*real.anchors, Anchor("NOT PRINTED HERE", Rect(700, 20, 990, 40))))
    photo = Image.open("samples/photo_drivers_license_ca.jpg").convert("RGB").rotate(90, expand=True)
    extraction = read(photo, template, recognizer=embedded)
    assert extraction.alignment.verified and len(extraction.alignment.anchors_located) == len(real.anchors)
    labels = overlay_labels(photo.size, extraction, template, ImageFont.truetype(str(FONT), 24))
    anchors = [label for label in labels if label.anchor]
    assert [label.colour for label in anchors] == [ANCHOR_FOUND] * len(real.anchors) + [ANCHOR_MISSED]
    assert anchors[0].text == "⚓ CALIFORNIA DRIVER LICENSE ✓" and anchors[-1].text == "⚓ NOT PRINTED HERE ✗"
    assert len(labels) == len(real.fields) + len(template.anchors)
    for one, other in combinations(labels, 2):  # every label readable: none covers another
        assert not (one.box[0] < other.box[2] and other.box[0] < one.box[2] and one.box[1] < other.box[3]
                    and other.box[1] < one.box[3]), (one.text, other.text)
    assert all(label.box[0] >= 0 and label.box[2] <= photo.width and label.box[1] >= 0
               and label.box[3] <= photo.height for label in labels)
    picture = np.asarray(draw_overlay(photo, extraction, template=template)).reshape(-1, 3).astype(int)
    for colour in (ANCHOR_FOUND, ANCHOR_MISSED):
        assert (np.abs(picture - colour).max(axis=1) <= 2).sum() > 50  # outlines and labels in both colours


def test_overlay_draws_the_document_outline_on_the_photo(embedded):
    card, _ = make_card("drivers_license_ca", seed=11, style="blue")
    photo, _ = desk_photo(card, "desk", random.Random(41), quarter_turns=0)
    extraction = read(photo, "drivers_license_ca", recognizer=embedded)
    picture = np.asarray(draw_overlay(photo, extraction))
    assert picture.shape[:2] == (photo.height, photo.width)
    x, y = (round(v) for v in np.mean(extraction.alignment.quad[:2], axis=0))  # middle of the top edge
    window = picture[max(0, y - 4):y + 5, max(0, x - 4):x + 5].reshape(-1, 3).astype(int)
    assert any(b > 150 and b > r + 60 for r, _, b in window)  # the blue outline
