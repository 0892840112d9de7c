"""The rules a proposed template is made by: names from labels, types from values, the YAML written."""

from __future__ import annotations

import pytest
import yaml

from extractor.authoring.lines import TextLine
from extractor.authoring.propose import _unlabelled
from extractor.authoring.types import EYE_COLOURS, HAIR_COLOURS, date_format, generalise, guess_type
from extractor.authoring.writer import template_yaml
from extractor.geometry import Rect
from extractor.labels import known_label, label_end, label_parts, name_label, slug
from extractor.template import Template


@pytest.mark.parametrize(("label", "name"), [
    ("Date of birth", "date_of_birth"), ("DATE OF BIRTH", "date_of_birth"), ("Geburtsdatum", "date_of_birth"),
    ("Date de naissance", "date_of_birth"), ("Surname / Nom", "surname"), ("Nom", "surname"),
    ("4a.", "date_of_issue"), ("DOB", "date_of_birth"), ("Document no.", "document_number"),
    ("GÜLTIG BIS", "date_of_expiry"), ("Colour of eyes", "eye_colour"),
])
def test_known_labels_get_their_standard_name(label, name):
    assert name_label([label])[0] == name


def test_a_misread_label_is_still_known_but_a_short_word_must_be_exact():
    assert known_label("Date of birht") is not None and known_label("Date of birht").name == "date_of_birth"
    assert known_label("Sez") is None  # two letters off a short word is another word


def test_other_labels_are_named_after_their_words():
    assert name_label(["DL NUMBER"]) == ("dl_number", "en")  # known as a label, named by its words
    assert name_label(["Library card"]) == ("library_card", None)
    assert name_label(["Last name"])[0] == "last_name"
    assert name_label(["Student ID No."])[0] == "student_id_number"
    assert slug("123") == "field_123" and slug("--") == ""


def test_the_language_of_a_label_is_known():
    assert name_label(["Geburtsdatum"]) == ("date_of_birth", "de")
    assert name_label(["Nom", "Surname"]) == ("surname", "fr")


def test_bilingual_labels_part_at_slashes_between_words_only():
    assert label_parts("Surname / Nom") == ["Surname", "Nom"]
    assert label_parts("AM/A1/B") == ["AM/A1/B"]


@pytest.mark.parametrize(("text", "form"), [
    ("12.08.1983", "%d.%m.%Y"), ("08/31/2029", "%m/%d/%Y"), ("31/08/2029", "%d/%m/%Y"), ("2029-08-31", "%Y-%m-%d"),
    ("12 AUG 1983", "%d %b %Y"), ("12.08.83", "%d.%m.%y"), ("BERLIN", None), ("31.02.1990", None),
])
def test_dates_and_their_format(text, form):
    assert date_format(text, "English") == form


def test_an_ambiguous_date_takes_the_order_the_document_shows():
    assert date_format("03/04/2020", "English") == "%d/%m/%Y"
    assert date_format("03/04/2020", "English", day_first=False) == "%m/%d/%Y"


def test_document_numbers_become_patterns_their_value_matches():
    assert generalise("D5824163") == "[A-Z][0-9]{7}"
    assert generalise("L01X00T47") == "[A-Z0-9]{9}"
    assert generalise("TY 344978 N") == "[A-Z]{2}\\ [0-9]{6}\\ [A-Z]"
    assert guess_type("D5824163", "dl_number", "English") == {"type": "pattern", "regex": "[A-Z][0-9]{7}"}
    assert guess_type("2570 24TH STREET", "address", "English") == {}


def test_types_guessed_from_values():
    assert guess_type("F", "sex", "English") == {"type": "enum", "choices": ["M", "F", "X"]}
    assert guess_type("M", "field", "English")["type"] == "enum"
    assert guess_type("UTO", "nationality", "English") == {"type": "pattern", "regex": "[A-Z]{3}"}
    assert guess_type("165 lb", "weight", "English") == {"type": "pattern", "regex": "[0-9]{3}\\ lb"}
    assert guess_type("1 250", "amount", "English") == {"type": "number"}
    assert guess_type("MUSTERMANN", "surname", "English") == {}
    assert guess_type("HAZ", "eyes", "English") == {"type": "enum", "choices": list(EYE_COLOURS)}
    assert guess_type("BLN", "hair_colour", "English")["choices"] == list(HAIR_COLOURS)
    assert guess_type("BLU", "hair", "English") == {}  # no hair colour


def test_a_line_is_cut_where_its_characters_are():
    line = TextLine("Name: SMITH", Rect(100, 10, 210, 30), 0.99, tuple(100.0 + 10 * i for i in range(11)))
    label, value = line.split(5)
    assert (label.text, value.text) == ("Name:", "SMITH")
    assert label.right == value.left == 145 and value.right == 210
    with pytest.raises(ValueError, match="cannot cut"):
        line.split(0)


def test_a_zone_line_with_a_letter_read_small_is_still_the_zone():
    zone = [TextLine("P<SYVOEBERG<<MAANS<<<<<<<<<<<<<<<<<<<<<<<<<<", Rect(90, 680, 1050, 712), 0.99, ()),
            TextLine("5371004925SWE8308300m3003161<<<<<<<<<<<<<<06", Rect(90, 726, 1050, 762), 0.98, ())]
    found = _unlabelled(zone, [], [], [])
    assert [(f.name, f.lines) for f in found] == [("mrz", zone)]


def test_the_yaml_written_reads_back_as_the_template():
    data = {"name": "student_id", "title": "STUDENT ID: \"2025\"", "reference": {"width": 800, "height": 500},
            "settings": {"language": "English"},
            "anchors": [{"text": "UNIVERSITY", "rect": [10, 10, 200, 40]}],
            "fields": [{"name": "born", "rect": [10, 60, 300, 100], "type": "date", "formats": ["%d.%m.%Y"]},
                       {"name": "number", "rect": [10, 120, 300, 160], "type": "pattern", "regex": "[0-9]{3}\\\""}]}
    text = template_yaml(data)
    assert yaml.safe_load(text) == data
    assert Template.from_dict(yaml.safe_load(text)).fields[1].regex == '[0-9]{3}\\"'


@pytest.mark.parametrize(("line", "label"), [
    ("Surname: SMITH", "Surname:"), ("4a. 12.03.2020", "4a."), ("SEX M", "SEX"), ("Pleć 1 Sex M", "Pleć 1 Sex"),
    ("Nationalité ITA", "Nationalité"), ("Tale 167 cm", "Tale"), ("Date of birth", ""), ("Sacramento", ""),
    ("Bahnhofstraße 121 70669 München", ""), ("Rodzaj zezwolenia / Type of permit", ""),
])
def test_a_label_printed_before_its_value_on_one_line_ends_where_the_value_starts(line, label):
    assert line[:label_end(line)] == label


def test_a_misread_slash_or_a_misread_short_label_is_still_a_label():
    assert name_label(["Nazwisko 1 Surname"]) == ("surname", "pl")
    assert name_label(["Tale"])[0] == "height" and name_label(["Nam"])[0] == "surname"
