"""A second opinion on an MRZ character, from its shape: the cell compared with OCR-B's glyphs.

Some look-alikes no check digit can tell apart: G and 6, L and 1, K and `<` have values alike
modulo 10, so either passes every digit in a document number. The recognition model reads a
blurred G as 6 surely; the zone's font (OCR-B, made to be read by machines) tells them apart.
Each character's cell (one pitch of the monospaced line, between the capitals' top and
baseline) is compared with each candidate glyph drawn the same size: the normalised
correlation of the two, smoothed (blur, a pixel off) and with the cell shifted a little
(columns are the model's, a few pixels off), says which glyph the ink is.
"""

from __future__ import annotations

import functools
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).resolve().parent.parent / "assets" / "OCRB.otf"
CELL = (16, 24)  # (width, height) both cell and glyph are compared at: OCR-B's 0.7 aspect, enough for its strokes
SHIFTS = (-0.15, -0.075, 0.0, 0.075, 0.15)  # pitches the cell is moved either way to meet its glyph
INK_ROWS = 0.15  # a row of the line holding this share of its most inked row's ink is within the capitals
MIN_CELL = 4  # pixels a cell must be wide and the capitals high: fewer hold no glyph's shape
_DRAWN_SIZE = 96  # points the glyphs are drawn at before being brought to the cell's size


@functools.cache
def _glyph(char: str) -> np.ndarray:
    """`char` in OCR-B as compared: one advance wide, between the capitals' top and the baseline."""
    font = ImageFont.truetype(str(FONT), _DRAWN_SIZE)
    _, top, _, bottom = (round(edge) for edge in font.getbbox("H"))
    canvas = Image.new("L", (round(font.getlength("H")), bottom - top), 255)
    ImageDraw.Draw(canvas).text((0, -top), char, font=font, fill=0)
    return _normalised(255 - np.asarray(canvas, np.float32))


def _normalised(ink: np.ndarray) -> np.ndarray:
    small = cv2.GaussianBlur(cv2.resize(ink, CELL, interpolation=cv2.INTER_AREA), (3, 3), 0)
    small = small - small.mean()
    normalised: np.ndarray = small / max(1e-6, float(np.linalg.norm(small)))
    return normalised


class Cells:
    """A zone's line image (grey, 8-bit) as ink to cut cells from: the ground, light or dark, is
    the larger Otsu class; the capitals stand in the rows inked this much as the most inked."""

    def __init__(self, line: np.ndarray) -> None:
        self.rows: tuple[int, int] | None = None
        self.ink = np.zeros((0, 0), np.float32)
        if line.ndim != 2 or line.dtype != np.uint8 or min(line.shape) < MIN_CELL:
            return
        _, dark = cv2.threshold(line, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        light_ground = dark.mean() <= 0.5
        inked = dark if light_ground else 1 - dark
        self.ink = (255 - line if light_ground else line).astype(np.float32)
        counts = inked.sum(axis=1)
        rows = np.flatnonzero(counts >= INK_ROWS * max(1, int(counts.max())))
        if len(rows) >= MIN_CELL:
            self.rows = int(rows[0]), int(rows[-1]) + 1

    def resemblance(self, centre: float, pitch: float, chars: str) -> dict[str, float] | None:
        """How like each of `chars` the cell centred at column `centre` is (a correlation, -1 to
        1; the cell `pitch` wide, between the capitals' top and baseline), or None when there is
        no such cell (no capitals found, a cell narrower than `MIN_CELL` or off the line)."""
        if self.rows is None or not (np.isfinite(centre) and np.isfinite(pitch)) or pitch < MIN_CELL:
            return None
        top, bottom = self.rows
        scores: dict[str, float] = {}
        for shift in SHIFTS:
            left = round(centre + (shift - 0.5) * pitch)
            right = left + round(pitch)
            if left < 0 or right > self.ink.shape[1]:
                continue
            cell = _normalised(self.ink[top:bottom, left:right])
            for char in chars:
                scores[char] = max(scores.get(char, -1.0), float((cell * _glyph(char)).sum()))
        return scores or None
