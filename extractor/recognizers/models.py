"""The PP-OCR models shipped inside the `rapidocr` wheel, and `Models`: their sessions, which see
text lines for alignment and the recognizer (the `Vision` protocol).

Nothing is ever downloaded: the model files are taken from the installed package, or
an error says to reinstall it. For Latin-script languages the recognition model's
output layer is cut down to the Latin alphabet (from 18,710 classes, mostly CJK, to a
few hundred): recognition gets faster and cannot answer with a look-alike CJK sign.
Each stage's work is its own module: `detection`, `direction`, `recognition`.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import RecognizerError
from . import detection, direction, recognition
from .config import ENGINE, EngineConfig
from .recognition import LineRead, allowed_classes, letter_families

if TYPE_CHECKING:
    import onnx

logger = logging.getLogger(__name__)

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"  # text direction: upright or upside down


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
    """The detection, direction and recognition sessions, loaded once, lazily and thread-safely;
    each `Vision` method runs its stage on them, with `config`."""

    def __init__(self, threads: int, config: EngineConfig = ENGINE) -> None:
        self.threads = threads
        self.config = config
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
        return detection.detect(self.detector(), bgr, self.config)

    def classifier(self) -> Any:
        """The direction classifier session (upright or turned 180 degrees)."""
        with self._lock:
            if self._classifier is None:
                # one thread: a small model run between the others, whose threads a pool would slow
                self._classifier = self._session(str(_model(CLS_MODEL)), threads=1)
            return self._classifier

    def upright(self, lines: list[np.ndarray]) -> list[float]:
        """For BGR text-line crops, the probability that each reads upright (not turned 180)."""
        return direction.upright(self.classifier(), lines)

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
        """Recognize grey LINE_HEIGHT-high line images (`recognition.read_lines`).

        `charsets` (one per image, None for any) restricts what each line may read as.
        """
        session, alphabet = self.recognizer(latin)
        with self._lock:  # worked out once per alphabet: it looks at each of its classes
            if latin not in self._families:
                self._families[latin] = letter_families(alphabet)
            families = self._families[latin]
        allowed = [self._allowed(alphabet, latin, charset) if charset else None
                   for charset in charsets or [None] * len(images)]
        return recognition.read_lines(session, alphabet, images, allowed, families, self.config.max_batch)

    def _allowed(self, alphabet: list[str], latin: bool, charset: str) -> np.ndarray:
        """`allowed_classes` of the `latin` model's `alphabet`, kept as long as the models (a few
        per template)."""
        with self._lock:
            if (latin, charset) not in self._masks:
                self._masks[latin, charset] = allowed_classes(alphabet, charset)
            return self._masks[latin, charset]


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


