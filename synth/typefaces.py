"""The font families bundled in `synth/fonts`, what they look like, and which characters they cover."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import ImageFont

from synth.cards import FONTS, PACKAGE_FONTS, font

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Family:
    """A typeface in two weights."""

    name: str
    style: str  # "sans", "serif", "condensed", "geometric", "mono", "ocr"
    regular: str
    bold: str

    def file(self, bold: bool) -> str:
        return self.bold if bold else self.regular


FAMILIES = {family.name: family for family in (
    Family("Liberation Sans", "sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    Family("Noto Sans", "sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    Family("FreeSans", "sans", "FreeSans.ttf", "FreeSansBold.ttf"),
    Family("Carlito", "sans", "Carlito-Regular.ttf", "Carlito-Bold.ttf"),
    Family("DejaVu Sans", "sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    Family("Liberation Serif", "serif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    Family("Noto Serif", "serif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"),
    Family("Caladea", "serif", "Caladea-Regular.ttf", "Caladea-Bold.ttf"),
    Family("C059", "serif", "C059-Roman.otf", "C059-Bold.otf"),
    Family("P052", "serif", "P052-Roman.otf", "P052-Bold.otf"),
    Family("Liberation Sans Narrow", "condensed", "LiberationSansNarrow-Regular.ttf",
           "LiberationSansNarrow-Bold.ttf"),
    Family("Nimbus Sans Narrow", "condensed", "NimbusSansNarrow-Regular.otf", "NimbusSansNarrow-Bold.otf"),
    Family("DejaVu Sans Condensed", "condensed", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    Family("URW Gothic", "geometric", "URWGothic-Book.otf", "URWGothic-Demi.otf"),
    Family("Liberation Mono", "mono", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
    Family("FreeMono", "mono", "FreeMono.ttf", "FreeMonoBold.ttf"),
    Family("Nimbus Mono PS", "mono", "NimbusMonoPS-Regular.otf", "NimbusMonoPS-Bold.otf"),
    Family("OCR-B", "ocr", "OCRB.otf", "OCRB.otf"),  # ASCII (and a few Latin-1 letters) only: MRZ, numbers
)}
TEXT_FAMILIES = tuple(name for name, family in FAMILIES.items() if family.style != "ocr")


def _path(file: str) -> str:
    return str(FONTS / file if (FONTS / file).exists() else PACKAGE_FONTS / file)


@cache
def _glyph_masks(file: str) -> tuple[ImageFont.FreeTypeFont, bytes]:
    """A font with the basic layout (no shaping: a missing character cannot be composed from marks)
    and the mask of its .notdef glyph."""
    face = ImageFont.truetype(_path(file), 24, layout_engine=ImageFont.Layout.BASIC)
    return face, bytes(face.getmask("\U0010fffd"))


@cache
def has_glyph(file: str, char: str) -> bool:
    """Whether the font `file` draws `char` with a glyph of its own (not the .notdef box)."""
    if char.isspace():
        return True
    face, notdef = _glyph_masks(file)
    mask = face.getmask(char)
    return mask.size[0] * mask.size[1] > 0 and bytes(mask) != notdef


def covers(file: str, text: str) -> bool:
    """Whether every character of `text` has a glyph in the font `file`."""
    return all(has_glyph(file, char) for char in set(text))


def ink_box(file: str, size: int, text: str, xy: tuple[int, int], anchor: str = "ls") -> Box:
    """The exact box of the ink `text` leaves when drawn at `xy` (integers) with `anchor`."""
    left, top, right, bottom = _ink_at_origin(file, size, text, anchor)
    return (xy[0] + left, xy[1] + top, xy[0] + right, xy[1] + bottom)


@cache
def _ink_at_origin(file: str, size: int, text: str, anchor: str) -> Box:
    mask, (dx, dy) = font(file, size).getmask2(text, mode="L", anchor=anchor)
    box = mask.getbbox()
    if not box:
        return (0, 0, 0, 0)
    return (dx + box[0], dy + box[1], dx + box[2], dy + box[3])


def layout_box(file: str, size: int, text: str, xy: tuple[int, int], anchor: str = "ls") -> Box:
    """A box that holds the ink of `text` at `xy` (a little wider than the ink: cheap to compute)."""
    left, top, right, bottom = _layout_at_origin(file, size, text, anchor)
    return (xy[0] + left, xy[1] + top, xy[0] + right, xy[1] + bottom)


@lru_cache(maxsize=1 << 16)  # values come and go: keep the recent ones
def _layout_at_origin(file: str, size: int, text: str, anchor: str) -> Box:
    left, top, right, bottom = font(file, size).getbbox(text, anchor=anchor)
    return (math.floor(left), math.floor(top), math.ceil(right) + 1, math.ceil(bottom) + 1)
