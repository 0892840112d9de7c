"""The shipped models: found without a download, alphabet cut to Latin, detection boxes."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from extractor.recognizers.models import DET_MODEL, REC_MODEL, Models, is_latin, model_dir
from synth.cards import font


def test_models_ship_inside_the_rapidocr_wheel():
    assert (model_dir() / DET_MODEL).is_file() and (model_dir() / REC_MODEL).is_file()


def test_latin_alphabet_keeps_accents_and_drops_lookalikes():
    assert all(is_latin(c) for c in "AzÄéßŁřŞ0-9 .,/'’€")
    assert not any(is_latin(c) for c in "×÷中あ")
    models = Models(1)
    _, latin = models.recognizer(True)
    _, full = models.recognizer(False)
    assert latin[0] == full[0] == "<blank>"
    assert 300 < len(latin) < 1000 < len(full)
    assert set("ÉÈÊËÜÖÄßÑÇŁ") <= set(latin) and "×" not in latin


def render_line(text: str) -> np.ndarray:
    image = Image.new("L", (400, 60), 235)
    ImageDraw.Draw(image).text((20, 12), text, font=font("DejaVuSans-Bold.ttf", 30), fill=20)
    return np.asarray(image)


def test_detection_finds_each_line():
    page = np.concatenate([render_line("FIRST LINE"), render_line("SECOND LINE")], axis=0)
    bgr = np.repeat(page[:, :, None], 3, axis=2)
    quads = Models(1).detect(bgr)
    assert len(quads) == 2
    assert quads[0][:, 1].mean() < quads[1][:, 1].mean()
    assert all(q.shape == (4, 2) for q in quads)
