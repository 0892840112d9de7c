"""`extractor worker`: a process that reads the tasks queued on Redis with the embedded engine.

Run any number, on any machines that reach the Redis server: each takes up to `threads` tasks at
once (the models are loaded once per process and shared by its threads, as the SQLite mode's
pool). A task's message is acknowledged only after its outcome is stored; a worker killed
mid-task stops beating, and after `heartbeat_seconds` another takes its tasks up again.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from ..recognizers import Recognizer
from .redis_tasks import QUEUE, RedisStore, connect, make_broker, redacted
from .tasks import recognize_task

logger = logging.getLogger(__name__)

DELETED_CHECK_SECONDS = 0.5  # how often a running task looks whether it was deleted (one EXISTS)
# Dramatiq's consumer backs off while it holds all the messages it may (every thread busy) or the
# queue is empty, up to this many ms: its default, a second, left each worker idle up to a second
# after every task (a card is half a second of work). Ten fetches a second per idle worker are
# nothing to Redis.
POLL_MS = 100
# A task taken up this many times without an outcome ends as Error: one that kills its worker
# (a decoder crash, the memory exhausted) would otherwise go round every worker in turn.
MAX_DELIVERIES = 5


class RedisWorker:
    """Dramatiq worker threads calling `recognizer` on the queued tasks; `run()` until a signal."""

    def __init__(self, url: str, recognizer: Recognizer, *, threads: int, task_seconds: float = 300.0,
                 heartbeat_seconds: float = 60.0) -> None:
        self.url = url
        self.recognizer = recognizer
        self.threads = threads
        self.task_seconds = task_seconds  # a task running longer ends as Error
        self.heartbeat_seconds = heartbeat_seconds
        self.store = RedisStore(connect(url))
        self.broker = make_broker(self.store.client, heartbeat_seconds)
        self._stop = threading.Event()

    def recognize_task(self, task_id: str) -> None:
        """The actor: read one task and store its outcome. Redis failing raises, and Dramatiq
        delivers the message again later (the task stays Processing meanwhile)."""
        claimed = self.store.claim(task_id)
        if claimed is None:
            logger.info("task %s: finished, deleted or expired already; skipped", task_id)
            return
        request, attempt = claimed
        if attempt > MAX_DELIVERIES:
            self.store.finish(task_id, None, f"the task stopped its worker {attempt - 1} times; it is not tried again")
            logger.warning("task %s failed: delivered %d times without an outcome", task_id, attempt)
            return
        started = time.perf_counter()
        looked = [started]

        def stop() -> str | None:
            now = time.perf_counter()
            if now - started > self.task_seconds:
                return f"the task ran over its limit of {self.task_seconds:g} s"
            if now - looked[0] > DELETED_CHECK_SECONDS:
                looked[0] = now
                if not self.store.exists(task_id):
                    return "the task was deleted"
            return None

        outcome, ordered, error = recognize_task(self.recognizer, request, stop, task_id)
        stored = self.store.finish(task_id, ordered, error)
        if stored == 0:
            outcome = "deleted while it ran: its outcome was dropped"
        elif stored < 0:
            outcome = "finished by another worker meanwhile: this outcome was dropped"
        again = f" (delivery {attempt})" if attempt > 1 else ""
        logger.info("task %s %s in %.0f ms%s", task_id, outcome, 1000 * (time.perf_counter() - started), again)

    def run(self) -> None:
        """Work until SIGTERM or SIGINT, then finish the tasks under way (those not started go back)."""
        import dramatiq

        dramatiq.actor(actor_name=QUEUE, queue_name=QUEUE, broker=self.broker)(self.recognize_task)
        worker = dramatiq.Worker(self.broker, queues={QUEUE}, worker_threads=self.threads, worker_timeout=POLL_MS)
        # each thread holds one message: more would sit here while another worker idles
        worker.queue_prefetch = self.threads
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._on_signal)
        worker.start()
        name = self.broker.broker_id
        logger.info("worker %s reading tasks from %s with %d thread(s)", name, redacted(self.url), self.threads)
        beat = min(5.0, self.heartbeat_seconds / 4)
        try:
            while True:
                # Dramatiq notes a worker alive on each of its broker commands; one busy on every
                # thread sends none, so a beat is sent here lest its tasks be taken as a dead one's.
                try:
                    self.broker.do_qsize(QUEUE)
                    self.store.beat(name)
                except Exception as exc:  # Redis away for a moment: beat again later
                    logger.warning("heartbeat failed: %s", type(exc).__name__)
                if self._stop.wait(beat):
                    break
        finally:
            logger.info("worker %s stopping: finishing the tasks under way", name)
            worker.stop(timeout=int(1000 * (self.task_seconds + 10)))
            try:
                self.store.leave(name)
            except Exception as exc:
                logger.warning("could not sign off: %s", type(exc).__name__)
            self.store.client.close()

    def _on_signal(self, *_: Any) -> None:
        self._stop.set()
