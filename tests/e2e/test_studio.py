"""`extractor studio`, run for real on a loopback port and driven through its HTTP API."""

from __future__ import annotations

import io
import shutil

import httpx
import pytest
from PIL import Image, ImageChops

from tests.e2e.test_cli import SAMPLES, run
from tests.helpers import ROOT
from tests.serverproc import StudioProcess

COMMENT = "# keep me: drawn over the 2024 specimen"
NOTE = "x-note: the number's letter is the holder's surname initial"


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """The studio over a folder holding the licence's template (with a comment and a note) and its images."""
    folder = tmp_path_factory.mktemp("studio") / "templates"
    folder.mkdir()
    for image in ("drivers_license_ca.png", "photo_drivers_license_ca.jpg"):
        shutil.copy(SAMPLES / image, folder)
    text = (ROOT / "templates" / "drivers_license_ca.yaml").read_text("utf-8")
    text = text.replace("  - name: dl_number\n", f"  - name: dl_number\n    {NOTE}\n")
    (folder / "drivers_license_ca.yaml").write_text(f"{COMMENT}\n{text}", "utf-8")
    with StudioProcess(folder) as process, httpx.Client(base_url=process.url, timeout=120) as client:
        client.folder = folder  # type: ignore[attr-defined]
        yield client


def test_the_folder_lists_its_templates_images_and_the_schema_choices(studio):
    files = studio.get("/api/files").json()
    assert files["templates"] == ["drivers_license_ca"]
    assert files["images"] == ["drivers_license_ca.png", "photo_drivers_license_ca.jpg"]
    assert "enum" in files["options"]["type"] and "upper" in files["options"]["case"]
    assert studio.get("/").headers["content-type"].startswith("text/html")
    assert "export class Canvas" in studio.get("/static/canvas.js").text


def test_a_photo_of_a_template_opens_straightened_and_its_fields_read_live(studio):
    opened = studio.post("/api/open", json={"file": "photo_drivers_license_ca.jpg", "template": "drivers_license_ca"})
    assert opened.status_code == 200, opened.text
    answer = opened.json()
    assert (answer["width"], answer["height"]) == (1012, 638)  # the template's reference size
    assert answer["alignment"]["method"] == "photo" and answer["alignment"]["verified"]
    picture = studio.get(answer["url"])
    assert picture.headers["content-type"] == "image/png"
    data = answer["data"]
    assert data["fields"][0]["x-note"]
    read = studio.post("/api/read", json={"image": answer["image"], "template": data,
                                          "fields": ["last_name", "expires"]}).json()["fields"]
    assert set(read) == {"last_name", "expires"}  # only the fields that changed are read
    assert read["last_name"]["value"] == "GARCIA" and read["last_name"]["valid"]
    assert read["expires"]["value"] == "2029-08-31" and read["last_name"]["confidence"] > 0.5
    moved = [*data["fields"][2]["rect"]]
    data["fields"][2]["rect"] = [moved[0], moved[1] + 75, moved[2], moved[3] + 75]  # onto the first name
    again = studio.post("/api/read", json={"image": answer["image"], "template": data, "fields": ["last_name"]})
    assert again.json()["fields"]["last_name"]["value"] == "ALEXANDER JOSÉ"


def test_a_new_image_starts_from_the_proposed_template(studio):
    uploaded = studio.post("/api/upload", content=(SAMPLES / "national_id_de.png").read_bytes(),
                           headers={"X-Filename": "national_id_de.png"})
    assert uploaded.status_code == 200, uploaded.text
    opened = studio.post("/api/open", json={"image": uploaded.json()["image"], "name": "my_id"}).json()
    data = opened["data"]
    assert data["name"] == "my_id" and "sample" not in data  # an upload is not in the folder
    names = [field["name"] for field in data["fields"]]
    assert "surname" in names and "date_of_birth" in names and data["anchors"]
    read = studio.post("/api/read", json={"image": opened["image"], "template": data}).json()["fields"]
    assert read["surname"]["value"] == "MUSTERMANN"
    from_folder = studio.post("/api/open", json={"file": "drivers_license_ca.png", "name": "licence"}).json()
    assert from_folder["data"]["sample"] == "drivers_license_ca.png"  # the proposal names its sample

    try:
        saved = studio.post("/api/save", json={"template": data, "sample_image": opened["image"]}).json()
        assert saved["sample"] == "my_id.png" and "\nsample: my_id.png\n" in saved["text"]  # the upload kept
        kept = studio.folder / "my_id.png"
        shown = Image.open(io.BytesIO(studio.get(opened["url"]).content))
        assert ImageChops.difference(Image.open(kept).convert("RGB"), shown.convert("RGB")).getbbox() is None
        assert kept.stat().st_mode & 0o077 == 0  # an identity document: its owner's only
        assert run("templates", "validate", str(studio.folder / "my_id.yaml")).returncode == 0  # reads its sample
        again = studio.post("/api/save", json={"template": data, "sample_image": opened["image"]})
        assert again.json()["sample"] == "my_id_2.png"  # never over a file that is there
        refused = studio.post("/api/save", json={"template": {**data, "fields": []}, "sample_image": opened["image"]})
        assert refused.status_code == 422  # and nothing of it is left
        assert sorted(p.name for p in studio.folder.glob("my_id*.png")) == ["my_id.png", "my_id_2.png"]
    finally:
        for path in studio.folder.glob("my_id*"):
            path.unlink()


