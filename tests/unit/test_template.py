from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor import Template, TemplateError, TemplateNotFoundError, load_template
from extractor.template import TemplateShadowWarning, iter_templates, registered_templates, search_path

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
    with pytest.warns(TemplateShadowWarning, match="drivers_license_ca"):
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


def test_yaml_aliases_are_refused_before_they_expand(tmp_path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\n", "utf-8")  # 9**9 strings if expanded
    with pytest.raises(TemplateError, match="aliases") as caught:
        load_template(path)
    assert "line 2" in str(caught.value) and len(str(caught.value)) < 300


def test_errors_quote_values_short(tmp_path):
    path = write(tmp_path, VALID.replace("title: A permit", "title: [" + ", ".join(["1234567890"] * 5000) + "]"))
    with pytest.raises(TemplateError, match="title") as caught:
        load_template(path)
    assert len(str(caught.value)) < 300


def test_a_name_is_a_name_and_a_file_is_not_echoed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:hunter2-password\n", "utf-8")
    for name in ("..", "Permit", "a b", "permit.."):
        with pytest.raises(TemplateNotFoundError, match="not a template name"):
            load_template(name)
    relative = os.path.relpath(secret)  # a path, the caller's choice: read, never echoed
    with pytest.raises(TemplateError) as caught:
        load_template(relative)
    assert "hunter2" not in str(caught.value) and "not a template" in str(caught.value)


def test_template_files_over_a_megabyte_are_refused(tmp_path):
    path = write(tmp_path, VALID + "x-padding: '" + "x" * (1 << 20) + "'\n")
    with pytest.raises(TemplateError, match="too large"):
        load_template(path)


def test_a_broken_user_template_is_skipped_by_auto(monkeypatch, tmp_path, caplog):
    write(tmp_path, VALID)
    write(tmp_path, "name: broken\nfields: 3\n", "broken")
    monkeypatch.setenv("EXTRACTOR_TEMPLATES", str(tmp_path))
    names = [template.name for template in registered_templates()]
    assert "permit" in names and "drivers_license_ca" in names and "broken" not in names
    assert any("broken" in record.getMessage() for record in caplog.records)


def test_unbounded_regex_is_refused_at_validation(tmp_path):
    for regex in (r"(a)\1", r"(?=a)a"):
        text = VALID.replace("    order: 5", f"    order: 5\n    type: pattern\n    regex: '{regex}'")
        with pytest.raises(TemplateError, match="RE2"):
            load_template(write(tmp_path, text))


def test_template_keys_anchors_and_sample_are_checked(tmp_path):
    base = {"name": "card", "reference": {"width": 400, "height": 250},
            "fields": [{"name": "a", "rect": [10, 10, 100, 40]}]}
    with pytest.raises(TemplateError, match=r"anchor 'TITLE' \(#0\).*inside the reference size 400x250"):
        Template.from_dict({**base, "anchors": [{"text": "TITLE", "rect": [300, 10, 500, 40]}]}, "t.yaml")
    with pytest.raises(TemplateError, match="anchors"):
        Template.from_dict({**base, "anchors": [{"rect": [1, 1, 5, 5]}]}, "t.yaml")
    with pytest.raises(TemplateError, match="sample 'missing.png': no such file"):
        Template.from_dict({**base, "sample": "missing.png"}, str(tmp_path / "card.yaml"))
    (tmp_path / "card.png").write_bytes(b"")
    template = Template.from_dict({**base, "sample": "card.png"}, str(tmp_path / "card.yaml"))
    assert template.sample == tmp_path / "card.png"
