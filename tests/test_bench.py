"""The benchmarks run end to end (on a handful of cards) and print their tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                          cwd=BENCH, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_accuracy_bench_prints_a_table():
    out = run("accuracy.py", "--cards", "3", "--kinds", "clean,phone")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:5] in ("clean", "phone", "all  ")}
    assert set(rows) == {"clean", "phone", "all"}
    assert rows["all"][1] == "6"  # card reads
    assert float(rows["clean"][3]) >= 90.0


def test_speed_bench_prints_ratios():
    out = run("speed.py", "--cards", "1")
    for method in ("embedded", "recognition_only", "detection_per_crop", "whole_image"):
        assert any(line.startswith(method) for line in out.splitlines())
    assert "cold start" in out
