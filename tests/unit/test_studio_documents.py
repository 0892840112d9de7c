"""The studio's template files: saved round trip (comments and x-* notes kept), names and paths checked."""

from __future__ import annotations

import shutil

import pytest

from extractor.errors import TemplateError
from extractor.studio.documents import folder_file, plain, read_document, save_document, template_path
from tests.helpers import ROOT

NOTED = """\
# Drawn over the 2024 specimen: keep this comment
name: card
x-source: the 2024 specimen  # where it came from
reference: {width: 400, height: 200}
fields:
  - name: surname
    x-note: printed in capitals
    rect: [10, 10, 200, 40]  # the value only, not its label
  - name: born
    rect: [10, 60, 200, 90]
    type: date
    formats: ["%d.%m.%Y"]
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "card.yaml").write_text(NOTED, "utf-8")
    return tmp_path


def test_saving_keeps_comments_and_x_keys_of_the_file(folder):
    data = plain(read_document(folder / "card.yaml"))
    data["fields"][0]["rect"] = [12, 10, 220, 40]
    data["fields"][1]["name"] = "date_of_birth"  # renamed: keeps its place and keys
    data["fields"].append({"name": "sex", "rect": [300, 60, 340, 90], "type": "enum", "choices": ["M", "F"]})
    data["x-source"] = "the 2024 specimen"
    del data["fields"][0]["x-note"]  # the browser need not carry notes: the file keeps them
    path, text, _ = save_document(folder, data)
    assert path == folder / "card.yaml" and path.read_text("utf-8") == text
    assert text.startswith("# Drawn over the 2024 specimen: keep this comment\n")
    assert "x-source: the 2024 specimen  # where it came from" in text
    assert "x-note: printed in capitals" in text
    assert "rect: [12, 10, 220, 40]  # the value only, not its label" in text
    assert "  - name: date_of_birth\n" in text and 'formats: ["%d.%m.%Y"]' in text
    assert "  - name: sex\n    rect: [300, 60, 340, 90]\n    type: enum\n    choices: [M, F]\n" in text
    assert plain(read_document(path))["fields"][2]["choices"] == ["M", "F"]


def test_an_unchanged_template_is_written_as_it_was(tmp_path):
    shutil.copy(ROOT / "templates" / "drivers_license_ca.yaml", tmp_path)
    original = (tmp_path / "drivers_license_ca.yaml").read_text("utf-8")
    _, text, _ = save_document(tmp_path, plain(read_document(tmp_path / "drivers_license_ca.yaml")))
    assert text == original


def test_a_new_template_is_written_in_the_templates_style(tmp_path):
    data = {"name": "fresh", "reference": {"width": 100, "height": 50},
            "anchors": [{"text": "ID", "rect": [1, 1, 20, 10]}],
            "fields": [{"name": "number", "rect": [1, 20, 90, 40]}]}
    _, text, _ = save_document(tmp_path, data)
    assert text == ("name: fresh\nreference: {width: 100, height: 50}\nanchors:\n  - {text: ID, rect: [1, 1, 20, 10]}\n"
                    "fields:\n  - name: number\n    rect: [1, 20, 90, 40]\n")


def test_an_invalid_template_is_not_written(folder):
    data = plain(read_document(folder / "card.yaml"))
    del data["fields"][1]["formats"]
    with pytest.raises(TemplateError, match=r"card\.yaml: field 'born' \(#1\): 'formats' is missing"):
        save_document(folder, data)
    assert (folder / "card.yaml").read_text("utf-8") == NOTED
    assert [p.name for p in folder.iterdir()] == ["card.yaml"]  # no temporary file left


@pytest.mark.parametrize("name", ["../card", "Card", "a/b", "", "x.yaml", "1card", None, 7])
def test_names_that_are_no_template_names_are_refused(folder, name):
    with pytest.raises(TemplateError, match="not a template name"):
        template_path(folder, name)


@pytest.mark.parametrize("file", ["../card.yaml", "sub/card.yaml", "missing.png", "", ".", ".."])
def test_only_files_directly_in_the_folder_are_reached(folder, file):
    (folder / "sub").mkdir()
    (folder / "sub" / "card.yaml").write_text(NOTED, "utf-8")
    with pytest.raises(TemplateError, match="not a file of the template folder"):
        folder_file(folder / "sub" if file.startswith("..") else folder, file)
    assert folder_file(folder, "card.yaml") == folder / "card.yaml"
