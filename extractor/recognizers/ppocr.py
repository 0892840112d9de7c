"""The PP-OCR models shipped inside the `rapidocr` wheel: text detection and line recognition.

Nothing is ever downloaded: the model files are taken from the installed package, or
an error says to reinstall it. For Latin-script languages the recognition model's
output layer is cut down to the Latin alphabet (from 18,710 classes, mostly CJK, to a
few hundred): recognition gets faster and cannot answer with a look-alike CJK sign.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from ..errors import RecognizerError
from .accents import marks
from .cancel import checkpoint

if TYPE_CHECKING:
    import onnx

logger = logging.getLogger(__name__)

LINE_HEIGHT = 48  # the recognition model's input height
MAX_BATCH = 6
DET_MAX_SIDE = 960  # detection input limit; the longer side is scaled down to it
DB_THRESHOLD = 0.3  # text probability that marks a pixel as text
DB_BOX_THRESHOLD = 0.5  # mean probability a box needs to count
DB_UNCLIP_RATIO = 1.6  # how far a shrunk DB region is grown back
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"  # text direction: upright or upside down


@dataclass(frozen=True)
class LineRead:
    """What the model read in one line image, with each character's column."""

    chars: tuple[str, ...]
    columns: tuple[float, ...]  # x of each character's centre in the line image
    probabilities: tuple[float, ...]
    # between each character and the next, the model's highest probability of a space: it
    # often sees a word gap it does not dare to write (blurred lines, close words)
    spaces: tuple[float, ...] = ()
    margins: tuple[float, ...] = ()  # each character's lead over the model's second choice there
    # for each capital letter that has other forms (accented or plain), every capital form and
    # the probability the model gave it there, its small form's added ((character, probability)
    # pairs; empty for other characters): `accents.settle` weighs them against the ink
    variants: tuple[tuple[tuple[str, float], ...], ...] = ()

    def mean_probability(self, start: int = 0, end: int | None = None) -> float:
        """How surely the characters [start, end) were read on average, spaces left out (1.0: none)."""
        sure = [p for char, p in zip(self.chars[start:end], self.probabilities[start:end], strict=True) if char != " "]
        return sum(sure) / len(sure) if sure else 1.0


