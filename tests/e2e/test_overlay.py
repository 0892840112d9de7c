"""The overlay of a read: drawn from Python and from the command line."""

from __future__ import annotations

import json

import numpy as np
from PIL import Image

from extractor import read
from extractor.overlay import draw_overlay


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
