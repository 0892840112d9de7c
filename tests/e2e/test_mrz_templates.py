"""Machine-readable zones through the command line and in templates, cross-checked."""

from __future__ import annotations

import json
import random

import yaml
from click.testing import CliRunner
from PIL import Image

from extractor import read
from extractor.cli import main
from synth.designs import design, flatten

LABELS_LEFT_PANEL = 16  # an ID-3 page whose MRZ lines are fields

def zone_document(person: int = 1):
    chosen = design(LABELS_LEFT_PANEL)
    values = chosen.values(random.Random(person))
    return [values["mrz_1"], values["mrz_2"]], chosen.render(values, seed=person)


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
