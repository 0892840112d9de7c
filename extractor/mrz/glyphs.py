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


def capital_rows(line: np.ndarray) -> tuple[int, int] | None:
    """The rows [top, bottom) of `line` (a grey line image, dark ink) the capitals stand in."""
    _, ink = cv2.threshold(line, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.mean() > 0.5:
        ink = 1 - ink
    rows = np.flatnonzero(ink.sum(axis=1) >= INK_ROWS * max(1, int(ink.sum(axis=1).max())))
    if len(rows) < 4:
        return None
    return int(rows[0]), int(rows[-1]) + 1


def resemblance(line: np.ndarray, rows: tuple[int, int], centre: float, pitch: float,
                chars: str) -> dict[str, float]:
    """How like each of `chars` the cell of `line` centred at column `centre` is (a correlation,
    -1 to 1; the cell `pitch` wide, over `rows`)."""
    top, bottom = rows
    light_ground = float(np.median(line)) >= 128
    ink = (255 - line if light_ground else line).astype(np.float32)[top:bottom]
    scores = dict.fromkeys(chars, -1.0)
    for shift in SHIFTS:
        left = round(centre + (shift - 0.5) * pitch)
        right = left + max(2, round(pitch))
        if left < 0 or right > ink.shape[1]:
            continue
        cell = _normalised(ink[:, left:right])
        for char in chars:
            scores[char] = max(scores[char], float((cell * _glyph(char)).sum()))
    return scores
