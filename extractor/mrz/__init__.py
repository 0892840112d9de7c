"""Machine-readable zones (ICAO 9303): found in any image, read, parsed and checked.

    >>> from extractor import read_mrz
    >>> read_mrz("passport.jpg").fields["surname"]   # doctest: +SKIP
    'ERIKSSON'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..images import DEFAULT_MAX_PIXELS, ImageInput, load_image
from .zone import MRZ, MRZError, MRZNotFoundError, check_digit, parse_mrz

if TYPE_CHECKING:  # reading fields parses zones without loading any model code
    from ..recognizers import Vision

__all__ = ["MRZ", "MRZError", "MRZNotFoundError", "check_digit", "parse_mrz", "read_mrz"]


def read_mrz(image: ImageInput, *, vision: Vision | None = None, max_pixels: int = DEFAULT_MAX_PIXELS) -> MRZ:
    """The machine-readable zone of `image` (a path, bytes, file or PIL image): found anywhere in
    it, any way up, read, repaired where its check digits prove a look-alike wrong, parsed.
    `vision`: the engine that finds and reads its lines (the default extractor's). Raises
    `MRZNotFoundError` when the image holds no MRZ; a zone whose checks fail comes back with
    `valid` False."""
    import cv2
    import numpy as np

    from .find import read_mrz_image

    if vision is None:
        from ..api import default_extractor

        vision = default_extractor().vision
    loaded = load_image(image, max_pixels=max_pixels)
    return read_mrz_image(cv2.cvtColor(np.asarray(loaded.image), cv2.COLOR_RGB2BGR), vision)
