"""Accepted tasks: what the API needs of a queue and result store (`TaskBackend`), and the
embedded one: a SQLite store on disk and a bounded pool of recognition threads (`LocalTasks`).

A task is written to disk before its id is returned, so it survives a crash: on
start, tasks left Pending or Processing are queued again. A task's image is deleted
as soon as the task is done; its results expire after `result_ttl` seconds.
The other backend, Redis with separate worker processes, is `redis_tasks.py`.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, cast

from ..errors import ExtractorError
from ..recognizers import Recognizer
from ..recognizers.cancel import cancellable
from ..request import RecognizeRegionsRequest

logger = logging.getLogger(__name__)
T = TypeVar("T")

PENDING, PROCESSING, COMPLETED, ERROR = "Pending", "Processing", "Completed", "Error"
WAL_LIMIT = 4 * 1024 * 1024  # bytes the write-ahead log is cut back to after a checkpoint
STORE_RETRY = (0.05, 5.0)  # seconds between tries of a failed store write: first, at most
STUCK_MARGIN = 60.0  # seconds past its deadline after which a running task counts as stuck
JANITOR_SECONDS = 10  # how often expired tasks are dropped and the write-ahead log emptied


class StoreError(ExtractorError):
    """The task store could not be written (a full disk, a locked or broken database)."""

    def __init__(self, message: str, full: bool = False) -> None:
        super().__init__(message)
        self.full = full


class QueueFullError(StoreError):
    """As many tasks wait as the queue may hold: the submit is refused, to be tried again later."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"{limit} tasks are waiting; retry later")
        self.limit = limit


SQLITE_FULL = 13  # sqlite3.SQLITE_FULL, named by the module only from Python 3.11


