"""Limits on what one client may hold or ask of the server: request rates, slow connections."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any, Protocol

from uvicorn.protocols.http.h11_impl import H11Protocol


class Limiter(Protocol):
    def wait(self, key: str) -> float:
        """Take one request for `key`: 0 when it may go ahead, else the seconds until it may."""
        ...


class RateLimiter:
    """A token bucket per key (a client id, an address): `rate` requests a second on average,
    `burst` at once. Keys idle long enough to have refilled are forgotten, so memory stays
    bounded by the keys active in the last `burst / rate` seconds."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Take one request for `key`: 0 when it may go ahead, else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) > 10_000:
                full = self.burst / self.rate
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full}
            tokens, when = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - when) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return (1 - tokens) / self.rate
            self._buckets[key] = (tokens - 1, now)
            return 0.0


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's headers: a client that
    trickles them a byte at a time (which resets uvicorn's keep-alive timer) is cut off
    instead of holding a connection open."""

    header_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self._under_way() and self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request's headers have their deadline too

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
        super().connection_lost(exc)

    def _under_way(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        if not self._under_way() and not self.transport.is_closing():
            if self._header_deadline is not None:
                self._header_deadline.cancel()
            self._header_deadline = self.loop.call_later(self.header_seconds, self._too_slow)

    def _too_slow(self) -> None:
        self._header_deadline = None
        if not self._under_way() and not self.transport.is_closing():
            self.transport.close()


class NoQueryStrings(logging.Filter):
    """Access log lines without query strings: a client may put credentials in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            args: list[Any] = list(record.args)
            args[2] = args[2].split("?", 1)[0]
            record.args = tuple(args)
        return True
