"""A region's reading: the evidence it carries and the calibrated confidence drawn from it."""

from __future__ import annotations

import pytest

from extractor.recognizers.reading import CALIBRATION, FEATURES, Reading, calibrated
from extractor.recognizers.recognition import LineRead
from extractor.recognizers.repair import LOOK_ALIKES


def line(text: str, variants: dict[int, tuple[tuple[str, float], ...]] | None = None,
         probability: float = 0.97) -> LineRead:
    forms = variants or {}
    return LineRead(tuple(text), tuple(float(10 * i) for i in range(len(text))), (probability,) * len(text),
                    (0.0,) * len(text), (probability - 0.02,) * len(text),
                    tuple(forms.get(i, ()) for i in range(len(text))) if forms else ())


def test_every_feature_has_one_weight_and_the_bias_comes_last():
    assert [name for name, _ in CALIBRATION] == [*FEATURES, "bias"]


def test_the_model_s_doubt_between_forms_of_a_letter_lowers_the_confidence():
    # MAŁGORZATA read with an L the model still gave Ł 0.15: as sure of the letter, less of the reading
    plain = Reading.of([("MALGORZATA", line("MALGORZATA", {2: (("L", 0.97), ("Ł", 0.001))}))])
    doubted = Reading.of([("MALGORZATA", line("MALGORZATA", {2: (("L", 0.97), ("Ł", 0.15))}))])
    assert doubted.evidence(None, faint=False, edge=False)["max_rival_form"] == 0.15
    assert plain.evidence(None, faint=False, edge=False)["max_rival_form"] == 0.001
    assert (calibrated(doubted.evidence(None, faint=False, edge=False))
            < calibrated(plain.evidence(None, faint=False, edge=False)))


def test_a_form_the_ink_chose_over_the_model_s_first_is_no_rival():
    # the ink saw the stroke and took Ł, which the model gave less than L: the ink decided
    settled = Reading.of([("MAŁGORZATA", line("MAŁGORZATA", {2: (("L", 0.6), ("Ł", 0.35))}))])
    assert settled.evidence(None, faint=False, edge=False)["max_rival_form"] == 0.0


def test_a_region_read_two_ways_that_disagree_is_trusted_less():
    reading = Reading.of([("STRAUB", line("STRAUB"))])
    other = Reading.of([("STRAUß", line("STRAUß"))])
    agree = calibrated(reading.evidence(Reading.of([("STRAUB", line("STRAUB"))]), faint=False, edge=False))
    assert calibrated(reading.evidence(other, faint=False, edge=False)) < agree


def coded(text: str, alternatives: dict[int, tuple[tuple[str, float], ...]]) -> LineRead:
    return LineRead(tuple(text), tuple(float(10 * i) for i in range(len(text))), (0.9,) * len(text),
                    alternatives=tuple(alternatives.get(i, ()) for i in range(len(text))))


def test_a_code_s_character_whose_look_alike_of_the_other_kind_the_model_gave_is_told():
    # ZPCU0VA7C read with an O the model gave a 0 too: a word of letters and digits says not which
    guessed = Reading.of([("ZPCUOVA7C", coded("ZPCUOVA7C", {4: (("0", 0.27), ("Q", 0.001))}))])
    assert guessed.evidence(None, faint=False, edge=False)["code_rival"] == 0.27
    # other classes the model liked next are no look-alike of the other kind
    assert Reading.of([("ZPCUOVA7C", coded("ZPCUOVA7C", {4: (("Q", 0.2),)}))]).code_rival == 0.0


@pytest.mark.parametrize("text", ["GÖTEBORG", "12345", "CR153108Z0CZE0408293M2809056<<<<<<<<<<<<<<00"])
def test_words_of_one_kind_and_zone_lines_have_no_code_rival(text):
    # a name's O and a number's 0 are told by the word; a zone line's by its check digits
    alternatives = {i: ((LOOK_ALIKES[char], 0.3),) for i, char in enumerate(text) if char in LOOK_ALIKES}
    assert Reading.of([(text, coded(text, alternatives))]).code_rival == 0.0
