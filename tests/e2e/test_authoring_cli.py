"""`extractor templates new` and `templates validate --sample`, run as a user runs them."""

from __future__ import annotations

import json

from tests.e2e.test_cli import SAMPLES, run


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
