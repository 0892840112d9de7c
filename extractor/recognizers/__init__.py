"""Recognizers read the regions of a `RecognizeRegionsRequest`.

Like httpx transports, they share one small protocol, ``recognize(request)``, and
are interchangeable: `EmbeddedRecognizer` (the offline default), `HttpRecognizer`
(any endpoint speaking the protocol) and `FakeRecognizer` (for tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..request import RecognizeRegionsRequest


@dataclass(frozen=True)
class RegionResult:
    """The text read in one region; `confidence` is 0..1 (1.0 when the engine gives none);
    `evidence`: what the engine weighed to say how sure it is (engines may give none)."""

    order: int
    text: str
    confidence: float = 1.0
    evidence: Mapping[str, float] = field(default_factory=dict)


@runtime_checkable
class Recognizer(Protocol):
    """Anything that reads every region of a request."""

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        """One result per region, sorted by order."""
        ...


__all__ = ["Recognizer", "RegionResult"]
