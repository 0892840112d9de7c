"""Many inputs read in turn or in worker processes: one `Record` per document, in input order.

Files, folders (searched recursively for images and PDFs) and glob patterns become one list
of files; each file becomes a record per page (a PDF or a multi-page TIFF has several), or per
document when a page holds several (`Extractor.read_each`), and a file that cannot be read
becomes a record of its error: no input is ever missing. With
``jobs > 1`` the files are read in that many processes, each loading the models once.
"""

from __future__ import annotations

import functools
import glob
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .api import Extractor, TemplateChoice, candidate_templates, default_extractor
from .errors import ExtractorError, ImageError
from .fields import Extraction
from .images import DEFAULT_MAX_PIXELS, Document, open_document, supported_suffixes
from .system import available_cores
from .template import load_template

logger = logging.getLogger(__name__)

# Files submitted ahead per worker: enough to keep each busy, few enough that stopping early
# leaves little queued and that results waiting for a slow earlier file stay few.
AHEAD = 4

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Failure:
    """Why a page (or a whole file) was not read: the error's class name and its message."""

    type: str
    message: str

    @classmethod
    def of(cls, error: BaseException) -> Failure:
        return cls(type(error).__name__, str(error))


@dataclass(frozen=True)
class Record:
    """One document of one page of one input: its `extraction`, or the `error` that kept the
    page from being read.

    `page` counts from 1; it is None when the file did not open, so its pages are unknown.
    `document` counts the documents found on the page from 1, in reading order (a page may hold
    several: the front and the back of a card); None when the page was not read."""

    file: str
    page: int | None
    extraction: Extraction | None = None
    error: Failure | None = None
    document: int | None = None

    @property
    def template(self) -> str | None:
        return self.extraction.template if self.extraction else None

    @property
    def fields(self) -> dict[str, str]:
        return self.extraction.values() if self.extraction else {}

    @property
    def verified(self) -> bool | None:
        """The alignment's verdict: False when the document was not found for sure; True too
        when the page was read as given (align=False); None when it was not read."""
        if self.extraction is None:
            return None
        return self.extraction.alignment.verified if self.extraction.alignment else True

    @property
    def score(self) -> float | None:
        alignment = self.extraction.alignment if self.extraction else None
        return alignment.score if alignment else None

    @property
    def flagged(self) -> tuple[str, ...]:
        """The fields to check by hand: not valid for their type, unsure, or not verified."""
        found = self.extraction.fields.values() if self.extraction else ()
        return tuple(result.name for result in found if not result.valid)

    @property
    def confidence(self) -> float | None:
        """The least sure field's confidence: a page is as trustworthy as its weakest value."""
        found = self.extraction.fields.values() if self.extraction else ()
        return min((result.confidence for result in found), default=None)

    @property
    def ok(self) -> bool:
        """Read, and its document found for sure (or read as given)."""
        return self.error is None and self.verified is True

    @property
    def valid(self) -> bool:
        """Read, found for sure, and every field valid."""
        return self.ok and not self.flagged

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        """The flat record: file, page, template, verdicts and the values (with `details`, each
        field's value, raw text, confidence, rect, validity and warnings, and the alignment)."""
        record: dict[str, Any] = {"file": self.file, "page": self.page, "document": self.document}
        if self.error is not None:
            return {**record, "error": asdict(self.error)}
        assert self.extraction is not None, "a record holds an extraction or an error"
        record.update(template=self.template, verified=self.verified, score=self.score, valid=self.valid,
                      confidence=self.confidence, flagged=list(self.flagged))
        if not details:
            return {**record, "fields": self.fields}
        return {**record, **self.extraction.to_dict()}  # its fields, image_size, elapsed_ms, alignment


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files `paths` name: a file as given, a folder's images and PDFs (recursively, sorted,
    hidden ones left out), a glob pattern's matches (folders among them searched the same way).
    A folder or pattern holding nothing is kept as given, so that its record says so."""
    files: list[str] = []
    for path in map(str, paths):
        if os.path.isdir(path):
            found = _folder(path)
        elif is_pattern(path):
            found = []
            for match in sorted(glob.glob(path, recursive=True)):
                found.extend(_folder(match) if os.path.isdir(match) else [match] if _wanted(match) else [])
        else:
            found = [path]
        files.extend(found or [path])
    return files


def is_pattern(path: str) -> bool:
    """Whether `path` is a glob pattern (the shell passes one on when nothing matches it) rather
    than the name of a file, which may hold the same characters."""
    return not os.path.exists(path) and any(char in path for char in "*?[")


def _folder(folder: str) -> list[str]:
    found: list[str] = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(os.path.join(root, name) for name in names if _wanted(name))
    return sorted(found)


def _wanted(name: str) -> bool:
    base = os.path.basename(name)
    return not base.startswith(".") and Path(base).suffix.lower() in supported_suffixes()  # ._x.jpg: macOS metadata


def field_names(template: TemplateChoice) -> list[str]:
    """Every field a record of `template` can hold, in template order (several: the union)."""
    templates = candidate_templates(template)
    if templates is None:
        templates = [load_template(template)]  # type: ignore[arg-type]
    return list(dict.fromkeys(spec.name for choice in templates for spec in choice.fields))


@dataclass(frozen=True)
class Job:
    """What every file of a batch is read with."""

    template: TemplateChoice
    align: bool = True
    max_pixels: int = DEFAULT_MAX_PIXELS
    settings: dict[str, Any] = field(default_factory=dict)


def read_file(reader: Extractor, file: str, job: Job) -> list[Record]:
    """A record for each page of `file`, or one for the error that kept it from opening."""
    try:
        if os.path.isdir(file):
            raise ImageError(f"{file}: a folder holding no image or PDF file")
        if is_pattern(file):
            raise ImageError(f"{file}: no image or PDF file matches this pattern")
        document = open_document(file, max_pixels=job.max_pixels)
    except Exception as exc:  # a batch outlives any one file: its record says what happened
        return [_failed(file, None, exc)]
    with document:
        return [record for number in range(1, document.pages + 1)
                for record in _read_page(reader, file, document, number, job)]


def _read_page(reader: Extractor, file: str, document: Document, number: int, job: Job) -> list[Record]:
    """A record for each document found on the page, or one for the error that kept it from being read."""
    try:
        page = document.page(number)
        if job.align:
            found = reader.read_each(page, job.template, max_pixels=job.max_pixels, **job.settings)
        else:
            found = [reader.read(page, job.template, align=False, max_pixels=job.max_pixels, **job.settings)]
    except Exception as exc:  # as in read_file
        return [_failed(file, number, exc)]
    return [Record(file, number, extraction, document=index) for index, extraction in enumerate(found, 1)]


def _failed(file: str, page: int | None, error: BaseException) -> Record:
    if not isinstance(error, ExtractorError):  # a fault of ours, not of the input: worth its traceback
        logger.error("reading %s failed", file, exc_info=error)
    return Record(file, page, error=Failure.of(error))


def worker_extractor(threads: int, max_pixels: int) -> Extractor:
    """An extractor on the embedded engine using `threads` cores: the jobs share the machine."""
    from .recognizers.embedded import EmbeddedRecognizer

    return Extractor(EmbeddedRecognizer(threads=threads, max_pixels=max_pixels), max_pixels=max_pixels)


def extract_many(
    paths: Iterable[str | os.PathLike[str]],
    template: TemplateChoice,
    *,
    jobs: int = 1,
    make_extractor: Callable[[], Extractor] | None = None,
    on_progress: Progress | None = None,
    align: bool = True,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    **settings: Any,
) -> Iterator[Record]:
    """Read every page of every file `paths` name (files, folders, glob patterns): one `Record`
    per page, in input order, a failed file's record carrying its error.

    `jobs` > 1 reads in that many processes, started once, each building its extractor once
    with `make_extractor` (a picklable callable; default: the embedded engine on its share of
    the cores); a script doing so needs the ``if __name__ == "__main__":`` guard. With one job
    it reads here, with `make_extractor()` or the default extractor. `on_progress(done, total)`
    is called as each file is finished. `align`, `max_pixels` and `settings` are `read()`'s.
    """
    files = expand(paths)
    job = Job(template, align, max_pixels, settings)
    jobs = max(1, min(jobs, len(files)))
    if jobs == 1:
        reader = make_extractor() if make_extractor else default_extractor()
        for done, file in enumerate(files, 1):
            records = read_file(reader, file, job)
            if on_progress:
                on_progress(done, len(files))
            yield from records
        return
    make = make_extractor or functools.partial(worker_extractor, max(1, available_cores() // jobs), max_pixels)
    yield from _in_processes(files, job, jobs, make, on_progress)


def _in_processes(files: list[str], job: Job, jobs: int, make: Callable[[], Extractor],
                  on_progress: Progress | None) -> Iterator[Record]:
    """`files` read by `jobs` processes, yielded in order. When a worker dies (out of memory, a
    decoder crash) the pool is replaced and the files it had in flight are read again, one at a
    time: alone, the file that kills its worker is known, and recorded as failed."""
    todo = deque(range(len(files)))
    suspects: set[int] = set()  # in flight when a worker died
    results: dict[int, list[Record]] = {}
    yielded = done = 0
    # spawn, not fork: the parent may hold threads (onnxruntime's, a progress bar's) a fork would copy mid-lock
    context = multiprocessing.get_context("spawn")

    def settle(index: int, records: list[Record]) -> None:
        nonlocal done
        results[index] = records
        suspects.discard(index)
        done += 1
        if on_progress:
            on_progress(done, len(files))

    while yielded < len(files):
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(make, job))
        running: dict[Future[list[Record]], int] = {}
        try:
            while yielded < len(files):
                limit = 1 if suspects else AHEAD * jobs
                while todo and (not running or len(running) + len(results) < limit):
                    index = todo.popleft()
                    running[pool.submit(_work, files[index])] = index
                while yielded in results:
                    yield from results.pop(yielded)
                    yielded += 1
                if not running:
                    continue
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                errors = {future: future.exception() for future in finished}
                if any(isinstance(error, BrokenProcessPool) for error in errors.values()):
                    break
                for future, error in errors.items():
                    index = running.pop(future)
                    settle(index, future.result() if error is None else [_failed(files[index], None, error)])
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        alone = len(running) == 1
        for future, index in sorted(running.items(), key=lambda item: item[1], reverse=True):
            if future.done() and not future.cancelled() and future.exception() is None:
                settle(index, future.result())
            elif alone and index in suspects:
                settle(index, [_crashed(files[index])])
            else:
                suspects.add(index)
                todo.appendleft(index)


def _crashed(file: str) -> Record:
    logger.error("a worker process died reading %s", file)
    return Record(file, None, error=Failure("WorkerCrashed", f"{file}: the process reading it died "
                                            "(out of memory, killed, or a decoder crashed)"))


_worker: tuple[Extractor, Job] | Exception | None = None


def _start_worker(make: Callable[[], Extractor], job: Job) -> None:
    """A worker process's start: its extractor built once (or why not, for every file's record:
    a pool whose workers die at start would be replaced for ever); Ctrl-C is the parent's."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker = (make(), job)
    except Exception as exc:
        _worker = exc


def _work(file: str) -> list[Record]:
    assert _worker is not None, "the pool's initializer builds the worker's extractor"
    if isinstance(_worker, Exception):
        return [_failed(file, None, _worker)]
    reader, job = _worker
    return read_file(reader, file, job)
