"""Batches: files, folders and patterns; a record per page, in order, failures included; the
output formats and resuming. A recognizer that reads each page's colour stands in for OCR
(worker processes: tests/e2e/test_batch_workers.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from extractor.batch import Record, expand, extract_many
from extractor.output import open_output
from tests.helpers import SWATCH, colour_extractor, mixed_inputs


@pytest.fixture
def inputs(tmp_path):
    return mixed_inputs(tmp_path)


def read(paths, **options) -> list[Record]:
    return list(extract_many(paths, SWATCH, make_extractor=colour_extractor, align=False, **options))


def test_folders_are_searched_for_images_and_pdfs_and_patterns_expanded(inputs):
    root = str(inputs)
    assert expand([root]) == [f"{root}/{name}" for name in ("a.png", "b.pdf", "d.jpg", "e.png", "sub/c.tif")]
    assert expand([f"{root}/*.png", f"{root}/s*", f"{root}/notes.txt"]) == [
        f"{root}/a.png", f"{root}/e.png", f"{root}/sub/c.tif", f"{root}/notes.txt"]  # a file named: taken
    assert expand([f"{root}/*.heic", f"{root}/.hidden/../sub"]) == [f"{root}/*.heic", f"{root}/.hidden/../sub/c.tif"]


def test_a_record_per_page_in_input_order_and_a_failure_is_never_missing(inputs, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    progress = []
    records = read([inputs, inputs / "missing.png", f"{inputs}/*.heic", empty],
                   on_progress=lambda done, total: progress.append((done, total)))
    summary = [(r.file.removeprefix(f"{inputs}/"), r.page, r.fields.get("colour"), r.error and r.error.type)
               for r in records]
    assert summary == [
        ("a.png", 1, "255 0 0", None),
        ("b.pdf", 1, "0 255 0", None), ("b.pdf", 2, "0 0 255", None),
        ("d.jpg", None, None, "ImageError"),
        ("e.png", 1, None, "GeometryError"),
        ("sub/c.tif", 1, "0 0 0", None), ("sub/c.tif", 2, "255 255 255", None), ("sub/c.tif", 3, "255 0 0", None),
        ("missing.png", None, None, "ImageError"),
        ("*.heic", None, None, "ImageError"),
        ("empty", None, None, "ImageError"),
    ]
    assert "no image or PDF file matches" in records[-2].error.message
    assert "a folder holding no image or PDF file" in records[-1].error.message
    assert progress == [(done, 8) for done in range(1, 9)]
    assert [r.ok for r in records[:5]] == [True, True, True, False, False]


def test_a_record_is_flat_with_or_without_details(inputs):
    record = read([inputs / "a.png"])[0]
    assert record.to_dict() == {
        "file": str(inputs / "a.png"), "page": 1, "document": 1, "template": "swatch", "verified": True, "score": None,
        "valid": True, "confidence": 0.9, "flagged": [], "fields": {"colour": "255 0 0"}}
    detailed = record.to_dict(details=True)
    assert detailed["template"] == "swatch" and detailed["fields"]["colour"]["value"] == "255 0 0"
    assert set(detailed) >= {"image_size", "elapsed_ms", "alignment"} and "template" not in detailed["fields"]
    failed = read([inputs / "d.jpg"])[0].to_dict()
    assert failed["error"]["type"] == "ImageError" and set(failed) == {"file", "page", "document", "error"}


@pytest.mark.parametrize("kind", ["jsonl", "csv", "json"])
def test_outputs_hold_a_record_per_page_and_resume_skips_what_they_hold(inputs, tmp_path, kind):
    path = tmp_path / f"out.{kind}"
    first = read([inputs / "a.png", inputs / "d.jpg"])
    output = open_output(path, kind, fields=["colour"])
    for record in first:
        output.write(record)
    output.finish()
    output.close()
    resumed = open_output(path, kind, fields=["colour"], resume=True)
    assert resumed.recorded == {str(inputs / "a.png"): True, str(inputs / "d.jpg"): False}
    for record in read([inputs / "b.pdf"]):
        resumed.write(record)
    resumed.write(read([inputs / "sub/c.tif"])[0])  # a file left incomplete is not written
    resumed.finish = lambda: None  # the run stopped here
    resumed.close()
    rows = _rows(path, kind)
    assert [(row["file"].removeprefix(f"{inputs}/"), str(row["page"] or "")) for row in rows] == [
        ("a.png", "1"), ("d.jpg", ""), ("b.pdf", "1"), ("b.pdf", "2")]
    if kind == "csv":
        assert rows[0]["colour"] == "255 0 0" and rows[0]["verified"] == "true" and rows[0]["valid"] == "true"
        assert rows[1]["error_type"] == "ImageError" and rows[1]["error_message"]
    else:
        assert rows[0]["fields"] == {"colour": "255 0 0"} and rows[1]["error"]["type"] == "ImageError"


def _rows(path, kind):
    text = path.read_text("utf-8")
    if kind == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    return json.loads(text) if kind == "json" else [json.loads(line) for line in text.splitlines()]


def test_resuming_cuts_a_line_left_unfinished_and_refuses_other_columns(inputs, tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps({"file": "x.png", "page": 1, "verified": True}) + '\n{"file": "y.pn')
    output = open_output(path, "jsonl", fields=["colour"], resume=True)
    assert output.recorded == {"x.png": True}
    output.write(read([inputs / "a.png"])[0])
    output.finish()
    output.close()
    assert [json.loads(line)["file"] for line in path.read_text().splitlines()] == ["x.png", str(inputs / "a.png")]
    table = tmp_path / "out.csv"
    table.write_text("file,page,name\nx.png,1,A\n")
    with pytest.raises(ValueError, match="its columns are not this template's"):
        open_output(table, "csv", fields=["colour"], resume=True)
