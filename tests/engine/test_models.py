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


def test_a_line_reads_the_same_alone_or_among_wider_lines():
    def line_image(text: str) -> np.ndarray:
        image = render_line(text)[6:54]  # the model's LINE_HEIGHT
        inked = np.flatnonzero((image < 128).any(axis=0))
        return np.ascontiguousarray(image[:, max(0, inked[0] - 8):inked[-1] + 8])

    models = Models(1)
    line = line_image("JAN 1961")
    others = [line_image(text) for text in ("JAN 19610", "JAN 196100", "JAN 1961 0")]
    # lines the earlier batching ran together (within 1.35 times the narrowest), the line padded
    # to the widest of them
    assert all(line.shape[1] < other.shape[1] < 1.35 * line.shape[1] for other in others)
    alone = models.read_lines([line], True)[0]
    among = models.read_lines([*others, line], True)[-1]
    assert "".join(among.chars) == "".join(alone.chars) == "JAN 1961"
    assert np.allclose(among.probabilities, alone.probabilities, rtol=0, atol=1e-5)
    assert np.allclose(among.spaces, alone.spaces, rtol=0, atol=1e-5)
