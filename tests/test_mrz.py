"""Machine-readable zones: each format parsed and checked, repairs only where the checks prove
them, and zones found in scans and turned photos by the embedded engine."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from mrz.generator.mrva import MRVACodeGenerator
from mrz.generator.mrvb import MRVBCodeGenerator
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image

from extractor import MRZError, MRZNotFoundError, Template, TemplateError, parse_mrz, read, read_mrz
from extractor.cli import main
from extractor.mrz.zone import LAYOUTS
from synth.designs import design, flatten
from synth.photo import desk_shot

LABELS_LEFT_PANEL = 16  # an ID-3 page whose MRZ lines are fields

ZONES = {
    "TD1": str(TD1CodeGenerator("I", "UTO", "D23145890", "740812", "F", "120415", "UTO", "ERIKSSON", "ANNA MARIA")),
    "TD2": str(TD2CodeGenerator("I", "UTO", "ERIKSSON", "ANNA MARIA", "D23145890", "UTO", "740812", "F", "120415")),
    "TD3": str(TD3CodeGenerator("P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415",
                                "ZE184226B")),
    "MRV-A": str(MRVACodeGenerator("V", "UTO", "ERIKSSON", "ANNA MARIA", "L8988901C", "XXX", "400907", "F",
                                   "961210", "6ZE184226B")),
    "MRV-B": str(MRVBCodeGenerator("V", "UTO", "ERIKSSON", "ANNA MARIA", "L8988901C", "XXX", "400907", "F",
                                   "961210", "6ZE1842")),
}


@pytest.mark.parametrize("kind", ZONES)
def test_each_format_parses_with_every_check_holding(kind):
    zone = parse_mrz(ZONES[kind])
    assert zone.format == kind and zone.valid and zone.repairs == ()
    assert zone.fields["surname"] == "ERIKSSON" and zone.fields["given_names"] == "ANNA MARIA"
    assert zone.fields["issuing_country"] == "UTO" and zone.fields["sex"] == "F"
    birth, expiry = ("1940-09-07", "1996-12-10") if kind.startswith("MRV") else ("1974-08-12", "2012-04-15")
    assert zone.fields["birth_date"] == birth and zone.fields["expiry_date"] == expiry
    assert zone.text == ZONES[kind]


@pytest.mark.parametrize("kind", ZONES)
def test_a_wrong_check_digit_fails_its_check_and_is_not_repaired(kind):
    lines = ZONES[kind].split("\n")
    places = {spec.name: spec.check for spec in LAYOUTS[kind] if spec.check}
    for name, (line, column) in places.items():
        broken = [list(row) for row in lines]
        digit = broken[line][column]
        broken[line][column] = str((int(digit) + 1) % 10) if digit.isdigit() else "3"
        zone = parse_mrz(["".join(row) for row in broken])
        assert not zone.checks[name] and not zone.valid, name


def test_look_alikes_are_repaired_where_the_checks_prove_them():
    lines = ZONES["TD3"].split("\n")
    misread = lines[1].replace("L898902C3", "L8989O2C3").replace("7408122", "74O8122")
    zone = parse_mrz([lines[0].replace("ERIKSSON", "ERIK5SON"), misread])
    assert zone.valid and zone.lines == tuple(lines)
    assert set(zone.repairs) == {"1:10 5->S", "2:6 O->0", "2:16 O->0"}
    assert not parse_mrz([lines[0], misread], repair=False).valid


def test_a_repair_that_is_not_the_only_one_is_not_made():
    # two look-alikes in the number: several single swaps or pairs may pass, so none is proven
    lines = ZONES["TD1"].split("\n")
    broken = lines[0].replace("D23145890", "D23I4SB9O")
    zone = parse_mrz([broken, *lines[1:]])
    assert zone.lines[0] == broken and not zone.checks["document_number"] and not zone.valid


def test_a_td1_number_longer_than_nine_characters_goes_on_in_the_optional_data():
    zone = parse_mrz(["I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2",
                      "STEVENSON<<PETER<JOHN<<<<<<<<<"])
    assert zone.fields["document_number"] == "D23145890734"
    assert zone.checks["document_number"] and zone.valid


@pytest.mark.parametrize("text", ["", "P<UTOERIKSSON", "P<UTO\nL898", "P<UTOÉRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"])
def test_text_that_is_no_zone_is_refused_by_name(text):
    with pytest.raises(MRZError):
        parse_mrz(text)


def zone_document(person: int = 1):
    chosen = design(LABELS_LEFT_PANEL)
    values = chosen.values(random.Random(person))
    return [values["mrz_1"], values["mrz_2"]], chosen.render(values, seed=person)


def test_the_zone_of_a_scan_is_read_exactly(embedded):
    truth, card = zone_document()
    zone = read_mrz(flatten(card), vision=embedded.models)
    assert list(zone.lines) == truth and zone.valid and zone.format == "TD3"


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_the_zone_of_a_turned_photo_is_found_and_read(embedded, turns):
    truth, card = zone_document(person=turns)
    photo, _, _ = desk_shot(card, "desk", random.Random(turns), turns)
    zone = read_mrz(photo, vision=embedded.models)
    assert list(zone.lines) == truth and zone.valid


def test_an_image_without_a_zone_is_refused(embedded):
    chosen = design(18)  # a design without an MRZ
    card = chosen.render(chosen.values(random.Random(0)), seed=0)
    with pytest.raises(MRZNotFoundError):
        read_mrz(flatten(card), vision=embedded.models)
    with pytest.raises(MRZNotFoundError):
        read_mrz(Image.new("RGB", (800, 500), "white"), vision=embedded.models)


def test_the_cli_prints_one_line_per_file_and_fails_on_a_file_without_a_zone(embedded, tmp_path):
    truth, card = zone_document()
    flatten(card).save(tmp_path / "page.png")
    Image.new("RGB", (600, 400), "white").save(tmp_path / "blank.png")
    result = CliRunner().invoke(main, ["mrz", str(tmp_path / "page.png"), "--details"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["lines"] == truth and record["valid"] and all(record["checks"].values())
    result = CliRunner().invoke(main, ["mrz", str(tmp_path / "page.png"), str(tmp_path / "blank.png")])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["valid"] and records[1]["error"]["type"] == "MRZNotFoundError"


def zone_template(tmp_path, checks: dict[str, str]):
    """Design 16's template with its two MRZ lines as one field of type mrz, and printed
    fields that name the MRZ field they must agree with."""
    template = design(LABELS_LEFT_PANEL).template
    fields = []
    for spec in template.fields:
        if spec.name == "mrz_2":
            continue
        if spec.name == "mrz_1":
            lower = next(other for other in template.fields if other.name == "mrz_2")
            rect = [min(spec.rect[0], lower.rect[0]), spec.rect[1], max(spec.rect[2], lower.rect[2]), lower.rect[3]]
            fields.append({"name": "mrz", "rect": rect, "type": "mrz"})
            continue
        item = {"name": spec.name, "rect": list(spec.rect)}
        if spec.name in checks:
            item["mrz"] = checks[spec.name]
        fields.append(item)
    path = tmp_path / "zone_page.yaml"
    path.write_text(yaml.safe_dump({"name": "zone_page", "reference": {"width": template.width,
                                                                        "height": template.height},
                                    "fields": fields}), "utf-8")
    return path


def test_a_template_field_of_type_mrz_is_parsed_and_cross_checked(embedded, tmp_path):
    chosen = design(LABELS_LEFT_PANEL)
    values = chosen.values(random.Random(1))
    template = zone_template(tmp_path, {"surname": "surname", "document_number": "document_number",
                                        "nationality": "nationality"})
    extraction = read(flatten(chosen.render(values, seed=1)), str(template), recognizer=embedded)
    zone = extraction.fields["mrz"]
    assert zone.valid and zone.mrz is not None and zone.mrz.valid
    assert zone.value == f"{values['mrz_1']}\n{values['mrz_2']}"
    assert zone.mrz.fields["document_number"] == values["document_number"]
    for name in ("surname", "document_number", "nationality"):  # LEBLANC-CHÂTEAUNEUF agrees with LEBLANC<CHATEAUNEUF
        assert extraction.fields[name].valid, extraction.fields[name].warnings


def test_a_printed_value_that_disagrees_with_the_mrz_flags_both(embedded, tmp_path):
    chosen = design(LABELS_LEFT_PANEL)
    values = chosen.values(random.Random(1))
    values["document_number"] = "99XX12345"  # printed, while the MRZ keeps the real number
    template = zone_template(tmp_path, {"document_number": "document_number"})
    extraction = read(flatten(chosen.render(values, seed=1)), str(template), recognizer=embedded)
    number, zone = extraction.fields["document_number"], extraction.fields["mrz"]
    assert not number.valid and not zone.valid
    assert any("disagrees with the MRZ's document_number" in warning for warning in number.warnings)
    assert any("document_number disagrees" in warning for warning in zone.warnings)


def test_a_cross_check_without_a_zone_field_is_a_template_error():
    with pytest.raises(TemplateError, match="needs one field of type mrz"):
        Template.from_dict({"name": "no_zone", "reference": {"width": 100, "height": 60},
                            "fields": [{"name": "surname", "rect": [0, 0, 50, 20], "mrz": "surname"}]})


def test_an_unsure_character_whose_look_alike_passes_every_check_too_is_not_valid():
    # G is 16 and 6 is 6: at a place weighted 7 they differ by 70, which no check digit sees
    truth = str(TD3CodeGenerator("P", "UTO", "LI", "ANNA MARIA", "G532167A7", "UTO", "890303", "M", "320215"))
    lines = [truth.split("\n")[0], truth.split("\n")[1].replace("G532167A7", "6532167A7", 1)]
    assert parse_mrz(lines).valid  # the checks alone cannot tell
    sure = [[0.99] * 44, [0.99] * 44]
    unsure = [[0.99] * 44, [0.66] + [0.99] * 43]
    assert parse_mrz(lines, probabilities=sure).valid
    zone = parse_mrz(lines, probabilities=unsure)
    assert not zone.checks["unambiguous"] and not zone.valid


def test_a_name_character_hardly_read_beside_a_letter_is_not_valid():
    # names have no check digit: a slot the reading left empty (probability 0) next to a
    # letter is a guess; one in a run of fillers is one more filler
    lines = ZONES["TD3"].split("\n")
    certain = [[0.99] * 44, [0.99] * 44]
    guessed = [[0.99] * 5 + [0.0] + [0.99] * 38, [0.99] * 44]  # the E of ERIKSSON
    filler = [[0.99] * 30 + [0.0] + [0.99] * 13, [0.99] * 44]  # inside the run of < after the names
    assert parse_mrz(lines, probabilities=certain).valid
    assert not parse_mrz(lines, probabilities=guessed).valid
    assert parse_mrz(lines, probabilities=filler).valid


def test_a_line_parted_by_detection_is_joined_again():
    from extractor.mrz.find import _joined

    def box(left: float, right: float, top: float = 100.0) -> np.ndarray:
        return np.array([(left, top), (right, top), (right, top + 30), (left, top + 30)], np.float32)

    joined = _joined([box(10, 500), box(530, 700), box(10, 300, top=160)])  # a gap of one height; another line
    lengths = sorted(round(float(np.hypot(*(quad[1] - quad[0])))) for quad in joined)
    assert lengths == [290, 690]
