"""Tasks on Redis: the store every API process and `extractor worker` shares, and the queue.

The queue is Dramatiq's Redis broker: a message (the task id alone) is acknowledged only after
its worker has stored the outcome, and a worker silent for `heartbeat_seconds` counts as dead:
the messages it held go back to the queue for another. Delivery is thus at least once; a task
*completes* once because only its first outcome is stored (`finish` keeps a finished task as
it is).

What lives in Redis under the `extractor:` prefix, each written by one Lua script so that every
change is whole:

- ``task:<id>``: a hash (status, created, owner, the wire settings, results, error); it expires
  `result_ttl` after submission, as in the SQLite store.
- ``image:<id>``: the image bytes, apart from the task so that the message stays small; deleted
  when the task is done (or deleted), expiring with the task at the latest.
- ``active``: the ids of tasks waiting or running, scored by their expiry: the queue's length
  for the 503 limit, counted atomically with each submit.
- ``token-key``: the token signing key, made by the first API process to start.
- ``rate:<kind>:<hash>``: token buckets limiting token requests across all API processes.
- ``workers``: each worker's last heartbeat, for /healthz.

Times are Redis's own clock (``TIME``), so machines whose clocks differ agree on expiry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import uuid
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import redis
from dramatiq import Message
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Retries

from ..request import RecognizeRegionsRequest
from .tasks import COMPLETED, ERROR, QueueFullError, StoreError, Task

logger = logging.getLogger(__name__)

PREFIX = "extractor"
QUEUE = "recognize"  # the Dramatiq queue and actor name
KEY_BYTES = 32  # the token signing key's length (as auth.KEY_BYTES)
# Dramatiq runs its maintenance (redelivering a dead worker's messages) on this share of broker
# commands, out of a million. Its default, 1 in 1000, leaves a dead worker's task waiting many
# minutes on a quiet queue (a busy worker sends one command per beat); on every command it is two
# sorted-set range reads while no worker is dead, next to a card's second of recognition.
MAINTENANCE_CHANCE = 1_000_000
SCHEMES = ("redis", "rediss", "unix")

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

# KEYS: task, image, active; ARGV: id, ttl ms, max queue, owner, settings JSON, image. The shebang
# (Redis 7) makes Redis refuse the script whole when at its memory limit; the other scripts free
# memory or write a few bytes, and must go on so that workers can empty a full store.
_ADD = "#!lua\n" + _NOW + """
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then return 0 end
local expires = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'status', 'Pending', 'created', now, 'owner', ARGV[4], 'request', ARGV[5],
           'attempts', 0)
redis.call('PEXPIREAT', KEYS[1], expires)
redis.call('SET', KEYS[2], ARGV[6], 'PXAT', expires)
redis.call('ZADD', KEYS[3], expires, ARGV[1])
return 1
"""

# KEYS: task, image. A finished, deleted or expired task is not taken; a Processing one is (again):
# its worker died, and the broker handed its message to another.
_CLAIM = """
local status = redis.call('HGET', KEYS[1], 'status')
if (not status) or status == 'Completed' or status == 'Error' then return false end
local image = redis.call('GET', KEYS[2])
if not image then return false end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSET', KEYS[1], 'status', 'Processing')
return {redis.call('HGET', KEYS[1], 'request'), image, attempts}
"""

# KEYS: task, image, active; ARGV: id, status, results JSON, error. 1 stored, 0 the task is gone,
# -1 it was finished already (by a worker thought dead): the first outcome stays.
_FINISH = _NOW + """
redis.call('DEL', KEYS[2])
local status = redis.call('HGET', KEYS[1], 'status')
if not status then redis.call('ZREM', KEYS[3], ARGV[1]) return 0 end
if status == 'Completed' or status == 'Error' then return -1 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'finished', now, 'results', ARGV[3], 'error', ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
"""

# KEYS: task, image, active; ARGV: id, owner
_DELETE = """
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
"""

# KEYS: bucket; ARGV: rate per second, burst. A token bucket as limits.RateLimiter; the wait as text
# (Lua numbers come back from Redis cut to integers).
_RATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'when')
local tokens = math.min(burst, (tonumber(held[1]) or burst) + (now - (tonumber(held[2]) or now)) * rate)
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'when', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class BrokerError(StoreError):
    """Redis cannot be reached or refused a command (the message says which kind, never the URL)."""


class BrokerURLError(BrokerError, ValueError):
    """A --broker value that is not a Redis URL."""


def failure(exc: redis.RedisError, what: str) -> BrokerError:
    """The error for a failed Redis command; Redis at its maxmemory (no eviction) refuses writes
    with OOM: then the store is full, as a full disk."""
    full = isinstance(exc, redis.exceptions.OutOfMemoryError) or "maxmemory" in str(exc)
    return BrokerError(f"{what} (Redis) is full" if full else f"{what} (Redis) failed: {type(exc).__name__}", full)


def redacted(url: str) -> str:
    """`url` without its password, to be logged or shown."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str) -> Any:
    """A Redis client for `url` (redis://, rediss:// with TLS, unix://), checked with a PING."""
    if urlsplit(url).scheme not in SCHEMES:
        raise BrokerURLError(f"--broker {redacted(url)!r}: expected redis://[:password@]host[:port][/db], "
                             "rediss://... (TLS) or unix:///path/to/redis.sock")
    try:
        client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=30)
        client.ping()
    except ValueError as exc:
        raise BrokerURLError(f"--broker {redacted(url)!r}: {exc}") from None
    except redis.RedisError as exc:
        raise BrokerError(f"cannot reach Redis at {redacted(url)}: {type(exc).__name__}") from None
    return client


