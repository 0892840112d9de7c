"""Accepted tasks: a SQLite store on disk and a bounded pool of recognition workers.

A task is written to disk before its id is returned, so it survives a crash: on
start, tasks left Pending or Processing are queued again. A task's image is deleted
as soon as the task is done; its results expire after `result_ttl` seconds.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExtractorError
from ..recognizers import Recognizer
from ..request import RecognizeRegionsRequest

logger = logging.getLogger(__name__)

PENDING, PROCESSING, COMPLETED, ERROR = "Pending", "Processing", "Completed", "Error"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    created REAL NOT NULL,
    finished REAL,
    request TEXT NOT NULL,      -- the wire settings and regions, without the image
    image BLOB,                 -- deleted once the task is done
    results TEXT,               -- JSON list of [text, confidence], one per region in order
    error TEXT
);
CREATE INDEX IF NOT EXISTS tasks_status ON tasks (status, created);
"""


@dataclass(frozen=True)
class Task:
    id: str
    status: str
    created: float
    results: list[tuple[str, float]] | None = None
    error: str | None = None


class TaskStore:
    """Tasks on disk; every method is safe to call from any thread."""

    def __init__(self, path: Path, result_ttl: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.result_ttl = result_ttl
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # an accepted task must survive power loss
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, request: RecognizeRegionsRequest, image: bytes) -> str:
        task_id = str(uuid.uuid4())
        with self._lock:
            self._db.execute(
                "INSERT INTO tasks (id, status, created, request, image) VALUES (?, ?, ?, ?, ?)",
                (task_id, PENDING, time.time(), json.dumps(request.wire_settings()), image),
            )
        return task_id

    def claim(self, task_id: str) -> RecognizeRegionsRequest | None:
        """Mark a pending task Processing and return its request (None if gone or taken)."""
        with self._lock:
            row = self._db.execute(
                "UPDATE tasks SET status = ? WHERE id = ? AND status = ? RETURNING request, image",
                (PROCESSING, task_id, PENDING),
            ).fetchone()
        if row is None:
            return None
        return RecognizeRegionsRequest.from_wire_settings(bytes(row[1]), json.loads(row[0]))

    def finish(self, task_id: str, results: list[tuple[str, float]] | None, error: str | None = None) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE tasks SET status = ?, finished = ?, results = ?, error = ?, image = NULL "
                "WHERE id = ?",
                (COMPLETED if error is None else ERROR, time.time(),
                 None if results is None else json.dumps(results), error, task_id),
            )

    def get(self, task_id: str) -> Task | None:
        """The task, or None if unknown, deleted or expired."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, status, created, results, error FROM tasks WHERE id = ?", (task_id,)
            ).fetchone()
        if row is None or row[2] + self.result_ttl < time.time():
            return None
        results = None if row[3] is None else [(text, confidence) for text, confidence in json.loads(row[3])]
        return Task(row[0], row[1], row[2], results, row[4])

    def delete(self, task_id: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM tasks WHERE id = ?", (task_id,)).rowcount > 0

    def queued(self) -> int:
        with self._lock:
            return self._db.execute(
                "SELECT COUNT(*) FROM tasks WHERE status IN (?, ?)", (PENDING, PROCESSING)
            ).fetchone()[0]

    def recover(self) -> list[str]:
        """Tasks interrupted by a stop or a crash, made Pending again, oldest first."""
        with self._lock:
            self._db.execute("UPDATE tasks SET status = ? WHERE status = ?", (PENDING, PROCESSING))
            rows = self._db.execute(
                "SELECT id FROM tasks WHERE status = ? ORDER BY created", (PENDING,)
            ).fetchall()
        return [row[0] for row in rows]

    def purge_expired(self) -> int:
        with self._lock:
            return self._db.execute(
                "DELETE FROM tasks WHERE created < ?", (time.time() - self.result_ttl,)
            ).rowcount


class Workers:
    """A fixed pool of threads reading queued tasks with one shared recognizer."""

    def __init__(self, store: TaskStore, recognizer: Recognizer, count: int) -> None:
        self.store = store
        self.recognizer = recognizer
        self.count = count
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for task_id in self.store.recover():
            self._queue.put(task_id)
        for number in range(self.count):
            thread = threading.Thread(target=self._run, name=f"recognizer-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, task_id: str) -> None:
        self._queue.put(task_id)

    def stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=30)

    def _run(self) -> None:
        while (task_id := self._queue.get()) is not None:
            request = self.store.claim(task_id)
            if request is None:
                continue
            started = time.perf_counter()
            try:
                results = self.recognizer.recognize(request)
            except ExtractorError as exc:
                self.store.finish(task_id, None, str(exc))
                logger.info("task %s failed: %s", task_id, type(exc).__name__)
                continue
            except Exception:  # a worker must outlive any single task
                logger.exception("task %s: internal error", task_id)
                self.store.finish(task_id, None, "internal error while recognizing")
                continue
            ordered = [(r.text, r.confidence) for r in sorted(results, key=lambda r: r.order)]
            self.store.finish(task_id, ordered)
            logger.info("task %s completed: %d regions in %.0f ms", task_id, len(ordered),
                        1000 * (time.perf_counter() - started))
