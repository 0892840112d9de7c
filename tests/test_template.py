from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor import Template, TemplateError, TemplateNotFoundError, load_template
from extractor.template import iter_templates, search_path

VALID = """\
name: permit
title: A permit
reference: {width: 1000, height: 600}
settings: {language: German, makeSpellCheck: false}
x-author: someone
fields:
  - name: last_name
    rect: [300, 200, 900, 260]
    x-note: printed in caps
  - name: first_name
    rect: [300, 270, 900, 330]
    order: 5
"""


def write(folder: Path, text: str, name: str = "permit") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, "utf-8")
    return path


def test_valid_template_loads_with_orders_and_notes(tmp_path):
    spec = Template.from_file(write(tmp_path, VALID))
    assert spec.name == "permit"
    assert (spec.width, spec.height) == (1000, 600)
    assert [(f.name, f.order) for f in spec.fields] == [("last_name", 0), ("first_name", 5)]
    assert spec.fields[0].rect == (300, 200, 900, 260)
    assert spec.fields[0].extra == {"x-note": "printed in caps"}
    assert spec.settings == {"language": "German", "makeSpellCheck": False}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("rect: [300, 200, 900, 260]", "rect: [900, 200, 300, 260]"),
         ["field 'last_name' (#0)", "[900, 200, 300, 260]", "left < right"]),
        (("rect: [300, 270, 900, 330]", "rect: [300, 270, 1200, 330]"),
         ["field 'first_name' (#1)", "outside the reference size 1000x600"]),
        (("    rect: [300, 200, 900, 260]\n", ""), ["field 'last_name' (#0)", "'rect' is missing"]),
        (("name: first_name", "name: last_name"), ["field 'last_name' (#1)", "duplicate name"]),
        (("order: 5", "order: 0"), ["field 'first_name' (#1)", "order 0", "'last_name'"]),
        (("name: permit", "name: other"), ["'other'", "file's stem 'permit'"]),
        (("title: A permit", "titel: A permit"), ["unknown key", "'titel'"]),
        (("    order: 5", "    ordr: 5"), ["field 'first_name' (#1)", "'ordr'"]),
        (("rect: [300, 200, 900, 260]", "rect: [300, 200, 900]"), ["field 'last_name' (#0)", "rect"]),
        (("language: German", "language: Klingon"), ["settings", "Klingon"]),
        (("name: last_name", "name: Last-Name"), ["(#0)", "'Last-Name'"]),
        (("fields:", "fields: []\nother:"), ["fields"]),
    ],
)
def test_invalid_templates_name_file_field_and_value(tmp_path, change, expected):
    path = write(tmp_path, VALID.replace(*change))
    with pytest.raises(TemplateError) as caught:
        Template.from_file(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_yaml_syntax_error_gives_line_number(tmp_path):
    path = write(tmp_path, VALID.replace("rect: [300, 270, 900, 330]", "rect: [300, 270, 900, 330"))
    with pytest.raises(TemplateError, match=r"YAML syntax error at line \d+, column \d+") as caught:
        Template.from_file(path)
    assert isinstance(caught.value, ValueError)


def test_template_errors_are_value_errors(tmp_path):
    with pytest.raises(ValueError):
        Template.from_file(write(tmp_path, "name: permit\n"))


def test_unknown_name_is_lookup_error_naming_places(monkeypatch, tmp_path):
    monkeypatch.setenv("EXTRACTOR_TEMPLATES", str(tmp_path))
    with pytest.raises(LookupError) as caught:
        load_template("no_such_card")
    assert isinstance(caught.value, TemplateNotFoundError)
    message = str(caught.value)
    assert "'no_such_card'" in message and str(tmp_path) in message and "templates" in message


def test_env_folders_come_before_builtins(monkeypatch, tmp_path):
    custom = VALID.replace("name: permit", "name: drivers_license_ca")
    write(tmp_path, custom, "drivers_license_ca")
    other = tmp_path / "more"
    other.mkdir()
    write(other, VALID)
    monkeypatch.setenv("EXTRACTOR_TEMPLATES", os.pathsep.join([str(tmp_path), str(other)]))
    assert load_template("drivers_license_ca").source == str(tmp_path / "drivers_license_ca.yaml")
    assert load_template("permit").source == str(other / "permit.yaml")
    assert search_path()[:2] == [tmp_path, other]
    names = [p.stem for p in iter_templates()]
    assert names.count("drivers_license_ca") == 1 and "national_id_de" in names


def test_load_accepts_path_name_and_template(tmp_path):
    path = write(tmp_path, VALID)
    by_path = load_template(path)
    assert load_template(str(path)) == by_path
    assert load_template(by_path) is by_path
    assert load_template("drivers_license_ca").name == "drivers_license_ca"


def test_missing_template_file_is_lookup_error(tmp_path):
    with pytest.raises(TemplateNotFoundError, match="does not exist"):
        load_template(tmp_path / "gone.yaml")


@pytest.mark.parametrize("name", ["drivers_license_ca", "national_id_de", "residence_permit_eu"])
def test_builtin_templates_are_valid(name):
    spec = load_template(name)
    assert spec.name == name and len(spec.fields) >= 8


def test_changed_file_is_read_again(tmp_path):
    path = write(tmp_path, VALID)
    assert load_template(path).title == "A permit"
    write(tmp_path, VALID.replace("title: A permit", "title: A longer permit title"))
    assert load_template(path).title == "A longer permit title"
