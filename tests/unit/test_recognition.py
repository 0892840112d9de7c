"""CTC decoding of the recognition model's output: a rarer letter the model half saw is read."""

from __future__ import annotations

import numpy as np

from extractor.recognizers.recognition import RARER_FLOOR, _ctc_decode

ALPHABET = ["<blank>", "A", "B", "S", "T", "ß", " "]


def decoded(frames: list[dict[str, float]]):
    """The decoding of frames, each the probabilities of a few classes (the rest to the blank)."""
    probabilities = np.zeros((len(frames), len(ALPHABET)), np.float32)
    for row, given in zip(probabilities, frames, strict=True):
        for char, probability in given.items():
            row[ALPHABET.index(char)] = probability
        row[0] = 1.0 - row.sum()
    return _ctc_decode(probabilities, ALPHABET, 4.0)


def test_a_b_the_model_gave_sharp_s_some_probability_is_the_sharp_s_unsurely():
    # HAUPTSTRAßE read HAUPTSTRABE surely: the model gave ß 0.18 at the B
    read = decoded([{"A": 0.99}, {"B": 0.81, "ß": 0.18}, {"B": 0.7, "ß": 0.1}, {}, {"T": 0.99}])
    assert read.chars == ("A", "ß", "T")
    assert abs(read.probabilities[1] - 0.18) < 1e-6 and read.margins[1] == 0.0


def test_a_b_the_model_hardly_doubted_stays_a_b():
    read = decoded([{"A": 0.99}, {"B": 0.99, "ß": RARER_FLOOR / 4}, {}, {"S": 0.99}])
    assert read.chars == ("A", "B", "S") and read.probabilities[1] > 0.98