def test_an_anchor_takes_the_text_printed_in_its_rectangle(studio):
    opened = studio.post("/api/open", json={"file": "drivers_license_ca.png", "template": "drivers_license_ca"}).json()
    text = studio.post("/api/anchor", json={"image": opened["image"], "rect": [682, 104, 749, 119],
                                            "settings": {"language": "English"}}).json()["text"]
    assert text == "EXPIRES"
    outside = studio.post("/api/anchor", json={"image": opened["image"], "rect": [900, 600, 2000, 700]})
    assert outside.status_code == 400 and "not inside" in outside.json()["detail"]


def test_an_invalid_template_answers_the_schemas_message(studio):
    data = studio.get("/api/templates/drivers_license_ca").json()["data"]
    data["fields"][1]["type"] = "number"  # expires: its date formats now belong to no date
    answer = studio.post("/api/validate", json={"template": data})
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["title"] == "TemplateError"
    assert "drivers_license_ca.yaml: field 'expires' (#1) key type: 'date' was expected" in problem["detail"]
    assert studio.post("/api/read", json={"image": "0", "template": data}).json()["detail"] == problem["detail"]
    saved = studio.post("/api/save", json={"template": data})
    assert saved.status_code == 422 and saved.json()["detail"] == problem["detail"]


def test_what_is_not_an_image_or_too_large_is_refused_by_name(studio):
    answer = studio.post("/api/upload", content=b"name: not an image\n", headers={"X-Filename": "notes.txt"})
    assert answer.status_code == 400 and answer.json()["title"] == "ImageError"
    assert "notes.txt" in answer.json()["detail"]
    huge = studio.post("/api/upload", content=b"\0" * (21 * 1024 * 1024))  # over the 20 MB default
    assert huge.status_code == 413 and "limit" in huge.json()["detail"]


def test_save_keeps_the_files_comment_and_notes_and_passes_validate(studio):
    folder = studio.folder
    data = studio.get("/api/templates/drivers_license_ca").json()["data"]
    data["fields"][0].pop("x-note")  # the page may drop notes it does not show: the file keeps them
    data["fields"][0]["rect"] = [338, 118, 642, 172]
    data["fields"].append({"name": "donor", "rect": [40, 400, 300, 440], "optional": True, "case": "upper"})
    saved = studio.post("/api/save", json={"template": data})
    assert saved.status_code == 200, saved.text
    text = (folder / "drivers_license_ca.yaml").read_text("utf-8")
    assert saved.json()["text"] == text and text.startswith(COMMENT + "\n")
    assert f"  - name: dl_number\n    {NOTE}\n    rect: [338, 118, 642, 172]\n" in text
    assert "  - name: donor\n" in text
    checked = run("templates", "validate", str(folder / "drivers_license_ca.yaml"))
    assert checked.returncode == 0, checked.stderr
    download = studio.post("/api/yaml", json={"template": data})
    assert download.text == text and "drivers_license_ca.yaml" in download.headers["content-disposition"]


def test_nothing_is_read_or_written_outside_the_folder(studio):
    folder = studio.folder
    data = studio.get("/api/templates/drivers_license_ca").json()["data"]
    for name in ("../escaped", "Escaped", "a/b"):
        answer = studio.post("/api/save", json={"template": {**data, "name": name}})
        assert answer.status_code == 422, answer.text
    assert not (folder.parent / "escaped.yaml").exists()
    outside = studio.post("/api/open", json={"file": "../templates/drivers_license_ca.png", "name": "x"})
    assert outside.status_code == 422
    assert studio.get("/api/templates/..%2Fsecrets").status_code in (404, 422)


def test_test_on_images_reads_each_as_extract_does(studio):
    data = studio.get("/api/templates/drivers_license_ca").json()["data"]
    keys = [studio.post("/api/upload", content=(SAMPLES / name).read_bytes()).json()["image"]
            for name in ("photo_drivers_license_ca.jpg", "national_id_de.png")]
    rows = studio.post("/api/test", json={"template": data, "images": keys}).json()["rows"]
    assert rows[0]["verified"] and rows[0]["fields"]["dl_number"]["value"] == "D5824163"
    assert "error" in rows[1] or not rows[1]["verified"]  # another document: not taken for this one


def test_other_sites_and_other_interfaces_are_refused(studio, tmp_path):
    evil = studio.post("/api/save", json={}, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403
    assert studio.get("/api/files", headers={"Host": "evil.example"}).status_code == 400  # DNS rebinding
    done = run("studio", str(tmp_path), "--host", "0.0.0.0")
    assert done.returncode == 1 and "loopback address only" in done.stderr
