"""`extractor templates new` and `templates validate --sample`, run as a user runs them."""

from __future__ import annotations

import json

from tests.e2e.test_cli import SAMPLES, run
from tests.helpers import ROOT


def test_templates_new_writes_a_template_that_validates_and_reads(tmp_path):
    out = tmp_path / "my_id.yaml"
    done = run("templates", "new", str(SAMPLES / "national_id_de.png"), "--name", "my_id", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stderr and "surname" in done.stderr
    assert "sample:" in out.read_text("utf-8")  # the sample goes with the template
    checked = run("templates", "validate", str(out))
    assert checked.returncode == 0, checked.stderr
    read = run("extract", str(SAMPLES / "national_id_de.png"), "-t", str(out))
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["surname"] == "MUSTERMANN"


def test_templates_new_prints_without_output_and_refuses_a_misnamed_file(tmp_path):
    done = run("templates", "new", str(SAMPLES / "drivers_license_ca.png"), "--name", "licence")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("name: licence\n") and "dl_number" in done.stdout
    wrong = run("templates", "new", str(SAMPLES / "drivers_license_ca.png"), "--name", "licence",
                "-o", str(tmp_path / "other.yaml"))
    assert wrong.returncode == 2 and "licence.yaml" in wrong.stderr
    bad = run("templates", "new", str(SAMPLES / "drivers_license_ca.png"), "--name", "Licence")
    assert bad.returncode == 1 and "not a template name" in bad.stderr


def test_validate_with_a_sample_reports_errors_and_exits_non_zero(tmp_path):
    text = (ROOT / "templates" / "national_id_de.yaml").read_text("utf-8")
    bad = tmp_path / "national_id_de.yaml"
    bad.write_text(text.replace('"NATIONALITY"', '"NATIONALTY"').replace("[330, 135, 980, 182]",
                                                                        "[330, 135, 450, 182]"), "utf-8")
    plain = run("templates", "validate", str(bad))
    assert plain.returncode == 0, plain.stderr  # the schema sees nothing wrong
    done = run("templates", "validate", str(bad), "--sample", str(SAMPLES / "national_id_de.png"))
    assert done.returncode == 1
    assert f"error: {bad}: anchor 'NATIONALTY': does not read as written: the sample reads 'NATIONALITY'" \
        in done.stderr
    assert f"error: {bad}: field 'surname': cuts 'MUSTERMANN' at its right border" in done.stderr
    assert f"failed: {bad} (2 error(s), checked against" in done.stdout


def test_validate_uses_the_templates_own_sample_and_prints_warnings(tmp_path):
    text = (ROOT / "templates" / "national_id_de.yaml").read_text("utf-8")
    own = tmp_path / "national_id_de.yaml"
    sample = SAMPLES / "national_id_de.png"
    own.write_text(f"sample: {sample}\n" + text.replace("[640, 295, 980, 340]", "[560, 295, 980, 340]"), "utf-8")
    done = run("templates", "validate", str(own))
    assert done.returncode == 0, done.stderr  # a warning only
    assert f"warning: {own}: fields 'date_of_birth' and 'nationality': rectangles overlap" in done.stderr
    assert f"ok: {own} (national_id_de, 8 fields, checked against {sample})" in done.stdout
