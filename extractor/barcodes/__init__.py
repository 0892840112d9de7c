"""Barcodes on identity documents: a licence's PDF417, decoded by zxing-cpp, its AAMVA data parsed.

    >>> from extractor import read_barcode
    >>> read_barcode("licence_back.jpg").fields["surname"]   # doctest: +SKIP
    'GARCIA'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ExtractorError
from ..geometry import Rect
from ..images import DEFAULT_MAX_PIXELS, ImageInput, load_image
from .aamva import AAMVA, AAMVAError, parse_aamva

# A patch narrower than this (pixels) is also tried enlarged this much: zxing-cpp needs bars of
# about two pixels, and a licence photographed small has them of one.
UPSCALE_BELOW = 1200
UPSCALE = 2.5

__all__ = ["AAMVA", "AAMVAError", "Barcode", "BarcodeNotFoundError", "Symbol", "parse_aamva", "pdf417_symbols",
           "read_barcode"]


class BarcodeNotFoundError(ExtractorError, ValueError):
    """The image shows no barcode that could be decoded."""


@dataclass(frozen=True)
class Barcode:
    """A decoded barcode: `format` ("PDF417"...), `data` (its bytes), `text` (as Latin-1),
    `aamva` (the parsed AAMVA data, None when it holds other data) and `fields` (the AAMVA
    fields by name, else empty)."""

    format: str
    data: bytes
    aamva: AAMVA | None

    @property
    def text(self) -> str:
        return self.data.decode("latin-1")

    @property
    def fields(self) -> dict[str, str]:
        return dict(self.aamva.fields) if self.aamva else {}

    def as_dict(self) -> dict[str, object]:
        return {"format": self.format, "aamva": self.aamva is not None, "fields": self.fields,
                "elements": dict(self.aamva.elements) if self.aamva else {}}


@dataclass(frozen=True)
class Symbol:
    """A PDF417 symbol decoded in an image: its bytes, and the box round it (pixels)."""

    data: bytes
    box: Rect


def pdf417_symbols(view: np.ndarray) -> list[Symbol]:
    """The PDF417 symbols zxing-cpp decodes in `view` (an RGB or grey array) as it is: about level."""
    import zxingcpp

    # zxing-cpp's stub types `formats` as BarcodeFormats only; the binding converts a BarcodeFormat itself
    found = zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.PDF417,  # type: ignore[arg-type]
                                   text_mode=zxingcpp.TextMode.Plain)
    symbols = []
    for code in found:
        corners = (code.position.top_left, code.position.top_right, code.position.bottom_right,
                   code.position.bottom_left)
        box = Rect(min(c.x for c in corners), min(c.y for c in corners), max(c.x for c in corners),
                   max(c.y for c in corners))
        symbols.append(Symbol(bytes(code.bytes), box))
    return symbols


def read_barcode(image: ImageInput, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Barcode:
    """The PDF417 of `image` (a path, bytes, file or PIL image), found anywhere in it, any way
    up, decoded (its error correction proves the data), with its AAMVA data parsed when it holds
    some. Raises `BarcodeNotFoundError` when none decodes."""
    import cv2

    from .locate import barcode_patches

    rgb = np.asarray(load_image(image, max_pixels=max_pixels).image)

    def decoded(view: np.ndarray) -> bytes | None:
        found = pdf417_symbols(view)
        return found[0].data if found else None

    data = decoded(rgb)
    for patch in barcode_patches(rgb) if data is None else ():  # tilted in a photo: each likely patch, level
        data = decoded(patch)
        if data is None and patch.shape[1] < UPSCALE_BELOW:  # bars of a pixel or so: made wider first
            data = decoded(cv2.resize(patch, None, fx=UPSCALE, fy=UPSCALE, interpolation=cv2.INTER_CUBIC))
        if data is not None:
            break
    if data is None:
        raise BarcodeNotFoundError("no PDF417 barcode could be decoded in the image")
    try:
        parsed: AAMVA | None = parse_aamva(data)
    except AAMVAError:
        parsed = None
    return Barcode("PDF417", data, parsed)
