"""The embedded recognizer: RapidOCR's shipped PP-OCR ONNX models, fully offline.

Each region is cut into text lines by a projection profile and every line of the
card is recognized in one batch (fast). Only regions whose lines score low, or whose
layout the profile cannot resolve, are read again with text detection followed by
recognition inside the region (accurate, several times slower).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ..errors import RecognizerError, RequestError
from ..geometry import Rect, check_inside, rotate_image
from ..images import DEFAULT_MAX_PIXELS, LoadedImage, decode_image
from ..request import RecognizeRegionsRequest, Region, Settings
from . import RegionResult

logger = logging.getLogger(__name__)

# Protocol languages the shipped multilingual PP-OCRv6 recognition model reads.
SUPPORTED_LANGUAGES = frozenset({
    "English", "German", "French", "Italian", "Spanish", "Portuguese", "Polish", "Slovene",
    "Slovak", "Netherlands", "Dutch", "Lithuanian", "Latvian", "Danish", "Norwegian", "Finnish",
    "Serbian", "Croatian", "Czech", "Swedish", "Estonian", "Romanian", "Turkish", "Indonesian",
    "Albanian", "Latin", "Vietnamese", "Uzbek", "Azerbaijani", "Malay", "Swahili", "Tagalog",
    "Catalan", "Afrikaans", "Bosnian", "Galician", "Occitan", "Quechua", "Hungarian", "Kurdish",
    "Chinese", "Japanese",
})
LINE_HEIGHT = 48  # the recognition model's input height
MAX_SKEW_DEGREES = 15.0
MIN_SKEW_DEGREES = 0.25
MAX_BATCH = 6
WORD_GAP = 0.42  # blank columns, relative to the text height, that make a word space
# Tone gap over tone spread of a crop's two Otsu classes: text scores 4+, pure noise
# under 2.2, faint text on noise in between.
BLANK_SEPARATION = 3.0
NOISE_SEPARATION = 2.0


@dataclass(frozen=True)
class _Line:
    region_index: int
    image: np.ndarray  # grey, LINE_HEIGHT rows
    ink_height: float  # height of the text itself inside `image`, in pixels


@dataclass(frozen=True)
class _Read:
    text: str
    confidence: float  # the least sure character's probability


def _default_threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class EmbeddedRecognizer:
    """Reads regions offline with the PP-OCR models shipped inside the `rapidocr` wheel.

    Models load once, lazily, on first use; one instance is safe to share between threads.
    `fallback_below` is the line confidence under which a region is re-read with
    detection + recognition.
    """

    def __init__(
        self,
        *,
        threads: int | None = None,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        fallback_below: float = 0.75,
    ) -> None:
        self.threads = threads or _default_threads()
        self.max_pixels = max_pixels
        self.fallback_below = fallback_below
        self._engine: Any = None
        self._lock = threading.Lock()

    # -- models ---------------------------------------------------------------------
    def _ocr(self) -> Any:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = _build_engine(self.threads)
        return self._engine

    def warm_up(self) -> None:
        """Load the models now rather than on the first request."""
        engine = self._ocr()
        _recognize_lines(engine, [_Line(0, np.full((LINE_HEIGHT, 96), 255, np.uint8), 30.0)])
        engine(np.full((64, 64, 3), 255, np.uint8), use_cls=False)

    # -- protocol -------------------------------------------------------------------
    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        settings = request.settings
        if settings.language not in SUPPORTED_LANGUAGES:
            raise RequestError(
                f"settings.language: {settings.language!r} is not read by the embedded "
                f"engine; it reads {', '.join(sorted(SUPPORTED_LANGUAGES))}"
            )
        loaded = request.image
        if not isinstance(loaded, LoadedImage):
            loaded = decode_image(loaded, max_pixels=self.max_pixels, name="request image")
        image = rotate_image(loaded.image, settings.rotate)
        regions = request.sorted_regions()
        for region in regions:
            check_inside(region.rect, image.size, f"region with order {region.order}")
        bgr = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
        if settings.make_skew_correct:
            bgr = _deskew(bgr)
        return self._read_regions(bgr, regions, settings)

    def _read_regions(
        self, bgr: np.ndarray, regions: list[Region], settings: Settings
    ) -> list[RegionResult]:
        engine = self._ocr()
        crops = [bgr[r.rect.top : r.rect.bottom, r.rect.left : r.rect.right] for r in regions]
        lines: list[_Line] = []
        unresolved: set[int] = set()
        for index, crop in enumerate(crops):
            boxes = split_lines(crop)
            if boxes is None:
                unresolved.add(index)
                continue
            lines.extend(_line_image(index, crop, box, settings) for box in boxes)
        texts: list[list[str]] = [[] for _ in regions]
        scores: list[list[float]] = [[] for _ in regions]
        for line, read in zip(lines, _recognize_lines(engine, lines), strict=True):
            texts[line.region_index].append(read.text)
            scores[line.region_index].append(read.confidence)
        results = []
        for index, region in enumerate(regions):
            text = "\n".join(t for t in texts[index] if t)
            confidence = min(scores[index], default=1.0) if text else 0.0
            needs_detection = index in unresolved or (
                bool(scores[index]) and confidence < self.fallback_below
            )
            if needs_detection:
                detected = _detect_and_read(engine, crops[index])
                if detected is not None and (not text or detected[1] >= confidence - 0.02):
                    text, confidence = detected
                elif index in unresolved and detected is None:
                    text, confidence = "", 1.0
            results.append(RegionResult(region.order, text, round(confidence, 4)))
        return results


def _build_engine(threads: int) -> Any:
    """A RapidOCR engine on the shipped model files only; it must never download."""
    import rapidocr  # heavy import, deferred to first use

    models = Path(rapidocr.__file__).parent / "models"
    paths = {
        "Det": models / "PP-OCRv6_det_small.onnx",
        "Rec": models / "PP-OCRv6_rec_small.onnx",
        "Cls": models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise RecognizerError(
            f"the rapidocr package lacks its shipped models ({', '.join(missing)}); "
            "reinstall rapidocr==3.10.*, the extractor never downloads models"
        )
    params: dict[str, Any] = {
        "Global.log_level": "warning",
        "Global.text_score": 0.3,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        # The default 'min' limit blows a 58x636 crop up to ~736x8000 pixels.
        "Det.limit_type": "max",
        "Det.limit_side_len": 960,
    }
    params.update({f"{stage}.model_path": str(path) for stage, path in paths.items()})
    from rapidocr import RapidOCR

    return RapidOCR(params=params)


# -- image analysis -------------------------------------------------------------------
def _ink_mask(gray: np.ndarray) -> np.ndarray | float:
    """Text pixels of a crop (dark or light text), or, when the crop looks blank, how
    separated its two tones are (see `BLANK_SEPARATION`)."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    threshold, mask = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    dark, light = smooth[smooth <= threshold], smooth[smooth > threshold]
    if dark.size == 0 or light.size == 0:
        return 0.0
    # Text is two well-separated tones; a blank or noisy crop is one tone split in two.
    spread = float(np.sqrt((dark.var() + light.var()) / 2)) + 1.0
    separation = abs(float(light.mean()) - float(dark.mean())) / spread
    if separation < BLANK_SEPARATION:
        return separation
    if dark.size > light.size:  # light text on a dark ground
        mask = cv2.bitwise_not(mask)
    return mask


