"""Other ways to read the same regions with the same models, for comparison in benchmarks.

Each is a recognizer (same protocol) that shares the embedded recognizer's decoding,
rotation, deskewing and line cleaning, and differs only in how it reads the regions.
"""

from __future__ import annotations

import numpy as np

from extractor.geometry import Rect
from extractor.recognizers import RegionResult
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.recognizers.lines import Cleanup, Line, line_image, quad_image
from extractor.request import Region


class RecognitionOnly(EmbeddedRecognizer):
    """Recognition alone on each whole crop, batched; no line finding, no detection."""

    def read_regions(self, bgr: np.ndarray, regions: list[Region], cleanup: Cleanup, latin: bool
                      ) -> list[RegionResult]:
        lines = []
        for index, region in enumerate(regions):
            crop = bgr[region.rect.slices]
            lines.append((index, line_image(crop, Rect(0, 0, crop.shape[1], crop.shape[0]), cleanup)))
        return _results(self, regions, lines, latin)


class DetectionPerCrop(EmbeddedRecognizer):
    """Text detection, then recognition of each detected line, inside every crop."""

    def read_regions(self, bgr: np.ndarray, regions: list[Region], cleanup: Cleanup, latin: bool
                      ) -> list[RegionResult]:
        lines = []
        for index, region in enumerate(regions):
            crop = bgr[region.rect.slices]
            lines.extend((index, quad_image(crop, quad, cleanup)) for quad in self.models.detect(crop))
        return _results(self, regions, lines, latin)


class WholeImage(EmbeddedRecognizer):
    """Detection over the whole image once; each line goes to the rect holding its centre."""

    def read_regions(self, bgr: np.ndarray, regions: list[Region], cleanup: Cleanup, latin: bool
                      ) -> list[RegionResult]:
        lines = []
        for quad in self.models.detect(bgr):
            cx, cy = quad.mean(axis=0)
            for index, region in enumerate(regions):
                rect = region.rect
                if rect.left <= cx < rect.right and rect.top <= cy < rect.bottom:
                    lines.append((index, quad_image(bgr, quad, cleanup)))
                    break
        return _results(self, regions, lines, latin)


def _results(recognizer: EmbeddedRecognizer, regions: list[Region], lines: list[tuple[int, Line]],
             latin: bool) -> list[RegionResult]:
    readings = recognizer.read_lines(lines, regions, latin)
    return [RegionResult(region.order, reading.text, reading.confidence)
            for region, reading in zip(regions, readings, strict=True)]


METHODS = {
    "embedded": EmbeddedRecognizer,
    "recognition_only": RecognitionOnly,
    "detection_per_crop": DetectionPerCrop,
    "whole_image": WholeImage,
}
