"""A recognizer for tests: answers from a table, records what it was asked."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..request import RecognizeRegionsRequest, Region
from . import RegionResult


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