def _store_error(exc: sqlite3.Error | OSError) -> StoreError:
    full = isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL
    full = full or "full" in str(exc)
    return StoreError("the task store is full" if full else f"the task store failed: {type(exc).__name__}", full)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    created REAL NOT NULL,
    finished REAL,
    request TEXT NOT NULL,      -- the wire settings and regions, without the image
    image BLOB,                 -- stores made before `images` kept the image here
    results TEXT,               -- JSON list of [text, confidence], one per region in order
    error TEXT,
    owner TEXT                  -- the client that submitted it: only it may see or delete it
);
CREATE INDEX IF NOT EXISTS tasks_status ON tasks (status, created);
-- apart from the task, so that its status changes never rewrite a large image (a full store
-- could not take the copy); deleted once the task is done
CREATE TABLE IF NOT EXISTS images (
    id TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
"""


@dataclass(frozen=True)
class Task:
    id: str
    status: str
    created: float
    results: list[tuple[str, float]] | None = None
    error: str | None = None


class TaskBackend(Protocol):
    """What the API needs of a queue and result store; every method is safe from any thread.

    Guarantees both backends keep: a task whose id was returned is never lost (a worker that
    dies mid-task has it done again, and only its first outcome is kept); its image is deleted
    once it is done; it is visible to its owner alone; it expires `result_ttl` seconds after
    submission; at most `max_queue` tasks wait or run at once.
    """

    def start(self) -> None:
        """Connect, recover what a crash left, start background work (called once, at startup)."""
        ...

    def stop(self) -> None:
        ...

    def add(self, request: RecognizeRegionsRequest, image: bytes, owner: str) -> str:
        """Store the task durably and queue it; its id. `QueueFullError` when the queue is
        full, `StoreError` (`.full` when out of room) when it cannot be stored."""
        ...

    def get(self, task_id: str, owner: str) -> Task | None:
        """`owner`'s task, or None if unknown, another client's, deleted or expired."""
        ...

    def delete(self, task_id: str, owner: str) -> bool:
        """Drop `owner`'s task and its results, stopping its work if it runs; False if none."""
        ...

    def queued(self) -> int:
        """Tasks waiting or running."""
        ...

    def health(self) -> tuple[str | None, dict[str, object]]:
        """Why tasks cannot be done now (None when they can), and figures for /healthz."""
        ...


class TaskStore:
    """Tasks on disk; every method is safe to call from any thread."""

    def __init__(self, path: Path, result_ttl: float, max_bytes: int | None = None) -> None:
        # ID documents: the folder and every file in it for the server's user alone
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        self.result_ttl = result_ttl
        self._lock = threading.Lock()
        previous = os.umask(0o077)  # the database, its -wal and -shm are made 0600
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
        finally:
            os.umask(previous)
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists():
                file.chmod(0o600)
        self._db.execute("PRAGMA synchronous=FULL")  # an accepted task must survive power loss
        # deleted images and results are overwritten, and the WAL does not keep old pages long
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
        if max_bytes is not None:  # a quota: past it submits are refused as when the disk is full
            page = self._db.execute("PRAGMA page_size").fetchone()[0]
            self._db.execute(f"PRAGMA max_page_count={max(16, max_bytes // page)}")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(tasks)")}
        if "owner" not in columns:  # a store from before tasks had owners: theirs is nobody's
            self._db.execute("ALTER TABLE tasks ADD COLUMN owner TEXT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, request: RecognizeRegionsRequest, image: bytes, owner: str) -> str:
        task_id = str(uuid.uuid4())
        try:
            with self._lock, self._transaction():
                self._db.execute(
                    "INSERT INTO tasks (id, status, created, request, owner) VALUES (?, ?, ?, ?, ?)",
                    (task_id, PENDING, time.time(), json.dumps(request.wire_settings()), owner),
                )
                self._db.execute("INSERT INTO images (id, data) VALUES (?, ?)", (task_id, image))
        except (sqlite3.Error, OSError) as exc:
            raise _store_error(exc) from exc
        return task_id

    def claim(self, task_id: str) -> RecognizeRegionsRequest | None:
        """Mark a pending task Processing and return its request (None if gone or taken)."""
        with self._lock:
            row = self._db.execute(
                "UPDATE tasks SET status = ? WHERE id = ? AND status = ? RETURNING request, image",
                (PROCESSING, task_id, PENDING),
            ).fetchone()
            image = None if row is None else row[1]
            if row is not None and image is None:
                found = self._db.execute("SELECT data FROM images WHERE id = ?", (task_id,)).fetchone()
                image = None if found is None else found[0]
        if row is None or image is None:
            return None
        return RecognizeRegionsRequest.from_wire_settings(bytes(image), json.loads(row[0]))

    def finish(self, task_id: str, results: list[tuple[str, float]] | None, error: str | None = None) -> bool:
        """Store a task's outcome; False when the task was deleted meanwhile."""
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM images WHERE id = ?", (task_id,))  # first: it frees the room
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
        with self._lock, self._transaction():
            if not self._db.execute("DELETE FROM tasks WHERE id = ? AND owner = ?", (task_id, owner)).rowcount:
                return False
            self._db.execute("DELETE FROM images WHERE id = ?", (task_id,))
            return True

    def queued(self) -> int:
        with self._lock:
            return cast(int, self._db.execute(
                "SELECT COUNT(*) FROM tasks WHERE status IN (?, ?)", (PENDING, PROCESSING)
            ).fetchone()[0])

    def recover(self) -> list[str]:
        """Tasks interrupted by a stop or a crash, made Pending again, oldest first."""
        with self._lock:
            self._db.execute("UPDATE tasks SET status = ? WHERE status = ?", (PENDING, PROCESSING))
            rows = self._db.execute(
                "SELECT id FROM tasks WHERE status = ? ORDER BY created", (PENDING,)
            ).fetchall()
        return [row[0] for row in rows]

    def purge_expired(self) -> int:
        with self._lock, self._transaction():
            removed = self._db.execute(
                "DELETE FROM tasks WHERE created < ?", (time.time() - self.result_ttl,)
            ).rowcount
            self._db.execute("DELETE FROM images WHERE id NOT IN (SELECT id FROM tasks)")
            return removed

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """The statements of the block applied together or not at all (the caller holds the lock)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite rolls back by itself on some errors (a full store)
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def checkpoint(self) -> None:
        """Copy the WAL into the database and empty it: deleted pages leave the log."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


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
        self._running: dict[str, float] = {}  # task id -> when it started
        self._busy_lock = threading.Lock()

    @property
    def busy(self) -> int:
        """Workers recognizing now (a deleted task's work included)."""
        return len(self._running)

    def trouble(self) -> str | None:
        """Why the pool cannot work (a worker dead, a task stuck past its deadline), or None."""
        dead = sum(not thread.is_alive() for thread in self._threads)
        if dead:
            return f"{dead} of {len(self._threads)} workers stopped"
        now = time.perf_counter()
        with self._busy_lock:
            stuck = sum(now - began > self.deadline + STUCK_MARGIN for began in self._running.values())
        return f"{stuck} task(s) stuck past their deadline" if stuck else None

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
            request = _retried(self.store.claim, task_id)
            if request is None:
                continue
            with self._busy_lock:
                self._running[task_id] = time.perf_counter()
            try:
                self._recognize(task_id, request)
            finally:
                with self._busy_lock:
                    self._running.pop(task_id, None)
                    self._cancelled.discard(task_id)

    def _recognize(self, task_id: str, request: RecognizeRegionsRequest) -> None:
        started = time.perf_counter()

        def stop() -> str | None:
            if task_id in self._cancelled:
                return "the task was deleted"
            if time.perf_counter() - started > self.deadline:
                return f"the task ran over its limit of {self.deadline:g} s"
            return None

        outcome, ordered, error = recognize_task(self.recognizer, request, stop, task_id)
        if not _retried(self.store.finish, task_id, ordered, error):
            outcome = "deleted while it ran: its outcome was dropped"
        logger.info("task %s %s in %.0f ms", task_id, outcome, 1000 * (time.perf_counter() - started))


def recognize_task(recognizer: Recognizer, request: RecognizeRegionsRequest, stop: Callable[[], str | None],
                   task_id: str) -> tuple[str, list[tuple[str, float]] | None, str | None]:
    """One task recognized under `stop` (a reason to cancel, or None): what to log, the results
    in region order (None on failure) and the error to store. Any store's worker runs this."""
    try:
        with cancellable(stop):
            results = recognizer.recognize(request)
    except ExtractorError as exc:
        return f"failed: {type(exc).__name__}", None, str(exc)
    except Exception:  # a worker must outlive any single task
        logger.exception("task %s: internal error", task_id)
        return "failed: internal error", None, "internal error while recognizing"
    ordered = [(r.text, r.confidence) for r in sorted(results, key=lambda r: r.order)]
    return f"completed: {len(ordered)} regions", ordered, None


def _retried(write: Callable[..., T], *args: object) -> T:
    """`write(*args)`, tried again until the store takes it: a full disk or a locked database
    must neither kill the worker nor lose the task (it stays Processing, and is taken up again
    after a restart)."""
    pause = STORE_RETRY[0]
    while True:
        try:
            return write(*args)
        except (sqlite3.Error, OSError) as exc:
            logger.warning("task store write failed (%s); trying again in %.2f s", type(exc).__name__, pause)
            time.sleep(pause)
            pause = min(STORE_RETRY[1], 2 * pause)


class LocalTasks:
    """The embedded backend: the SQLite store and a thread pool in the API process itself."""

    def __init__(self, path: Path, recognizer: Recognizer, *, workers: int, result_ttl: float,
                 max_queue: int, task_seconds: float = 300.0, max_bytes: int | None = None) -> None:
        self.store = TaskStore(path, result_ttl, max_bytes)
        self.workers = Workers(self.store, recognizer, workers, task_seconds)
        self.max_queue = max_queue
        self._janitor = threading.Event()

    def start(self) -> None:
        self.store.purge_expired()
        self.workers.start()
        threading.Thread(target=_purge_periodically, args=(self.store, self._janitor), daemon=True).start()

    def stop(self) -> None:
        self._janitor.set()
        self.workers.stop()
        self.store.close()

    def add(self, request: RecognizeRegionsRequest, image: bytes, owner: str) -> str:
        if self.store.queued() >= self.max_queue:
            raise QueueFullError(self.max_queue)
        task_id = self.store.add(request, image, owner)
        self.workers.submit(task_id)
        return task_id

    def get(self, task_id: str, owner: str) -> Task | None:
        return self.store.get(task_id, owner)

    def delete(self, task_id: str, owner: str) -> bool:
        if not self.store.delete(task_id, owner):
            return False
        self.workers.cancel(task_id)
        self.store.checkpoint()  # the deleted image and text leave the write-ahead log now
        return True

    def queued(self) -> int:
        return self.store.queued()

    def health(self) -> tuple[str | None, dict[str, object]]:
        return self.workers.trouble(), {"queued": self.store.queued(), "busy": self.workers.busy}


def _purge_periodically(store: TaskStore, stop: threading.Event) -> None:
    while not stop.wait(JANITOR_SECONDS):
        try:
            removed = store.purge_expired()
            store.checkpoint()  # finished tasks' images and deleted tasks leave the write-ahead log
        except sqlite3.Error as exc:
            logger.warning("purging expired tasks failed: %s", type(exc).__name__)
            continue
        if removed:
            logger.info("dropped %d expired task(s)", removed)
