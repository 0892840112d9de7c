"""`extractor extract` on many inputs, run as a user runs it: folders, patterns, PDF pages,
HEIC photos, worker processes, output files, resuming and exit codes, on the real engine."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pillow_heif
from PIL import Image
from pypdf import PdfReader, PdfWriter

from extractor import read
from tests.helpers import ROOT, SAMPLES

LICENCE = SAMPLES / "drivers_license_ca.png"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT,
                          env=os.environ, timeout=600)


def test_a_folder_with_a_pdf_and_a_broken_file_the_same_with_one_job_or_two(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(LICENCE, folder / "a_card.png")
    card = Image.open(LICENCE).convert("RGB")
    blank = Image.new("RGB", (2480, 3508), "white")  # an A4 page with nothing on it
    card.save(folder / "b_scan.pdf", save_all=True, append_images=[blank], resolution=300)
    (folder / "c_broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    (folder / "notes.txt").write_text("not an image: not looked at")
    tables = {}
    for jobs in ("1", "2"):
        table = tmp_path / f"{jobs}.csv"
        done = run("extract", str(folder), "-t", "drivers_license_ca", "--jobs", jobs, "-o", str(table))
        assert done.returncode == 1, done.stderr  # the blank page and the broken file
        assert "4 page(s) of 3 file(s)" in done.stderr and f"{jobs} job(s)): 2 document(s) read" in done.stderr
        assert "2 failed" in done.stderr and done.stdout == ""
        tables[jobs] = list(csv.DictReader(io.StringIO((tmp_path / f"{jobs}.csv").read_text("utf-8"))))
    rows = tables["1"]
    assert [(row["file"], row["page"]) for row in rows] == [
        (str(folder / "a_card.png"), "1"), (str(folder / "b_scan.pdf"), "1"), (str(folder / "b_scan.pdf"), "2"),
        (str(folder / "c_broken.jpg"), "")]
    for row in rows[:2]:
        assert row["last_name"] == "GARCIA" and row["dl_number"] == "D5824163" and row["verified"] == "true"
    assert rows[2]["verified"] == "false" or rows[2]["error_type"] == "DocumentNotFoundError"
    assert rows[3]["error_type"] == "ImageError" and "c_broken.jpg" in rows[3]["error_message"]
    assert tables["2"] == rows  # worker processes change nothing but the time
    assert read(folder / "b_scan.pdf", "drivers_license_ca", page=1).fields["last_name"].value == "GARCIA"


def test_patterns_resume_and_flat_details(tmp_path):
    for name in ("national_id_de", "residence_permit_eu"):
        shutil.copy(SAMPLES / f"{name}.png", tmp_path / f"{name}.png")
    out = tmp_path / "out.jsonl"
    first = run("extract", str(tmp_path / "national*.png"), "-t", "national_id_de", "--no-align", "-o", str(out))
    assert first.returncode == 0, first.stderr
    again = run("extract", str(tmp_path / "*.png"), "-t", "national_id_de,residence_permit_eu", "-o", str(out),
                "--resume", "--quiet")
    assert "skipped 1 file(s)" in again.stderr and "1 page(s) of 1 file(s)" in again.stderr
    assert again.returncode == 0, again.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(r["file"], r["template"]) for r in records] == [
        (str(tmp_path / "national_id_de.png"), "national_id_de"),
        (str(tmp_path / "residence_permit_eu.png"), "residence_permit_eu")]
    assert records[0]["fields"]["surname"] == "MUSTERMANN" and records[1]["verified"] is True
    lines = run("extract", str(tmp_path / "national_id_de.png"), str(tmp_path / "national_id_de.png"),
                "-t", "national_id_de", "--no-align", "--details")
    assert lines.returncode == 0, lines.stderr
    detailed = [json.loads(line) for line in lines.stdout.splitlines()]
    assert len(detailed) == 2 and detailed[0]["template"] == "national_id_de"  # one flat record, no nesting
    assert detailed[0]["fields"]["surname"]["value"] == "MUSTERMANN" and "fields" not in detailed[0]["fields"]


def test_a_heic_photo_reads_and_an_encrypted_pdf_is_named(tmp_path):
    photo = tmp_path / "IMG_0001.HEIC"
    heif = pillow_heif.from_pillow(Image.open(LICENCE).convert("RGB"))
    heif.save(photo, quality=92)
    done = run("extract", str(photo), "-t", "drivers_license_ca")
    assert done.returncode == 0, done.stderr
    fields = json.loads(done.stdout)  # one image: one object, as ever
    assert fields["last_name"] == "GARCIA" and fields["dl_number"] == "D5824163"
    pdf = io.BytesIO()
    Image.open(LICENCE).convert("RGB").save(pdf, "PDF", resolution=300)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    refused = run("extract", str(locked), "-t", "drivers_license_ca")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "locked.pdf: the PDF is encrypted" in refused.stderr
    word = tmp_path / "letter.docx"
    word.write_bytes(b"PK\x03\x04 not a picture")
    hint = run("extract", str(word), "-t", "drivers_license_ca")
    assert hint.returncode == 1 and "not one of the supported formats (PNG, JPEG" in hint.stderr
    assert "HEIF, PDF)" in hint.stderr

