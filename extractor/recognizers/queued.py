"""A recognizer that hands each request to the `extractor worker` processes through Redis.

`extractor extract --broker redis://...` reads with it: alignment runs here, recognition on the
workers the server uses, without going through HTTP. Each task is owned by this recognizer alone
(a random owner no client id matches), deleted once its result is read, and expires anyway.
"""

from __future__ import annotations

import time
import uuid

from ..errors import RecognizerError
from ..request import RecognizeRegionsRequest
from . import RegionResult
from .http import spelled_here
from .spelling import Speller

RESULT_TTL = 3600.0  # seconds an unread result is kept (this process died before reading it)
UNBOUNDED = 2**31  # a batch waits for its own results: it holds at most one task per process


class QueuedRecognizer:
    """Reads regions through the Redis queue of `extractor serve --broker URL` (same workers).

    `timeout` bounds one `recognize` call from submit to result.
    """

    def __init__(self, broker: str, *, timeout: float = 300.0, poll_interval: float = 0.05,
                 max_poll_interval: float = 0.5, heartbeat_seconds: float = 60.0) -> None:
        from ..server.redis_tasks import RedisStore, connect, make_broker

        self.timeout, self.poll_interval, self.max_poll_interval = timeout, poll_interval, max_poll_interval
        self.heartbeat_seconds = heartbeat_seconds
        self.store = RedisStore(connect(broker))
        self._broker = make_broker(self.store.client, heartbeat_seconds)
        self._owner = f"batch:{uuid.uuid4()}"
        self.speller = Speller()

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return "QueuedRecognizer()"

    def close(self) -> None:
        self.store.client.close()

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        return spelled_here(request, self._recognize, self.speller)

    def _recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        from ..server.redis_tasks import enqueue
        from ..server.tasks import COMPLETED, ERROR, StoreError

        deadline = time.monotonic() + self.timeout
        try:
            task_id = self.store.add(request, request.image_bytes(), self._owner, ttl=RESULT_TTL,
                                     max_queue=UNBOUNDED)
            try:
                enqueue(self._broker, task_id)
                interval = self.poll_interval
                while (task := self.store.get(task_id, self._owner)) is not None and task.status not in (
                        COMPLETED, ERROR):
                    if time.monotonic() + interval > deadline:
                        workers = self.store.live_workers(self.heartbeat_seconds)
                        raise RecognizerError(f"task {task_id} not done after {self.timeout:.0f} s "
                                              f"({workers} worker(s) alive on this Redis)")
                    time.sleep(interval)
                    interval = min(self.max_poll_interval, interval * 1.5)
            finally:
                self.store.delete(task_id, self._owner)
        except StoreError as exc:
            raise RecognizerError(str(exc)) from exc
        if task is None:
            raise RecognizerError(f"task {task_id} vanished from Redis before it was done (expired or evicted)")
        if task.status == ERROR:
            raise RecognizerError(f"task {task_id} ended Error: {task.error or 'no detail'}")
        regions = request.sorted_regions()
        results = task.results or []
        if len(results) != len(regions):
            raise RecognizerError(f"task {task_id}: {len(results)} results for {len(regions)} regions")
        return [RegionResult(region.order, text, confidence)
                for region, (text, confidence) in zip(regions, results, strict=True)]
