"""The batch options the command refuses before reading anything (no model is loaded)."""

from __future__ import annotations

from click.testing import CliRunner

from extractor.cli import main
from tests.helpers import SAMPLES

CARD = str(SAMPLES / "drivers_license_ca.png")


def invoke(*args: str):
    return CliRunner().invoke(main, ["extract", CARD, "-t", "drivers_license_ca", *args])


def test_resume_needs_an_output():
    done = invoke("--resume")
    assert done.exit_code == 2 and "--resume needs --output" in done.output


def test_details_need_a_json_format(tmp_path):
    done = invoke("--details", "-o", str(tmp_path / "out.csv"))
    assert done.exit_code == 2 and "--details needs a JSON format" in done.output


def test_the_output_format_comes_from_the_suffix_or_is_given(tmp_path):
    done = invoke("-o", str(tmp_path / "out.txt"))
    assert done.exit_code == 1 and "cannot tell the format from the suffix .txt" in done.output
    assert not (tmp_path / "out.txt").exists()


def test_resuming_an_output_of_other_columns_is_refused(tmp_path):
    table = tmp_path / "out.csv"
    table.write_text("file,page,name\nx.png,1,A\n")
    done = invoke("-o", str(table), "--resume")
    assert done.exit_code == 1 and "its columns are not this template's" in done.output
    assert table.read_text() == "file,page,name\nx.png,1,A\n"  # left as it was
