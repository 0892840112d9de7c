"""A recognizer and a vision engine for tests: they answer from a script, record what they were asked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..request import RecognizeRegionsRequest, Region
from . import RegionResult
from .recognition import LineRead


class FakeRecognizer:
    """Answers each region with a scripted text.

    `answers` is a sequence (taken in region order), a mapping from order to text, or
    a function of the region. Every request received is kept in `requests`.
    """

    def __init__(
        self, answers: Sequence[str] | Mapping[int, str] | Callable[[Region], str] = ()
    ) -> None:
        self.answers = answers
        self.requests: list[RecognizeRegionsRequest] = []

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        self.requests.append(request)
        results = []
        for index, region in enumerate(request.sorted_regions()):
            if callable(self.answers):
                text = self.answers(region)
            elif isinstance(self.answers, Mapping):
                text = self.answers.get(region.order, "")
            else:
                text = self.answers[index] if index < len(self.answers) else ""
            results.append(RegionResult(region.order, text))
        return results


class FakeVision:
    """A vision engine for tests: every image holds the scripted text lines.

    `boxes` are the line quadrilaterals `detect` finds, `texts` what `read_lines` reads in
    turn (then nothing); every line reads upright. Calls are counted in `calls`.
    """

    def __init__(self, boxes: Sequence[np.ndarray] = (), texts: Sequence[str] = ()) -> None:
        self.boxes = [np.asarray(box, np.float32) for box in boxes]
        self.texts = list(texts)
        self.calls: Counter[str] = Counter()

    def detect(self, bgr: np.ndarray) -> list[np.ndarray]:
        self.calls["detect"] += 1
        return [box.copy() for box in self.boxes]

    def upright(self, lines: list[np.ndarray]) -> list[float]:
        self.calls["upright"] += 1
        return [1.0] * len(lines)

    def read_lines(self, images: list[np.ndarray], latin: bool,
                   charsets: list[str | None] | None = None) -> list[LineRead]:
        self.calls["read_lines"] += 1
        reads = []
        for index, image in enumerate(images):
            text = self.texts[index] if index < len(self.texts) else ""
            step = image.shape[1] / max(1, len(text))
            reads.append(LineRead(tuple(text), tuple((i + 0.5) * step for i in range(len(text))),
                                  (1.0,) * len(text), (0.0,) * len(text), (1.0,) * len(text)))
        return reads
