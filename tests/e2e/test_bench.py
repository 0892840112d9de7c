"""The benchmarks run end to end (on a handful of cards) and print their tables."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT

BENCH = ROOT / "bench"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                          cwd=BENCH, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_accuracy_bench_prints_a_table(tmp_path):
    dump = tmp_path / "fields.jsonl"
    out = run("accuracy.py", "--pool", "dev", "--cards", "2", "--kinds", "clean,desk_photo",
              "--variants", "rects,as_given", "--dump", str(dump))
    tables = {block.splitlines()[0]: block.splitlines()[2:] for block in out.split("\n\n") if block.strip()}
    rects = {line.split()[0]: line.split() for line in tables["rects"]}
    assert set(rects) == {"clean", "desk_photo", "all"} and rects["all"][1] == "4"  # documents read
    assert float(rects["clean"][3]) >= 80.0
    as_given = {line.split()[0]: line.split() for line in tables["as_given"]}
    assert set(as_given) == {"clean", "all"}  # photos cannot be read as given
    fields = [json.loads(line) for line in dump.read_text().splitlines()]
    assert len(fields) == int(rects["all"][2]) + int(as_given["all"][2]) and "evidence" in fields[0]


def test_speed_bench_prints_ratios():
    out = run("speed.py", "--cards", "1")
    for method in ("embedded", "recognition_only", "detection_per_crop", "whole_image"):
        assert any(line.startswith(method) for line in out.splitlines())
    assert "cold start" in out


def test_authoring_bench_scores_proposals():
    out = run("authoring.py", "--pool", "dev", "--designs", "2")
    rows = {line.split()[0]: line for line in out.splitlines() if "fields:" in line}
    assert {"drivers_license_ca.png", "gen_0", "gen_1", "samples", "generated", "all"} <= set(rows)
    found = float(rows["samples"].split("found")[1].split("%")[0])
    assert found >= 80.0  # of the built-in samples' fields, proposed with the right rectangle


def test_mrz_bench_prints_a_row_per_kind():
    out = run("mrz.py", "--pool", "dev", "--documents", "1", "--kinds", "scan,desk_photo", "--no-passporteye")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if "read_mrz" in line}
    assert set(rows) == {"scan", "desk_photo", "all"} and rows["all"][2] == "2"  # images read
    assert float(rows["scan"][3]) == 100.0 and rows["all"][5] == "0"  # exact; no wrong zone valid
