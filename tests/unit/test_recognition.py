"""CTC decoding of the model's output: a rarer letter the model half saw is read; what it liked next is kept."""

from __future__ import annotations

import numpy as np

from extractor.recognizers.recognition import RARER_FLOOR, LineRead, _ctc_decode

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


def test_each_character_keeps_what_the_model_liked_next_there_likeliest_first():
    read = decoded([{"S": 0.6, "B": 0.3, "T": 0.05}, {}, {"A": 0.99}])
    assert read.chars == ("S", "A")
    (first, p_first), (second, p_second), _ = read.alternatives[0]
    assert (first, second) == ("B", "T") and abs(p_first - 0.3) < 1e-6 and abs(p_second - 0.05) < 1e-6
    # neither the character read nor the blank is an alternative to it
    assert all(char not in ("S", "<blank>") for char, _ in read.alternatives[0])


def test_classes_a_restricted_line_may_not_take_are_no_alternatives():
    probabilities = np.zeros((1, len(ALPHABET)), np.float32)
    probabilities[0, ALPHABET.index("S")], probabilities[0, ALPHABET.index("ß")] = 0.6, 0.3
    probabilities[0, 0] = 0.1
    allowed = np.array([char != "ß" for char in ALPHABET])
    read = _ctc_decode(probabilities, ALPHABET, 4.0, allowed)
    assert read.chars == ("S",) and "ß" not in dict(read.alternatives[0])


def test_the_letters_the_model_weighed_where_it_read_another_are_told_in_their_places():
    read = LineRead(chars=tuple("COLCMBO"), columns=tuple(float(x) for x in range(7)), probabilities=(0.9,) * 7,
                    alternatives=((), (), (), (("O", 0.3), ("o", 0.05), ("0", 0.2)), (("N", 0.01),), (), ()))
    # the O and the small o are one letter; a digit or a letter given under the floor is none
    assert read.weighed_letters(0.02) == {("l", "c", "o", "m")}
    first = LineRead(chars=("P", "X"), columns=(0.0, 1.0), probabilities=(0.9, 0.9), alternatives=((("B", 0.1),), ()))
    assert first.weighed_letters(0.02) == {("", "p", "b", "x")}  # the line's start: no letter before


def test_the_letters_the_model_weighed_a_space_between_are_told():
    read = LineRead(chars=tuple("OFMOTOR"), columns=tuple(float(x) for x in range(7)), probabilities=(0.9,) * 7,
                    spaces=(0.001, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0))
    assert read.weighed_spaces(0.02) == {("f", "m")}
    assert read.weighed_spaces(0.5) == frozenset()
