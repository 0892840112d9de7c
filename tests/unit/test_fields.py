"""Typed fields: values normalised and checked, bad keys refused (a scripted recognizer, no model)."""

from __future__ import annotations

import json

import pytest
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image

from extractor import Template, TemplateError, read
from extractor.fields import FieldResult
from extractor.recognizers.fake import FakeRecognizer

TYPED = {
    "name": "typed",
    "reference": {"width": 100, "height": 60},
    "settings": {"language": "German"},
    "fields": [
        {"name": "born", "rect": [0, 0, 50, 10], "type": "date", "formats": ["%d.%m.%Y", "%d %b %Y"]},
        {"name": "sex", "rect": [0, 10, 50, 20], "type": "enum", "choices": ["M", "F", "X"]},
        {"name": "number", "rect": [0, 20, 50, 30], "type": "pattern", "regex": "[A-Z][0-9]{7}"},
        {"name": "amount", "rect": [0, 30, 50, 40], "type": "number"},
        {"name": "surname", "rect": [0, 40, 50, 50], "case": "upper", "charset": "upper"},
        {"name": "remarks", "rect": [0, 50, 50, 60], "optional": True},
    ],
}


def test_typed_fields_normalised_and_flagged():
    spec = Template.from_dict(TYPED)
    fake = FakeRecognizer(["12 MÄR 1990", "f", "11234568", "1 2O0", "5CHR0DER", ""])
    extraction = read(Image.new("RGB", (200, 120)), spec, recognizer=fake, align=False)
    assert extraction.values() == {"born": "1990-03-12", "sex": "F", "number": "I1234568", "amount": "1200",
                                   "surname": "SCHRODER", "remarks": ""}
    assert all(f.valid for f in extraction.fields.values()) and extraction.warnings == []
    assert extraction.fields["number"].raw == "11234568"
    assert extraction.fields["born"].rect == (0, 0, 100, 20)
    assert extraction.image_size == (200, 120) and extraction.template == "typed"
    bad = read(Image.new("RGB", (200, 120)), spec, recognizer=FakeRecognizer(["31.02.1990", "H", "", "", "", ""]),
               align=False)
    assert bad.fields["born"].value == "31.02.1990" and not bad.fields["born"].valid
    assert "born: '31.02.1990' is not a valid date for format %d.%m.%Y" in bad.warnings[0]
    assert bad.fields["sex"].value == "H" and not bad.fields["sex"].valid
    assert not bad.fields["number"].valid and "number: nothing was read" in bad.warnings
    assert bad.fields["remarks"].valid  # optional: empty is fine
    payload = json.loads(bad.to_json())
    assert payload["fields"]["born"]["warnings"] and payload["elapsed_ms"] >= 0


def read_alone(name: str, text: str) -> FieldResult:
    """The field of a template of that one rectangle, read as `text`."""
    spec = Template.from_dict({"name": "t", "reference": {"width": 100, "height": 20},
                               "fields": [{"name": name, "rect": [0, 0, 100, 20]}]})
    return read(Image.new("RGB", (100, 20)), spec, recognizer=FakeRecognizer([text]), align=False).fields[name]


@pytest.mark.parametrize(("read_as", "flagged"), [("izMIR", True), ("ÖzDEMiR", True), ("PROCsÁzKoVá", True),
                                              ("İZMIR", False), ("McDONALD", False), ("São Paulo", False),
                                              ("DeVITO", False), ("Anne-Marie", False),
                                              ("GARTENSTRAßE 25A", False), ("GIEßEN", False)])
def test_a_word_of_mixed_case_is_flagged_as_a_misread_case(read_as, flagged):
    # a capital İ read as a small i pulls the letters after it small with it
    field = read_alone("place", read_as)
    assert field.value == read_as and field.valid is not flagged
    assert any("mixed inside a word" in warning for warning in field.warnings) is flagged


@pytest.mark.parametrize(("read_as", "flagged"), [("r", True), ("f", True), ("F", False), ("X", False),
                                              ("7", False), ("ß", False), ("r 2", False)])
def test_a_small_letter_alone_is_flagged_as_a_misread_capital(read_as, flagged):
    # a rectangle-only template's sex field: a blurred F reads as r, surely
    field = read_alone("sex", read_as)
    assert field.value == read_as and field.valid is not flagged
    assert any("a small letter alone" in warning for warning in field.warnings) is flagged


@pytest.mark.parametrize(("read_as", "flagged"), [("1é0 cm", True), ("0a5", True), ("1 a 2", False),
                                              ("10x20", False), ("12a", False), ("1A2B", False), ("160 cm", False)])
def test_a_small_letter_between_digits_is_flagged(read_as, flagged):
    # blur makes a 6 look like an é: a height read 1é0 cm, surely
    field = read_alone("height", read_as)
    assert field.value == read_as and field.valid is not flagged
    assert any("between two digits" in warning for warning in field.warnings) is flagged


@pytest.mark.parametrize(("read_as", "flagged"), [("5-10°", True), ("|POL", True), ("376~41-9971", True),
                                              ("782 354 20°9", True), ("GÜL SOK. NO:3", False),
                                              ("APT N° 12", False), ("ISSUED 14:30", False), ("5'-10\"", False),
                                              ("O'BRIEN", False), ("APT #5", False), ("§ 18a AUFENTHG", False)])
