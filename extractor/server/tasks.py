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
from ..recognizers.cancel import cancellable
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
    error TEXT,
    owner TEXT                  -- the client that submitted it: only it may see or delete it
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
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(tasks)")}
        if "owner" not in columns:  # a store from before tasks had owners: theirs is nobody's
            self._db.execute("ALTER TABLE tasks ADD COLUMN owner TEXT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, request: RecognizeRegionsRequest, image: bytes, owner: str) -> str:
        task_id = str(uuid.uuid4())
        with self._lock:
            self._db.execute(
                "INSERT INTO tasks (id, status, created, request, image, owner) VALUES (?, ?, ?, ?, ?, ?)",
                (task_id, PENDING, time.time(), json.dumps(request.wire_settings()), image, owner),
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

    def finish(self, task_id: str, results: list[tuple[str, float]] | None, error: str | None = None) -> bool:
        """Store a task's outcome; False when the task was deleted meanwhile."""
        with self._lock:
            return self._db.execute(
                "UPDATE tasks SET status = ?, finished = ?, results = ?, error = ?, image = NULL "
                "WHERE id = ?",
                (COMPLETED if error is None else ERROR, time.time(),
                 None if results is None else json.dumps(results), error, task_id),
            ).rowcount > 0

    def get(self, task_id: str, owner: str) -> Task | None:
        """`owner`'s task, or None if unknown, another client's, deleted or expired."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, status, created, results, error FROM tasks WHERE id = ? AND owner = ?", (task_id, owner)
            ).fetchone()
        if row is None or row[2] + self.result_ttl < time.time():
            return None
        results = None if row[3] is None else [(text, confidence) for text, confidence in json.loads(row[3])]
        return Task(row[0], row[1], row[2], results, row[4])

    def delete(self, task_id: str, owner: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM tasks WHERE id = ? AND owner = ?", (task_id, owner)).rowcount > 0

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

    def __init__(self, store: TaskStore, recognizer: Recognizer, count: int, deadline: float = 300.0) -> None:
        self.store = store
        self.recognizer = recognizer
        self.count = count
        self.deadline = deadline  # seconds a task may run before it ends as Error
        self._cancelled: set[str] = set()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._running: set[str] = set()
        self._busy_lock = threading.Lock()

    @property
    def busy(self) -> int:
        """Workers recognizing now (a deleted task's work included)."""
        return len(self._running)

    def start(self) -> None:
        for task_id in self.store.recover():
            self._queue.put(task_id)
        for number in range(self.count):
            thread = threading.Thread(target=self._run, name=f"recognizer-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, task_id: str) -> None:
        self._queue.put(task_id)

    def cancel(self, task_id: str) -> None:
        """Stop a deleted task's work at its next checkpoint (a queued one is skipped anyway)."""
        with self._busy_lock:
            if task_id in self._running:
                self._cancelled.add(task_id)

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
            with self._busy_lock:
                self._running.add(task_id)
            try:
                self._recognize(task_id, request)
            finally:
                with self._busy_lock:
                    self._running.discard(task_id)
                    self._cancelled.discard(task_id)

    def _recognize(self, task_id: str, request: RecognizeRegionsRequest) -> None:
        started = time.perf_counter()

        def stop() -> str | None:
            if task_id in self._cancelled:
                return "the task was deleted"
            if time.perf_counter() - started > self.deadline:
                return f"the task ran over its limit of {self.deadline:g} s"
            return None

        try:
            with cancellable(stop):
                results = self.recognizer.recognize(request)
        except ExtractorError as exc:
            outcome, ordered, error = f"failed: {type(exc).__name__}", None, str(exc)
        except Exception:  # a worker must outlive any single task
            logger.exception("task %s: internal error", task_id)
            outcome, ordered, error = "failed: internal error", None, "internal error while recognizing"
        else:
            ordered = [(r.text, r.confidence) for r in sorted(results, key=lambda r: r.order)]
            outcome, error = f"completed: {len(ordered)} regions", None
        if not self.store.finish(task_id, ordered, error):
            outcome = "deleted while it ran: its outcome was dropped"
        logger.info("task %s %s in %.0f ms", task_id, outcome, 1000 * (time.perf_counter() - started))
