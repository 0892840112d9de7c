"""The `extractor` command, run as a user runs it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from tests.helpers import ROOT

SAMPLES = ROOT / "samples"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=300)


def test_extract_one_image_prints_one_object():
    done = run("extract", str(SAMPLES / "drivers_license_ca.png"), "--template", "drivers_license_ca")
    assert done.returncode == 0, done.stderr
    fields = json.loads(done.stdout)
    assert fields["last_name"] == "GARCIA" and fields["date_of_birth"] == "1977-08-31"
    assert fields["dl_number"] == "D5824163"


def test_extract_several_images_prints_json_lines(tmp_path):
    turned = tmp_path / "turned.png"
    Image.open(SAMPLES / "national_id_de.png").rotate(-90, expand=True).save(turned)
    done = run("extract", str(SAMPLES / "national_id_de.png"), str(turned), "-t", "national_id_de")
    assert done.returncode == 0, done.stderr  # the orientation is found
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(SAMPLES / "national_id_de.png"), str(turned)]
    assert lines[1]["fields"]["surname"] == "MUSTERMANN" and lines[1]["template"] == "national_id_de"
    done = run("extract", str(SAMPLES / "national_id_de.png"), str(turned), "-t", "national_id_de", "--no-align")
    assert done.returncode != 0  # read as given, the turned one has the wrong shape without --rotate
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(SAMPLES / "national_id_de.png"), str(turned)]
    assert lines[0]["verified"] and "error" not in lines[0]  # every input has its line, read or not
    assert lines[1]["error"]["type"] == "GeometryError" and "rotate=90" in lines[1]["error"]["message"]
    assert "rotate=90" in done.stderr and str(turned) in done.stderr
    again = run("extract", str(turned), str(turned), "-t", "national_id_de", "--rotate", "90",
                "--language", "German")
    assert again.returncode == 0, again.stderr
    rows = [json.loads(line) for line in again.stdout.splitlines()]
    assert len(rows) == 2 and rows[0]["fields"]["surname"] == "MUSTERMANN"


def test_errors_go_to_stderr_with_nonzero_exit(tmp_path):
    bogus = tmp_path / "bogus.png"
    bogus.write_text("hello")
    done = run("extract", str(bogus), "--template", "drivers_license_ca")
    assert done.returncode == 1 and done.stdout == ""
    assert "not an image" in done.stderr and str(bogus) in done.stderr
    huge = run("extract", str(SAMPLES / "national_id_de.png"), "-t", "national_id_de", "--max-pixels", "1000")
    assert huge.returncode == 1 and "over the limit of 1,000" in huge.stderr
    unknown = run("extract", str(bogus), "--template", "nope")
    assert unknown.returncode == 1 and "no template named 'nope'" in unknown.stderr


def test_an_image_without_a_document_exits_non_zero(tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("RGB", (1012, 638), (238, 238, 232)).save(blank)  # the licence's shape, nothing printed
    done = run("extract", str(blank), "--template", "drivers_license_ca")
    assert done.returncode == 1 and "alignment not verified" in done.stderr
    several = run("extract", str(blank), str(SAMPLES / "drivers_license_ca.png"), "-t", "drivers_license_ca")
    assert several.returncode == 1
    lines = [json.loads(line) for line in several.stdout.splitlines()]
    assert [line["verified"] for line in lines] == [False, True]


def test_templates_list_show_validate(tmp_path):
    listed = run("templates", "list")
    assert listed.returncode == 0
    names = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert {"drivers_license_ca", "national_id_de", "residence_permit_eu"} <= set(names)
    shown = run("templates", "show", "national_id_de")
    assert shown.returncode == 0 and "name: national_id_de" in shown.stdout
    files = sorted(str(p) for p in (ROOT / "templates").glob("*.yaml"))
    valid = run("templates", "validate", *files)
    assert valid.returncode == 0 and valid.stdout.count("ok:") == len(files)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nreference: {width: 10, height: 10}\nfields: [{name: a}]\n")
    invalid = run("templates", "validate", files[0], str(broken))
    assert invalid.returncode == 1 and "'rect' is missing" in invalid.stderr


@pytest.mark.parametrize("args", [["extract"], ["extract", "x.png", "--jobs", "0"], ["templates", "show"]])
def test_usage_errors(args):
    done = run(*args)
    assert done.returncode == 2 and "Usage" in done.stderr


def test_extract_auto_reads_the_sample_photo_and_names_the_template(tmp_path):
    photo = SAMPLES / "photo_drivers_license_ca.jpg"
    done = run("extract", str(photo), "--template", "auto")
    assert done.returncode == 0, done.stderr
    fields = json.loads(done.stdout)
    assert fields["last_name"] == "GARCIA" and fields["dl_number"] == "D5824163"
    assert fields["date_of_birth"] == "1977-08-31" and fields["city_state_zip"] == "SACRAMENTO, CA 95818"
    assert "template drivers_license_ca (score" in done.stderr
    details = run("extract", str(photo), "-t", "drivers_license_ca,national_id_de", "--details")
    alignment = json.loads(details.stdout)["alignment"]
    assert alignment["method"] == "photo" and alignment["rotation"] == 90 and len(alignment["quad"]) == 4
    assert set(alignment["candidates"]) == {"drivers_license_ca", "national_id_de"}
    out = tmp_path / "overlay.png"
    drawn = run("overlay", str(photo), "-t", "auto", "-o", str(out))
    assert drawn.returncode == 0, drawn.stderr
    with Image.open(out) as picture, Image.open(photo) as original:
        assert picture.size == original.size  # drawn on the photo itself, outline and all
