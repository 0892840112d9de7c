"""Every tunable of the embedded engine's reading, with the reason for its value (frozen: replace to vary).

What belongs to a model rather than to reading (its input sizes, the ratio its DB boxes grow
round the ink by) stays a constant beside its stage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineConfig:
    """Detection (`detection.py`), recognition batching (`recognition.py`) and the reading plan
    (`embedded.py`)."""

    det_max_side: int = 960  # detection input limit (pixels); the longer side is scaled down to it
    db_threshold: float = 0.3  # text probability that marks a pixel as text
    db_box_threshold: float = 0.5  # mean probability a detected box needs to count
    max_batch: int = 6  # line images recognized in one run at most
    # A region whose least sure character scores under this is read again with detection inside
    # it (accurate, several times slower).
    fallback_below: float = 0.75
    small_text: int = 32  # region height (pixels, median) under which makeUpsampling doubles the image


ENGINE = EngineConfig()
