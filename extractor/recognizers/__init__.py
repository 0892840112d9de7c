"""Recognizers read the regions of a `RecognizeRegionsRequest`; vision engines see text lines.

Like httpx transports, recognizers share one small protocol, ``recognize(request)``, and
are interchangeable: `EmbeddedRecognizer` (the offline default), `HttpRecognizer`
(any endpoint speaking the protocol) and `FakeRecognizer` (for tests).

Alignment and the MRZ reader need less, and something else, of an engine: where the text lines
are, which way up they read, and what a line says. That is the `Vision` protocol: `Models`
(the embedded PP-OCR models) and `FakeVision` (for tests) implement it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..request import RecognizeRegionsRequest

if TYPE_CHECKING:
    import numpy as np

    from .recognition import LineRead


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


@runtime_checkable
class ServedRecognizer(Recognizer, Protocol):
    """What a server needs of the recognizer it serves: refusing a request before it is queued
    (from the image's header alone, then decoded), and loading its models before the first."""

    def check_growth(self, request: RecognizeRegionsRequest, image_size: tuple[int, int]) -> None:
        """Raise if the image would grow past the pixel limit once rotated and upsampled."""
        ...

    def check(self, request: RecognizeRegionsRequest, image_size: tuple[int, int]) -> None:
        """Raise if the request cannot be served (a language not read, a region outside the image)."""
        ...

    def warm_up(self, language: str = "English") -> None:
        """Load the models now rather than on the first request."""
        ...


@runtime_checkable
class Vision(Protocol):
    """What alignment and the MRZ reader need of an engine."""

    def detect(self, bgr: np.ndarray) -> list[np.ndarray]:
        """Quadrilaterals (4x2 float arrays, clockwise from top-left) around the text lines."""
        ...

    def upright(self, lines: list[np.ndarray]) -> list[float]:
        """For BGR text-line crops, the probability that each reads upright (not turned 180)."""
        ...

    def read_lines(self, images: list[np.ndarray], latin: bool,
                   charsets: list[str | None] | None = None) -> list[LineRead]:
        """What each grey line image (LINE_HEIGHT high) reads as, restricted to `charsets`."""
        ...


__all__ = ["Recognizer", "RegionResult", "ServedRecognizer", "Vision"]