def make_broker(client: Any, heartbeat_seconds: float) -> Any:
    """Dramatiq's Redis broker on `client`, with the one queue declared.

    Middleware: Retries alone, for a worker whose Redis writes failed (the task is done again).
    Not TimeLimit: it raises into a running thread; the task deadline is cooperative
    (`recognizers.cancel`) and ends the task as Error instead.
    """
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        client=client, namespace=PREFIX, heartbeat_timeout=int(heartbeat_seconds * 1000),
        maintenance_chance=MAINTENANCE_CHANCE,
        middleware=[Retries(max_retries=50, min_backoff=500, max_backoff=30_000)])
    broker.declare_queue(QUEUE)
    return broker


class RedisStore:
    """The task records, images and queue length in Redis; thread-safe (redis-py pools connections)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._scripts = {name: client.register_script(text) for name, text in (
            ("add", _ADD), ("claim", _CLAIM), ("finish", _FINISH), ("delete", _DELETE),
            ("rate", _RATE))}

    @staticmethod
    def _keys(task_id: str) -> list[str]:
        return [f"{PREFIX}:task:{task_id}", f"{PREFIX}:image:{task_id}", f"{PREFIX}:active"]

    def _run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        try:
            return self._scripts[script](keys=keys, args=args)
        except redis.RedisError as exc:
            raise failure(exc, "the task store") from None

    def add(self, request: RecognizeRegionsRequest, image: bytes, owner: str, *, ttl: float, max_queue: int) -> str:
        task_id = str(uuid.uuid4())
        settings = json.dumps(request.wire_settings())
        if not self._run("add", self._keys(task_id), [task_id, int(ttl * 1000), max_queue, owner, settings, image]):
            raise QueueFullError(max_queue)
        return task_id

    def claim(self, task_id: str) -> tuple[RecognizeRegionsRequest, int] | None:
        """The request of a task to work on, and which attempt this is; None if it is done or gone."""
        found = self._run("claim", self._keys(task_id)[:2], [])
        if found is None:
            return None
        settings, image, attempts = found
        return RecognizeRegionsRequest.from_wire_settings(bytes(image), json.loads(settings)), int(attempts)

    def finish(self, task_id: str, results: list[tuple[str, float]] | None, error: str | None = None) -> int:
        """Store a task's outcome: 1 stored, 0 the task was deleted or expired, -1 finished already."""
        return int(self._run("finish", self._keys(task_id), [
            task_id, COMPLETED if error is None else ERROR, "" if results is None else json.dumps(results),
            error or ""]))

    def exists(self, task_id: str) -> bool:
        try:
            return bool(self.client.exists(self._keys(task_id)[0]))
        except redis.RedisError:
            return True  # unknown: let the work go on rather than drop it

    def get(self, task_id: str, owner: str) -> Task | None:
        try:
            status, created, stored_owner, results, error = self.client.hmget(
                self._keys(task_id)[0], "status", "created", "owner", "results", "error")
        except redis.RedisError as exc:
            raise BrokerError(f"the task store (Redis) failed: {type(exc).__name__}") from None
        if status is None or stored_owner is None or stored_owner.decode() != owner:
            return None
        ordered = None if not results else [(text, confidence) for text, confidence in json.loads(results)]
        return Task(task_id, status.decode(), int(created) / 1000, ordered, error.decode() if error else None)

    def delete(self, task_id: str, owner: str) -> bool:
        return bool(self._run("delete", self._keys(task_id), [task_id, owner]))

    def queued(self) -> int:
        """Unfinished tasks not expired. Not a script: Redis at its memory limit refuses every
        script that may write, and this count must still be read to answer 507."""
        try:
            now_ms = int(self._seconds() * 1000)
            return int(self.client.zcount(f"{PREFIX}:active", f"({now_ms}", "+inf"))
        except redis.RedisError as exc:
            raise BrokerError(f"the task store (Redis) failed: {type(exc).__name__}") from None

    def token_key(self) -> bytes:
        """The token signing key all API processes share: made by the first, kept by Redis."""
        key = f"{PREFIX}:token-key"
        try:
            self.client.set(key, secrets.token_bytes(KEY_BYTES), nx=True)
            found = cast(bytes | None, self.client.get(key))
        except redis.RedisError as exc:
            raise BrokerError(f"cannot read the token key from Redis: {type(exc).__name__}") from None
        if found is None or len(found) < KEY_BYTES:
            raise BrokerError(f"the token key in Redis ({key}) is under {KEY_BYTES} bytes: a guessable key signs "
                              "forged tokens; delete it to have a new one made (tokens issued with it end)")
        return found

    def rate_wait(self, kind: str, key: str, rate: float, burst: int) -> float:
        bucket = f"{PREFIX}:rate:{kind}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
        return float(self._run("rate", [bucket], [rate, burst]))

    def beat(self, worker: str) -> None:
        """Note that `worker` is alive now (for /healthz)."""
        self.client.zadd(f"{PREFIX}:workers", {worker: self._seconds()})

    def leave(self, worker: str) -> None:
        self.client.zrem(f"{PREFIX}:workers", worker)

    def live_workers(self, within: float) -> int:
        """Workers that beat within the last `within` seconds (older entries are dropped)."""
        now = self._seconds()
        key = f"{PREFIX}:workers"
        self.client.zremrangebyscore(key, "-inf", now - 10 * within)
        return int(self.client.zcount(key, now - within, "+inf"))

    def _seconds(self) -> float:
        seconds, micros = self.client.time()
        return float(seconds) + float(micros) / 1e6


