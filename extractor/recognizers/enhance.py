"""Image enhancement before reading: a card's text turned level, washed-out text given its contrast back.

Classical image analysis (OpenCV), cheap next to the neural models.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_SKEW_DEGREES = 15.0
MIN_SKEW_DEGREES = 0.25
FAINT_SPAN = 60  # grey levels between a crop's darkest and lightest 1 %, under which it is faint
# A crop whose ground rises to this grey level and this far above most of it is washed out
# in part: its ink is levelled before lines are looked for and read.
WASHED_GROUND = 232
WASHED_RISE = 14
MIN_INK_DEPTH = 24.0  # grey levels: shallower ink is never scaled up to full black (noise stays faint)


def estimate_skew(bgr: np.ndarray) -> float:
    """The tilt of the text lines in degrees (counter-clockwise positive), or 0.0."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, 1000 / max(gray.shape))
    if scale < 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    edges = cv2.Canny(gray, 60, 160)
    blobs = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 3)))
    contours, _ = cv2.findContours(blobs, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        _, (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if w < 40 or w < 4 * h:
            continue
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= MAX_SKEW_DEGREES:
            angles.append(angle)
            weights.append(w)
    if len(angles) < 3:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return -median  # image y points down; counter-clockwise is positive


def is_faint(bgr: np.ndarray) -> bool:
    """Whether a crop's tones span too little for crisp text (washed out by glare or shadow).
    The darkest few pixels count: one small letter in a wide field is under 1 % of it."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    low, high = np.percentile(gray, (0.2, 99))
    return bool(high - low < FAINT_SPAN)


def equalize(bgr: np.ndarray) -> np.ndarray:
    """Local contrast equalisation (CLAHE on lightness): recovers text under glare or shadow.
    Its tiles are square, as tall as the crop: a field's crop is a strip, and a grid of 8 x 8
    tiles cut it into bands a few pixels high that each stretched a slice of the letters'
    strokes on its own (development glare and low-contrast scans, documents 704-799: 8 faint
    values read as nothing or with a letter lost were read whole, none was lost)."""
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)
    height, width = bgr.shape[:2]
    lightness = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(max(1, round(width / height)), 1)).apply(lab[:, :, 0])
    return cv2.cvtColor(cv2.merge([lightness, lab[:, :, 1], lab[:, :, 2]]), cv2.COLOR_LAB2BGR)


def deskew(bgr: np.ndarray) -> np.ndarray:
    """The image turned about its centre so that its text lines run level."""
    angle = estimate_skew(bgr)
    if abs(angle) < MIN_SKEW_DEGREES:
        return bgr
    height, width = bgr.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return cv2.warpAffine(bgr, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)


def _ground(gray: np.ndarray, height: int) -> np.ndarray:
    """The paper under the ink: a closing wider than any stroke of text `height` pixels tall."""
    size = max(3, height // 3) | 1
    return cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))


def washed_out(gray: np.ndarray) -> bool:
    """Whether a highlight whitens part of a crop: its ground rises near white in one part only."""
    ground = _ground(gray, gray.shape[0])
    low, high = np.percentile(ground, (20, 98))
    return bool(high >= WASHED_GROUND and high - low >= WASHED_RISE)


def ink_depth(gray: np.ndarray, height: int) -> np.ndarray:
    """How far each pixel lies under the paper around it (grey levels; light text on a dark band
    counts as ink too), for text `height` pixels tall."""
    if float(np.median(gray)) < 100:  # light text on a dark band
        gray = cv2.bitwise_not(gray)
    return cv2.subtract(_ground(gray, height), gray)


def level_ink(gray: np.ndarray, height: int) -> np.ndarray:
    """Dark ink on white, equally dark wherever it was printed: the ink's depth under its ground,
    scaled by the deepest ink within a line's height or two, so that text a highlight washed
    out reads as the rest of its line (`height`: the text's height in pixels)."""
    depth = ink_depth(gray, height).astype(np.float32)
    nearby = cv2.dilate(depth, np.ones((height, 2 * height), np.uint8))
    scaled = depth / np.maximum(nearby, MIN_INK_DEPTH)
    return (255 - np.clip(scaled * 255, 0, 255)).astype(np.uint8)
