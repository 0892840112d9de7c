"""A region's reading: the evidence it carries and the calibrated confidence drawn from it."""

from __future__ import annotations

import pytest

from extractor.recognizers.config import ENGINE
from extractor.recognizers.reading import CALIBRATION, FEATURES, Reading, calibrated, chosen, features
from extractor.recognizers.recognition import LineRead
from extractor.recognizers.repair import LOOK_ALIKES


def reading_of(parts: list[tuple[str, LineRead]]) -> Reading:
    """A region's reading as the engine builds it."""
    return Reading.of(parts, weighed_mark=ENGINE.weighed_mark, weighed_letter=ENGINE.weighed_letter,
                      weighed_space=ENGINE.weighed_space)


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
    plain = reading_of([("MALGORZATA", line("MALGORZATA", {2: (("L", 0.97), ("Ł", 0.001))}))])
    doubted = reading_of([("MALGORZATA", line("MALGORZATA", {2: (("L", 0.97), ("Ł", 0.15))}))])
    assert doubted.evidence(None, faint=False, edge=False, known=None)["max_rival_form"] == 0.15
    assert plain.evidence(None, faint=False, edge=False, known=None)["max_rival_form"] == 0.001
    assert (calibrated(doubted.evidence(None, faint=False, edge=False, known=None))
            < calibrated(plain.evidence(None, faint=False, edge=False, known=None)))


def test_a_form_the_ink_chose_over_the_model_s_first_is_no_rival():
    # the ink saw the stroke and took Ł, which the model gave less than L: the ink decided
    settled = reading_of([("MAŁGORZATA", line("MAŁGORZATA", {2: (("L", 0.6), ("Ł", 0.35))}))])
    assert settled.evidence(None, faint=False, edge=False, known=None)["max_rival_form"] == 0.0


def test_a_region_read_two_ways_that_disagree_is_trusted_less():
    reading = reading_of([("STRAUB", line("STRAUB"))])
    other = reading_of([("STRAUß", line("STRAUß"))])
    agree = calibrated(reading.evidence(reading_of([("STRAUB", line("STRAUB"))]), faint=False, edge=False, known=None))
    assert calibrated(reading.evidence(other, faint=False, edge=False, known=None)) < agree


def test_a_reading_whose_words_no_list_knows_is_trusted_less():
    # NOISITTE read as surely as NOISETTE: a word of no language is seldom what a document prints
    read = reading_of([("NOISITTE", line("NOISITTE"))])
    evidence = {known: read.evidence(None, faint=False, edge=False, known=known) for known in (True, None, False)}
    assert (evidence[False]["word_unknown"], evidence[True]["words_known"]) == (1.0, 1.0)
    assert calibrated(evidence[False]) < calibrated(evidence[None]) < calibrated(evidence[True])


def test_evidence_kept_before_words_were_weighed_reads_as_holding_no_words():
    # dumps made before `max_rival_form`, `words_known` and `word_unknown` were kept still calibrate
    evidence = reading_of([("12.03.1987", line("12.03.1987"))]).evidence(None, faint=False, edge=False, known=None)
    older = {name: value for name, value in evidence.items()
             if name not in ("max_rival_form", "words_known", "word_unknown")}
    assert features(older) == features({**evidence, "max_rival_form": 0.0})


def coded(text: str, alternatives: dict[int, tuple[tuple[str, float], ...]]) -> LineRead:
    return LineRead(tuple(text), tuple(float(10 * i) for i in range(len(text))), (0.9,) * len(text),
                    alternatives=tuple(alternatives.get(i, ()) for i in range(len(text))))


def test_a_code_s_character_whose_look_alike_of_the_other_kind_the_model_gave_is_told():
    # ZPCU0VA7C read with an O the model gave a 0 too: a word of letters and digits says not which
    guessed = reading_of([("ZPCUOVA7C", coded("ZPCUOVA7C", {4: (("0", 0.27), ("Q", 0.001))}))])
    assert guessed.evidence(None, faint=False, edge=False, known=None)["code_rival"] == 0.27
    # other classes the model liked next are no look-alike of the other kind
    assert reading_of([("ZPCUOVA7C", coded("ZPCUOVA7C", {4: (("Q", 0.2),)}))]).code_rival == 0.0


@pytest.mark.parametrize("text", ["GÖTEBORG", "12345", "CR153108Z0CZE0408293M2809056<<<<<<<<<<<<<<00"])
def test_words_of_one_kind_and_zone_lines_have_no_code_rival(text):
    # a name's O and a number's 0 are told by the word; a zone line's by its check digits
    alternatives = {i: ((LOOK_ALIKES[char], 0.3),) for i, char in enumerate(text) if char in LOOK_ALIKES}
    assert reading_of([(text, coded(text, alternatives))]).code_rival == 0.0


def reading(text: str, probability: float = 0.97) -> Reading:
    return reading_of([(text, line(text, probability=probability))])


def test_a_reading_marks_more_than_another_only_where_their_letters_are_alike():
    assert reading("MICHAŁ").marks_more_than(reading("MICHAL"))
    assert reading("VÄSTERÅS").marks_more_than(reading("VÄSTERAS"))
    assert reading("HAUPTSTRAßE 72").marks_more_than(reading("HAUPTSTRABE 72"))  # ß, read as a B
    assert not reading("MICHAL").marks_more_than(reading("MICHAŁ"))
    assert not reading("MICHAŁ").marks_more_than(reading("MICHAŁ"))
    assert not reading("ACCÊS").marks_more_than(reading("ACCÈS"))  # as many marks: the ink decides elsewhere
    assert not reading("MIGHAŁ").marks_more_than(reading("MICHAL"))  # another letter too


def test_detection_s_reading_stands_where_it_is_no_less_sure():
    unsure, sure = reading("AUFENTHAITSTITEL", 0.6), reading("AUFENTHALTSTITEL", 0.9)
    assert chosen(unsure, sure, unclear=False) == (sure, unsure, False)  # detection the surer
    assert chosen(sure, unsure, unclear=False) == (sure, unsure, False)  # the first the surer
    nothing = Reading("", (), (), (), 0, 0)
    assert chosen(nothing, unsure, unclear=True) == (unsure, None, False)  # lines unclear: detection


def test_of_two_readings_alike_but_for_marks_the_more_marked_stands():
    # blur pales a mark in one cut of a line; it seldom prints one that is not there
    marked, plain = reading("GÖTTINGEN", 0.9), reading("GOTTINGEN", 0.9)
    assert chosen(plain, marked, unclear=False) == (marked, plain, False)
    assert chosen(marked, plain, unclear=False) == (marked, plain, False)


def test_a_mark_seen_only_in_the_less_sure_cut_stands_unsurely():
    marked, plain = reading("NÜRNBERG", 0.4), reading("NURNBERG", 0.9)
    assert chosen(plain, marked, unclear=False) == (marked, plain, True)  # detection the less sure
    assert chosen(marked, plain, unclear=False) == (marked, plain, True)  # the first the less sure