def split_lines(crop: np.ndarray) -> list[Rect] | None:
    """Tight boxes around the text lines of a crop, top to bottom.

    Returns [] for a blank crop and None when the ink does not form clean lines
    (then detection decides).
    """
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    height, width = gray.shape
    if height < 6 or width < 6:
        return None
    mask = _ink_mask(gray)
    if isinstance(mask, float):  # blank, or too faint to tell: let detection decide
        return [] if mask < NOISE_SEPARATION else None
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    rows = np.count_nonzero(mask, axis=1)
    ink_rows = rows >= 2  # absolute: a diacritic's dots are a few pixels on a wide row
    runs = _runs(ink_rows)
    if not runs:
        return []
    # Diacritics and punctuation sit a little apart from their line: merge small gaps.
    merged = [list(runs[0])]
    for start, end in runs[1:]:
        previous = merged[-1]
        gap = start - previous[1]
        if gap < 0.3 * max(previous[1] - previous[0], end - start):
            previous[1] = end
        else:
            merged.append([start, end])
    tallest = max(end - start for start, end in merged)
    if tallest < 5:
        return []
    boxes = []
    for start, end in merged:
        line_height = end - start
        if line_height < 0.4 * tallest:  # a cut-off neighbour or a speck, not a line
            continue
        columns = np.flatnonzero(np.count_nonzero(mask[start:end], axis=0))
        if columns.size == 0:
            continue
        boxes.append(Rect(int(columns[0]), start, int(columns[-1]) + 1, end))
    if len(boxes) > 3:
        return None  # more lines than a field holds: likely a pattern or noise
    return boxes


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _line_image(region_index: int, crop: np.ndarray, box: Rect, settings: Settings) -> _Line:
    """The line cut from `crop` with a margin, cleaned per settings, LINE_HEIGHT high."""
    margin_y = max(2, round(0.2 * box.height))
    margin_x = max(4, round(0.5 * box.height))
    height, width = crop.shape[:2]
    top, bottom = max(0, box.top - margin_y), min(height, box.bottom + margin_y)
    left, right = max(0, box.left - margin_x), min(width, box.right + margin_x)
    line = crop[top:bottom, left:right]
    line = cv2.copyMakeBorder(
        line,
        margin_y - (box.top - top), margin_y - (bottom - box.bottom),
        margin_x - (box.left - left), margin_x - (right - box.right),
        cv2.BORDER_REPLICATE,
    )
    gray = cv2.cvtColor(line, cv2.COLOR_BGR2GRAY)
    if settings.make_contrast_correction:
        low, high = np.percentile(gray, (1, 99))
        if high - low >= 8:
            gray = cv2.convertScaleAbs(gray, alpha=255.0 / (high - low), beta=-low * 255.0 / (high - low))
    if settings.make_binarization:
        _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    scale = LINE_HEIGHT / gray.shape[0]
    if scale < 1:
        interpolation = cv2.INTER_AREA
    elif settings.make_upsampling:
        interpolation = cv2.INTER_CUBIC
    else:
        interpolation = cv2.INTER_LINEAR
    new_width = max(LINE_HEIGHT // 2, round(gray.shape[1] * scale))
    gray = cv2.resize(gray, (new_width, LINE_HEIGHT), interpolation=interpolation)
    return _Line(region_index, gray, box.height * scale)


def _recognize_lines(engine: Any, lines: list[_Line]) -> list[_Read]:
    """Recognize every line, batching lines of similar width to waste little padding."""
    recognizer = engine._load_rec_model()  # rapidocr's lazily built TextRecognizer
    alphabet: list[str] = recognizer.postprocess_op.character
    reads: list[_Read | None] = [None] * len(lines)
    order = sorted(range(len(lines)), key=lambda i: lines[i].image.shape[1])
    start = 0
    while start < len(order):
        end = start + 1
        narrowest = lines[order[start]].image.shape[1]
        while (end < len(order) and end - start < MAX_BATCH
               and lines[order[end]].image.shape[1] <= narrowest * 1.35 + 16):
            end += 1
        batch = [lines[i] for i in order[start:end]]
        width = max(line.image.shape[1] for line in batch)
        tensor = np.zeros((len(batch), 3, LINE_HEIGHT, width), np.float32)  # 0 is mid-grey
        for slot, line in enumerate(batch):
            tensor[slot, :, :, : line.image.shape[1]] = line.image.astype(np.float32) / 127.5 - 1.0
        probabilities = recognizer.session(tensor)
        stride = width / probabilities.shape[1]
        for slot, index in enumerate(order[start:end]):
            reads[index] = _decode(probabilities[slot], alphabet, stride, lines[index])
        start = end
    return [read for read in reads if read is not None]


def _decode(probabilities: np.ndarray, alphabet: list[str], stride: float, line: _Line) -> _Read:
    """Greedy CTC decoding, with a space put back wherever the ink shows a word gap."""
    best = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    keep = np.ones(len(best), bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0  # the CTC blank
    frames = np.flatnonzero(keep)
    if frames.size == 0:
        return _Read("", 0.0)
    gaps = _word_gaps(line)
    chars: list[str] = []
    previous_x = None
    for frame in frames:
        char = alphabet[best[frame]]
        x = (frame + 0.5) * stride
        if (previous_x is not None and chars and _may_split(chars[-1], char)
                and any(previous_x < left and right < x for left, right in gaps)):
            chars.append(" ")
        chars.append(char)
        previous_x = x
    return _Read("".join(chars).strip(), float(confidence[frames].min()))


def _may_split(before: str, after: str) -> bool:
    """Whether a lost space could stand between two characters.

    Digits and punctuation carry wide side bearings in many fonts ("1" above all),
    so only a gap beside a letter is trusted to be a word space.
    """
    return (before.isalpha() or after.isalpha()) and before.isalnum() and after.isalnum()


def _word_gaps(line: _Line) -> list[tuple[int, int]]:
    """Runs of blank columns at least a word space wide, between inked columns."""
    _, ink = cv2.threshold(line.image, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    columns = np.count_nonzero(ink, axis=0) > 0
    runs = _runs(~columns)
    inked = np.flatnonzero(columns)
    if inked.size == 0:
        return []
    minimum = WORD_GAP * line.ink_height
    return [(a, b) for a, b in runs if b - a >= minimum and a > inked[0] and b <= inked[-1]]


def _detect_and_read(engine: Any, crop: np.ndarray) -> tuple[str, float] | None:
    """Detection + recognition inside one crop: lines joined top to bottom."""
    pad = max(4, crop.shape[0] // 6)
    padded = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    output = engine(padded, use_cls=False)
    if not getattr(output, "txts", None):
        return None
    items = []
    for box, text, score in zip(output.boxes, output.txts, output.scores, strict=True):
        ys, xs = box[:, 1], box[:, 0]
        items.append((float(ys.min()), float(ys.max()), float(xs.min()), text.strip(), float(score)))
    items.sort(key=lambda item: (item[0] + item[1]) / 2)
    lines: list[list[tuple[float, float, float, str, float]]] = []
    for item in items:
        if lines:
            last = lines[-1]
            centre = (item[0] + item[1]) / 2
            if last[0][0] <= centre <= last[0][1]:
                last.append(item)
                continue
        lines.append([item])
    texts = [" ".join(i[3] for i in sorted(line, key=lambda i: i[2])) for line in lines]
    text = "\n".join(t for t in texts if t)
    if not text:
        return None
    return text, min(item[4] for item in items)


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
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
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


def _deskew(bgr: np.ndarray) -> np.ndarray:
    angle = estimate_skew(bgr)
    if abs(angle) < MIN_SKEW_DEGREES:
        return bgr
    height, width = bgr.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return cv2.warpAffine(bgr, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)


