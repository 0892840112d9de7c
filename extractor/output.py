"""Batch records written as JSON lines, CSV or one JSON array, and read back to resume.

A file's records (one per page) are written together once its last one is in, so that a
run stopped midway leaves no file half recorded: `--resume` skips the files it finds.
JSON lines and CSV are appended to as records come; a JSON array is written whole at the
end (to a temporary file, then renamed), old records first.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, TextIO

from .batch import Record
from .errors import OutputError

FORMATS = ("jsonl", "csv", "json")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json"}
COLUMNS = ("file", "page", "document", "template", "verified", "score", "valid", "confidence", "flagged",
           "error_type", "error_message")


def format_of(path: str | os.PathLike[str]) -> str:
    """The format an output file's suffix names."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise OutputError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'}: "
                          f"name it .jsonl, .csv or .json, or give the format")
    return SUFFIXES[suffix]


def field_column(name: str) -> str:
    """A field's CSV column: its name, unless that is one of the record's own columns."""
    return f"field.{name}" if name in COLUMNS else name


class Output(ABC):
    """Where records go. `recorded` maps each file an earlier run recorded (when resuming) to
    whether all its pages were read and verified."""

    def __init__(self, stream: TextIO, details: bool, owned: bool = False) -> None:
        self.stream = stream
        self.details = details
        self.owned = owned  # opened here, so closed here (standard output is not)
        self.recorded: dict[str, bool] = {}
        self._pending: list[Record] = []

    def write(self, record: Record) -> None:
        """Take a record; the previous file's are written when the next file's first one comes."""
        if self._pending and self._pending[-1].file != record.file:
            self.finish()
        self._pending.append(record)

    def finish(self) -> None:
        """Write the records taken and not yet written: call it when the last file is complete."""
        if self._pending:
            self._write(self._pending)
            self.stream.flush()
            self._pending = []

    @abstractmethod
    def _write(self, records: list[Record]) -> None: ...

    def close(self) -> None:
        """Close the file (records of a file left incomplete are not written)."""
        if self.owned:
            self.stream.close()


class JsonLines(Output):
    def _write(self, records: list[Record]) -> None:
        self.stream.write("".join(json.dumps(record.to_dict(self.details), ensure_ascii=False) + "\n"
                                  for record in records))


class Csv(Output):
    """A row per record: the record's columns, then a column per field of the template(s)."""

    def __init__(self, stream: TextIO, fields: list[str], header: bool, owned: bool = False) -> None:
        super().__init__(stream, details=False, owned=owned)
        self.columns = [*COLUMNS, *map(field_column, fields)]
        self._writer = csv.DictWriter(stream, self.columns)
        if header:
            self._writer.writeheader()

    def _write(self, records: list[Record]) -> None:
        for record in records:
            row: dict[str, Any] = {"file": record.file, "page": record.page, "document": record.document}
            if record.error is not None:
                row.update(error_type=record.error.type, error_message=record.error.message)
            else:
                row.update(template=record.template, verified=_cell(record.verified), score=record.score,
                           valid=_cell(record.valid), confidence=record.confidence,
                           flagged=" ".join(record.flagged))
                row.update({field_column(name): value for name, value in record.fields.items()})
            self._writer.writerow(row)


class JsonArray(Output):
    """One JSON array, written when the output is closed: what earlier runs wrote, then this run's."""

    def __init__(self, stream: TextIO, details: bool, path: Path | None, earlier: list[Any]) -> None:
        super().__init__(stream, details)
        self.path = path
        self.records = earlier

    def _write(self, records: list[Record]) -> None:
        self.records.extend(record.to_dict(self.details) for record in records)

    def close(self) -> None:
        text = json.dumps(self.records, ensure_ascii=False, indent=1) + "\n"
        if self.path is None:
            self.stream.write(text)
            self.stream.flush()
            return
        temporary = self.path.with_name(f".{self.path.name}.partial")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, self.path)  # a run stopped while writing leaves the old file whole


def _cell(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def open_output(path: str | os.PathLike[str] | None, format: str, *, fields: list[str], details: bool = False,
                resume: bool = False) -> Output:
    """Records to `path` (None: standard output) in `format`; with `resume`, the files already
    recorded there are read into `recorded` and new records follow them."""
    if path is None:
        stream = sys.stdout
        if format == "csv":
            return Csv(stream, fields, header=True)
        return JsonArray(stream, details, None, []) if format == "json" else JsonLines(stream, details)
    target = Path(path)
    existing = resume and target.exists() and target.stat().st_size > 0
    if format == "json":
        if not os.access(target.parent, os.W_OK):  # known now, not after the whole batch was read
            raise OutputError(f"{target}: cannot write in {target.parent}")
        earlier = _earlier_array(target) if existing else []
        output: Output = JsonArray(io.StringIO(), details, target, earlier)  # no stream: written whole at close
        output.recorded = _recorded(earlier)
        return output
    if existing:
        _drop_partial_line(target)
    recorded = (_earlier_csv(target, fields) if format == "csv" else _recorded(_earlier_lines(target))
                ) if existing else {}
    try:
        stream = open(target, "a" if existing else "w", encoding="utf-8", newline="")  # noqa: SIM115 - Output.close
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from exc
    output = Csv(stream, fields, header=not existing, owned=True) if format == "csv" else JsonLines(
        stream, details, owned=True)
    output.recorded = recorded
    return output


def _recorded(records: list[Any]) -> dict[str, bool]:
    recorded: dict[str, bool] = {}
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("file"), str):
            ok = "error" not in record and record.get("verified") is not False
            recorded[record["file"]] = recorded.get(record["file"], True) and ok
    return recorded


def _earlier_array(path: Path) -> list[Any]:
    try:
        earlier = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise OutputError(f"{path}: cannot resume: not a JSON array of records ({exc})") from exc
    if not isinstance(earlier, list):
        raise OutputError(f"{path}: cannot resume: not a JSON array of records")
    return earlier


def _earlier_lines(path: Path) -> list[Any]:
    try:
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise OutputError(f"{path}: cannot resume: not JSON lines of records ({exc})") from exc


def _earlier_csv(path: Path, fields: list[str]) -> dict[str, bool]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        expected = [*COLUMNS, *map(field_column, fields)]
        if reader.fieldnames != expected:
            raise OutputError(f"{path}: cannot resume: its columns are not this template's "
                              "(another template?): write to a new file")
        recorded: dict[str, bool] = {}
        for row in reader:
            ok = not row["error_type"] and row["verified"] != "false"
            recorded[row["file"]] = recorded.get(row["file"], True) and ok
    return recorded


def _drop_partial_line(path: Path) -> None:
    """Cut a last line a stopped run left unfinished, so that appending starts on a line of its own."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)