def model_dir() -> Path:
    """The model folder of the installed rapidocr package (found without importing it)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise RecognizerError("the rapidocr package is not installed; pip install rapidocr")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _model(name: str) -> Path:
    path = model_dir() / name
    if not path.is_file():
        raise RecognizerError(
            f"the rapidocr package lacks its shipped model {path}; reinstall rapidocr "
            "(the extractor never downloads models)"
        )
    return path


def is_latin(char: str) -> bool:
    """Characters a Latin-script document prints: letters, digits, punctuation, symbols."""
    if char == " ":
        return True
    if len(char) != 1:
        return False
    code = ord(char)
    if code < 0x20 or (code >= 0x80 and unicodedata.category(char) == "Sm"):
        return False  # control characters; maths signs such as the X-like multiplication sign
    return code < 0x250 or 0x1E00 <= code < 0x1F00 or 0x2010 <= code < 0x2070 or char in "€£¥№"


class Models:
    """Detection and recognition sessions, loaded once, lazily and thread-safely."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._lock = threading.Lock()
        self._detector: Any = None
        self._classifier: Any = None
        self._recognizers: dict[bool, tuple[Any, list[str]]] = {}
        self._families: dict[bool, dict[int, np.ndarray]] = {}
        self._masks: dict[tuple[bool, str], np.ndarray] = {}

    def _session(self, model: str | bytes, threads: int | None = None) -> Any:
        """An onnxruntime CPU session on a model file or serialised model, with our threads
        (or `threads`)."""
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def detector(self) -> Any:
        """The text detection session (a DB model: a per-pixel text probability map)."""
        with self._lock:
            if self._detector is None:
                self._detector = self._session(str(_model(DET_MODEL)))
            return self._detector

    def detect(self, bgr: np.ndarray) -> list[np.ndarray]:
        """Quadrilaterals (4x2 float arrays, clockwise from top-left) around the text lines."""
        session = self.detector()
        height, width = bgr.shape[:2]
        scale = min(1.0, DET_MAX_SIDE / max(height, width))
        resized_h = max(32, round(height * scale / 32) * 32)
        resized_w = max(32, round(width * scale / 32) * 32)
        resized = cv2.resize(bgr, (resized_w, resized_h))
        tensor = (resized.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
        probability = session.run(None, {session.get_inputs()[0].name: tensor})[0][0, 0]
        return _db_boxes(probability, width / resized_w, height / resized_h)

    def upright(self, lines: list[np.ndarray]) -> list[float]:
        """For BGR text-line crops, the probability that each reads upright (not turned 180)."""
        with self._lock:
            if self._classifier is None:
                # one thread: a small model run between the others, whose threads a pool would slow
                self._classifier = self._session(str(_model(CLS_MODEL)), threads=1)
        if not lines:
            return []
        tensor = np.zeros((len(lines), 3, 48, 192), np.float32)
        for slot, line in enumerate(lines):
            width = min(192, max(8, round(line.shape[1] * 48 / max(1, line.shape[0]))))
            resized = cv2.resize(line, (width, 48)).astype(np.float32) / 127.5 - 1.0
            tensor[slot, :, :, :width] = resized.transpose(2, 0, 1)
        scores = self._classifier.run(None, {self._classifier.get_inputs()[0].name: tensor})[0]
        return [float(score[0] / max(1e-6, score[0] + score[1])) for score in scores]

    def recognizer(self, latin: bool) -> tuple[Any, list[str]]:
        """The recognition session and its alphabet (index 0 is the CTC blank)."""
        with self._lock:
            if latin not in self._recognizers:
                self._recognizers[latin] = self._load_recognizer(latin)
            return self._recognizers[latin]

    def _load_recognizer(self, latin: bool) -> tuple[Any, list[str]]:
        import onnx

        model = onnx.load(str(_model(REC_MODEL)))
        meta = {prop.key: prop.value for prop in model.metadata_props}
        alphabet = ["<blank>", *meta["character"].splitlines(), " "]
        if latin:
            keep = [0] + [i for i, c in enumerate(alphabet) if i and is_latin(c)]
            _slice_output_layer(model, keep)
            alphabet = [alphabet[i] for i in keep]
        session = self._session(model.SerializeToString())
        logger.debug("recognition model ready with %d classes", len(alphabet))
        return session, alphabet

    def read_lines(self, images: list[np.ndarray], latin: bool,
                   charsets: list[str | None] | None = None) -> list[LineRead]:
        """Recognize grey LINE_HEIGHT-high line images, batching lines of similar width.

        `charsets` (one per image, None for any) restricts what each line may read as.
        """
        session, alphabet = self.recognizer(latin)
        with self._lock:
            families = self._families.setdefault(latin, letter_families(alphabet))
        charsets = charsets or [None] * len(images)
        input_name = session.get_inputs()[0].name
        reads: list[LineRead | None] = [None] * len(images)
        order = sorted(range(len(images)), key=lambda i: images[i].shape[1])
        start = 0
        while start < len(order):
            end = start + 1
            narrowest = images[order[start]].shape[1]
            while (end < len(order) and end - start < MAX_BATCH
                   and images[order[end]].shape[1] <= narrowest * 1.35 + 16):
                end += 1
            checkpoint()  # a long request may be cancelled between batches
            batch = [images[i] for i in order[start:end]]
            width = max(image.shape[1] for image in batch)
            tensor = np.zeros((len(batch), 3, LINE_HEIGHT, width), np.float32)  # 0 is mid-grey
            for slot, image in enumerate(batch):
                tensor[slot, :, :, : image.shape[1]] = image.astype(np.float32) / 127.5 - 1.0
            probabilities = session.run(None, {input_name: tensor})[0]
            stride = width / probabilities.shape[1]
            for slot, index in enumerate(order[start:end]):
                charset = charsets[index]
                allowed = self._allowed(alphabet, latin, charset) if charset else None
                reads[index] = _ctc_decode(probabilities[slot], alphabet, stride, allowed, families)
            start = end
        return [read for read in reads if read is not None]


    def _allowed(self, alphabet: list[str], latin: bool, charset: str) -> np.ndarray:
        """Which classes of `alphabet` (the `latin` model's) a line restricted to `charset` may take
        (blank and space always)."""
        with self._lock:
            if (latin, charset) not in self._masks:  # a few per template: kept as long as the models
                keep = set(charset) | {" "}
                self._masks[latin, charset] = np.array([i == 0 or char in keep for i, char in enumerate(alphabet)])
            return self._masks[latin, charset]


def letter_families(alphabet: list[str]) -> dict[int, np.ndarray]:
    """For each capital letter of `alphabet`, the classes of every form of its base letter in
    either case (E: E, É, È, Ê, Ë, Ě, Ę, e, é...), where there are several: the model often
    gives an accented capital's probability to its small form."""
    bases: dict[str, list[int]] = {}
    for index, char in enumerate(alphabet):
        capital = char.upper() if len(char) == 1 else ""
        described = marks(capital) if len(capital) == 1 and capital.isupper() else None
        if described is not None:
            bases.setdefault(described[0], []).append(index)
    return {index: np.array(members) for members in bases.values() if len(members) > 1
            for index in members if alphabet[index].isupper()}


def _db_boxes(probability: np.ndarray, scale_x: float, scale_y: float) -> list[np.ndarray]:
    """DB post-processing: text regions of the probability map, grown back to full size."""
    import pyclipper

    mask = cv2.dilate((probability > DB_THRESHOLD).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    for contour in contours[:1000]:
        rect = cv2.minAreaRect(contour)
        if min(rect[1]) < 3:
            continue
        points = cv2.boxPoints(rect).astype(np.int32)
        region = np.zeros_like(mask)
        cv2.fillPoly(region, [points], 1)
        if cv2.mean(probability, region)[0] < DB_BOX_THRESHOLD:
            continue
        polygon = cv2.boxPoints(rect)
        distance = cv2.contourArea(polygon) * DB_UNCLIP_RATIO / max(cv2.arcLength(polygon, True), 1e-6)
        offset = pyclipper.PyclipperOffset()
        offset.AddPath([tuple(map(int, p)) for p in polygon], pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
        grown = offset.Execute(distance)
        if not grown:
            continue
        rect = cv2.minAreaRect(np.asarray(grown[0], np.float32))
        if min(rect[1]) < 5:
            continue
        box = _clockwise(cv2.boxPoints(rect)) * (scale_x, scale_y)
        boxes.append(box.astype(np.float32))
    return sorted(boxes, key=lambda b: (round(b[:, 1].mean() / 10), b[:, 0].min()))


def _clockwise(points: np.ndarray) -> np.ndarray:
    """Order 4 points top-left, top-right, bottom-right, bottom-left."""
    by_x = points[np.argsort(points[:, 0])]
    left, right = by_x[:2], by_x[2:]
    top_left, bottom_left = left[np.argsort(left[:, 1])]
    top_right, bottom_right = right[np.argsort(right[:, 1])]
    return np.array([top_left, top_right, bottom_right, bottom_left], np.float32)


def _slice_output_layer(model: onnx.ModelProto, keep: list[int]) -> None:
    """Keep only the `keep` classes of the final MatMul + Add before the softmax."""
    from onnx import numpy_helper

    graph = model.graph
    producers = {output: node for node in graph.node for output in node.output}
    initializers = {init.name: init for init in graph.initializer}
    node = producers[graph.output[0].name]
    seen: list[onnx.NodeProto] = []
    while node.op_type in ("Softmax", "Identity", "Add", "MatMul") and len(seen) < 8:
        seen.append(node)
        if node.op_type == "MatMul":
            break
        node = producers[node.input[0]]
    matmul = seen[-1] if seen and seen[-1].op_type == "MatMul" else None
    adds = [n for n in seen if n.op_type == "Add" and n.input[1] in initializers]
    if matmul is None or matmul.input[1] not in initializers or not adds:
        raise RecognizerError("unexpected recognition model layout: cannot restrict its alphabet")
    for name, axis in ((matmul.input[1], 1), (adds[0].input[1], 0)):
        tensor = initializers[name]
        sliced = np.take(numpy_helper.to_array(tensor), keep, axis=axis)
        tensor.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(sliced), name))
    for value in graph.output:  # the class dimension is now smaller
        dims = value.type.tensor_type.shape.dim
        if dims:
            dims[-1].ClearField("dim_value")
            dims[-1].dim_param = "classes"


def _ctc_decode(probabilities: np.ndarray, alphabet: list[str], stride: float,
                allowed: np.ndarray | None = None, families: dict[int, np.ndarray] | None = None) -> LineRead:
    if allowed is not None:
        probabilities = np.where(allowed, probabilities, -1.0)
    best = probabilities.argmax(axis=1)
    keep = np.ones(len(best), bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0  # the CTC blank
    frames = np.flatnonzero(keep)
    confidence = probabilities[frames, best[frames]]
    runner_up = np.partition(probabilities[frames], -2, axis=1)[:, -2] if len(frames) else np.zeros(0)
    space = probabilities[:, len(alphabet) - 1]  # the alphabet ends with the space
    between = [float(space[a + 1:b].max()) if b > a + 1 else 0.0 for a, b in pairwise(frames)]
    if allowed is not None and families:  # the forms a restricted line may not take are none of its options
        families = {index: family[allowed[family]] for index, family in families.items()}
    variants = [_variants(probabilities, best, int(frame), alphabet, families or {}) for frame in frames]
    return LineRead(
        tuple(alphabet[i] for i in best[frames]),
        tuple(float((f + 0.5) * stride) for f in frames),
        tuple(float(p) for p in confidence),
        (*between, 0.0) if len(frames) else (),
        tuple(float(p) for p in confidence - runner_up),
        tuple(variants) if any(variants) else (),
    )


def _variants(probabilities: np.ndarray, best: np.ndarray, frame: int, alphabet: list[str],
              families: dict[int, np.ndarray]) -> tuple[tuple[str, float], ...]:
    """Each capital form of the letter read at `frame` with the probability the model gave it
    (its best over the frames it read the letter in) and its small form's (empty: one form only)."""
    family = families.get(int(best[frame]))
    if family is None or len(family) < 2:
        return ()
    end = frame + 1
    while end < len(best) and best[end] == best[frame]:
        end += 1
    scores: dict[str, float] = {}
    for index, score in zip(family, probabilities[frame:end, family].max(axis=0), strict=True):
        capital = alphabet[index].upper()
        scores[capital] = scores.get(capital, 0.0) + float(score)
    return tuple(scores.items())