class RedisLimiter:
    """`limits.RateLimiter`'s token bucket kept in Redis, shared by every API process."""

    def __init__(self, store: RedisStore, kind: str, rate: float, burst: int) -> None:
        self.store, self.kind, self.rate, self.burst = store, kind, rate, burst

    def wait(self, key: str) -> float:
        wait: float = self.store.rate_wait(self.kind, key, self.rate, self.burst)
        return wait


class RedisTasks:
    """The API's backend in Redis mode (`tasks.TaskBackend`): store and queue, no recognition here."""

    def __init__(self, url: str, *, result_ttl: float, max_queue: int, heartbeat_seconds: float = 60.0) -> None:
        self.url = url
        self.result_ttl, self.max_queue, self.heartbeat_seconds = result_ttl, max_queue, heartbeat_seconds
        self.store = RedisStore(connect(url))
        self._broker: Any = None

    def start(self) -> None:
        self._broker = make_broker(self.store.client, self.heartbeat_seconds)

    def stop(self) -> None:
        self.store.client.close()

    def add(self, request: RecognizeRegionsRequest, image: bytes, owner: str) -> str:
        task_id = self.store.add(request, image, owner, ttl=self.result_ttl, max_queue=self.max_queue)
        try:
            enqueue(self._broker, task_id)
        except BrokerError:
            self.store.delete(task_id, owner)  # not queued, so not accepted: no task left to wait forever
            raise
        return task_id

    def get(self, task_id: str, owner: str) -> Task | None:
        return self.store.get(task_id, owner)

    def delete(self, task_id: str, owner: str) -> bool:
        # a worker running it sees the task gone at its next checkpoint and stops
        return self.store.delete(task_id, owner)

    def queued(self) -> int:
        return self.store.queued()

    def health(self) -> tuple[str | None, dict[str, object]]:
        try:
            queued = self.store.queued()
            workers = self.store.live_workers(self.heartbeat_seconds)
        except (StoreError, redis.RedisError) as exc:
            return f"Redis unreachable: {type(exc).__name__}", {}
        return None, {"queued": queued, "workers": workers}

    def token_key(self) -> bytes:
        return self.store.token_key()

    def rate_limiter(self, kind: str, rate: float, burst: int) -> RedisLimiter:
        return RedisLimiter(self.store, kind, rate, burst)


def enqueue(broker: Any, task_id: str) -> None:
    """Queue a stored task for the workers (the message carries its id alone)."""
    try:
        broker.enqueue(Message(queue_name=QUEUE, actor_name=QUEUE, args=(task_id,), kwargs={}, options={}))
    except redis.RedisError as exc:
        raise failure(exc, "the queue") from None