def test_a_sign_documents_do_not_print_in_values_is_flagged(read_as, flagged):
    # a height's inch marks read as a degree sign, a frame's rule as a bar
    field = read_alone("height", read_as)
    assert field.value == read_as and field.valid is not flagged
    assert any("a sign documents do not print" in warning for warning in field.warnings) is flagged


@pytest.mark.parametrize(("read_as", "flagged"), [("12. NONE", True), ("4b. A1/A2/B", True), ("9.  B", True),
                                              ("12.NONE", False), ("12 NONE", False), ("NONE", False),
                                              ("123. MAIN", False), ("A. SMITH", False)])
def test_a_value_starting_with_a_field_number_is_flagged(read_as, flagged):
    # a licence numbers its fields left of the values; a photo's rectangle placed a little
    # left takes the number in
    field = read_alone("restrictions", read_as)
    assert field.value == " ".join(read_as.split()) and field.valid is not flagged
    assert any("field number" in warning for warning in field.warnings) is flagged


@pytest.mark.parametrize(("name", "read_as", "flagged"), [
    ("surname", "PŘÍJMENÍ/ SURNAME", True), ("permit_type", "DRUH POVOLENÍ / TYPE OF PERMIT", True),
    ("given_names", "Jméno / Given names", True), ("surname", "SURNAMOVÁ", False),
    ("place_of_birth", "PLACE DE LA BIRTHE", False), ("date_of_birth", "01.02.1990", False),
    ("surname", "SOYADI", True), ("given_names", "VORNAMIN", True), ("address", "DOĞUM YERİ", True),
    ("surname", "SOYER", False), ("given_names", "VORNHOLT", False), ("address", "ADRESSENWEG 4", False),
    ("nationality", "NO", False), ("given_names", "NAT", False), ("personal_number", "ID", False),
])
def test_a_field_reading_as_a_label_is_flagged(name, read_as, flagged):
    # a field placed a row up on a form whose labels are as large as its values fits as well:
    # its reading names the field, or is a label documents print, which a value is not
    field = read_alone(name, read_as)
    assert field.value == read_as and field.valid is not flagged
    assert any("reads as a label" in warning for warning in field.warnings) is flagged


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"type": "date"}, "'formats' is missing"),
        ({"type": "enum"}, "'choices' is missing"),
        ({"type": "pattern"}, "'regex' is missing"),
        ({"formats": ["%d"]}, "'type' is missing"),
        ({"type": "text", "choices": ["A"]}, "'enum' was expected"),
        ({"type": "pattern", "regex": "[A-"}, "is not valid"),
        ({"type": "date", "formats": ["%d.%m.%Q"]}, "date format '%d.%m.%Q'"),
        ({"type": "date", "formats": ["%d.%m.%Y"], "spellcheck": True}, "spellcheck"),
        ({"case": "shouting"}, "'shouting' is not one of"),
    ],
)
def test_typed_keys_are_validated(change, fragment):
    data = json.loads(json.dumps(TYPED))
    data["fields"][5] = {"name": "remarks", "rect": [0, 50, 50, 60], **change}
    with pytest.raises(TemplateError) as caught:
        Template.from_dict(data, source="typed.yaml")
    assert "field 'remarks' (#5)" in str(caught.value) and fragment in str(caught.value)


ZONE = str(TD3CodeGenerator("P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415",
                            "ZE184226B")).split("\n")
RECTANGLES_ONLY = Template.from_dict({
    "name": "passport", "reference": {"width": 100, "height": 60},
    "fields": [{"name": name, "rect": [0, 10 * row, 100, 10 * row + 10]} for row, name in
               enumerate(("document_number", "surname", "given_names", "last_name", "mrz_1", "mrz_2"))],
})


@pytest.mark.parametrize(("printed", "flagged"), [
    (("L898902C3", "ERIKSSON", "ANNA MARIA", "ERIKSSON"), set()),
    (("L898902C3", "ERIKSSÖN", "ANNA MARIA", "ERIKSSON"), set()),  # the zone spells Ö as O
    (("L89B902C3", "ERIKSSON", "ANNA MARIA", "ERIKSSON"), {"document_number", "mrz_1"}),
    (("L898902C3", "FRIKSSON", "ANNA MAR1A", "ERIKSSON"), {"surname", "given_names", "mrz_1"}),
    (("L898902C3", "ERIKSSON", "ANNA MARIA", "ERIKSON"), {"last_name", "mrz_1"}),
])
def test_fields_named_as_the_zone_names_its_data_are_checked_against_it(printed, flagged):
    # a rectangle-only template: no field is typed `mrz`, none names an MRZ field, yet the zone
    # read from its text fields proves its check digits and so the printed values it holds
    fake = FakeRecognizer([*printed, *ZONE])
    fields = read(Image.new("RGB", (100, 60)), RECTANGLES_ONLY, recognizer=fake, align=False).fields
    assert {name for name, field in fields.items() if not field.valid} == flagged
    assert all(any("disagrees with the MRZ" in warning for warning in fields[name].warnings) for name in flagged)


def test_a_zone_whose_checks_fail_checks_no_printed_value():
    broken = [ZONE[0], ZONE[1][:9] + "0" + ZONE[1][10:]]  # the document number's check digit wrong
    fake = FakeRecognizer(["L89B902C3", "ERIKSSON", "ANNA MARIA", "ERIKSSON", *broken])
    fields = read(Image.new("RGB", (100, 60)), RECTANGLES_ONLY, recognizer=fake, align=False).fields
    assert fields["document_number"].valid and not fields["mrz_2"].valid
