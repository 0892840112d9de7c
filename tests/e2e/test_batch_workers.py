"""Batches in worker processes: the same records as in one, and a file that kills its worker
recorded while the others are read. A recognizer that reads each page's colour stands in for
OCR; no model is loaded, but every worker process starts afresh (seconds)."""

from __future__ import annotations

import time

from extractor.batch import extract_many
from tests.helpers import SWATCH, broken_extractor, colour_extractor, dying_extractor, mixed_inputs, swatch


def read(paths, **options):
    return list(extract_many(paths, SWATCH, make_extractor=colour_extractor, align=False, **options))


def test_worker_processes_give_the_same_records(tmp_path):
    inputs = mixed_inputs(tmp_path)
    alone = read([inputs])
    started = time.perf_counter()
    progress = []
    together = read([inputs], jobs=2, on_progress=lambda done, total: progress.append(done))
    assert time.perf_counter() - started < 60
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    assert sorted(progress) == [1, 2, 3, 4, 5]


def test_a_file_that_kills_its_worker_is_recorded_and_the_others_are_read(tmp_path):
    colours = ["red", "lime", "blue", "white", "black", "red"]
    for number, colour in enumerate(colours):
        swatch(colour).save(tmp_path / f"{number}.png")
    records = list(extract_many([tmp_path], SWATCH, jobs=2, make_extractor=dying_extractor, align=False))
    assert [record.fields.get("colour") for record in records] == [
        "255 0 0", "0 255 0", None, "255 255 255", "0 0 0", "255 0 0"]
    assert records[2].error.type == "WorkerCrashed" and "2.png: the process reading it died" in records[2].error.message
    failed = list(extract_many([tmp_path], SWATCH, jobs=2, make_extractor=broken_extractor, align=False))
    assert len(failed) == 6 and {record.error.message for record in failed} == {"no models here"}
