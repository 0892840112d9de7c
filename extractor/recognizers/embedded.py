"""The embedded recognizer: PP-OCR models shipped in a pip package, fully offline.

Reading plan for one request:
1. decode, rotate, deskew the whole image (`makeSkewCorrect`);
2. cut every region into text lines by a projection profile (`lines.split_lines`);
3. recognize all the lines of all regions in a few batches (fast), with each line that faint
   ink continues (a highlight washed its ends out) also widened over that ink: kept where it
   reads as the same line with more characters, surely;
4. read again, with text detection + recognition inside the region, only the regions
   whose least sure character scores under `EngineConfig.fallback_below`, or whose ink does not
   form clean lines, or that look blank (a highlight pales a line to its ground's tone)
   (accurate, several times slower);
5. read the other regions not read surely once more from their lines cut with more room above
   (`EngineConfig.steady_below`): a reading that then changes is flagged, not trusted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from ..errors import ImageTooLargeError, RequestError
from ..geometry import Rect, check_inside, rotate_image, rotated_size
from ..images import DEFAULT_MAX_PIXELS, LoadedImage, decode_image
from ..request import RecognizeRegionsRequest, Region
from ..system import available_cores
from ..values import folded
from . import RegionResult
from .accents import settle as settle_accents
from .cancel import checkpoint
from .config import ENGINE, EngineConfig
from .enhance import deskew, equalize, is_faint
from .languages import LATIN_LANGUAGES, SUPPORTED_LANGUAGES
from .lexicon import Lexicon
from .lines import ROOM_ABOVE, Cleanup, Line, faint_reach, line_image, own_lines, quad_image, split_lines
from .models import Models
from .reading import Reading, calibrated, chosen, marks_more, normal_text
from .recognition import LineRead
from .repair import line_text, without_scribbles
from .spelling import Speller

logger = logging.getLogger(__name__)
# A line widened over faint ink is kept only where each character it adds was read this surely.
WIDENED_SURE = 0.9


def _small_text(regions: Sequence[Region], small: int) -> bool:
    return bool(regions) and float(np.median([r.rect.height for r in regions])) < small


def _upsample(bgr: np.ndarray, regions: list[Region], small: int) -> tuple[np.ndarray, list[Region]]:
    """Small text (regions under `small` pixels high) read from the image doubled in size,
    so that line finding and detection see strokes rather than single pixels."""
    if not _small_text(regions, small):
        return bgr, regions
    bigger = cv2.resize(bgr, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    return bigger, [replace(r, rect=Rect(*(2 * v for v in r.rect))) for r in regions]


class EmbeddedRecognizer:
    """Reads regions offline with the PP-OCR models shipped inside the `rapidocr` wheel.

    Models load once, lazily, on first use; one instance is safe to share between
    threads. `threads` defaults to the cores this process may use; `config` holds the tunables of
    detection, batching and the reading plan.
    """

    def __init__(
        self, *, threads: int | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
        config: EngineConfig = ENGINE,
    ) -> None:
        self.config = config
        self.models = Models(threads or available_cores(), config)
        self.speller = Speller()
        self.lexicon = Lexicon(config.common_word)
        self.max_pixels = max_pixels

    def warm_up(self, language: str = "English") -> None:
        """Load the models and word lists now rather than on the first request."""
        self.models.recognizer(language in LATIN_LANGUAGES)
        self.models.detector()
        self.lexicon.load()

    def check(self, request: RecognizeRegionsRequest, image_size: tuple[int, int]) -> None:
        """Raise `RequestError` or `GeometryError` if the request cannot be served
        (language not read, region outside the rotated image); a server checks at submit."""
        settings = request.settings
        if settings.language not in SUPPORTED_LANGUAGES:
            raise RequestError(
                f"settings.language: {settings.language!r} is not read by the embedded "
                f"engine; it reads {', '.join(sorted(SUPPORTED_LANGUAGES))}"
            )
        size = rotated_size(image_size, settings.rotate)
        for region in request.regions:
            check_inside(region.rect, size, f"settings.regions: region with order {region.order}")
        self.check_growth(request, image_size)

    def check_growth(self, request: RecognizeRegionsRequest, image_size: tuple[int, int]) -> None:
        """Raise `ImageTooLargeError` if the image would hold more than `max_pixels` once
        rotated and upsampled (known from its header: a server checks before decoding)."""
        settings = request.settings
        size = rotated_size(image_size, settings.rotate)
        upsampled = settings.make_upsampling and _small_text(request.regions, self.config.small_text)
        grown = size[0] * size[1] * (4 if upsampled else 1)
        if grown > self.max_pixels:  # a small image turned 45 degrees and doubled holds many more pixels
            raise ImageTooLargeError(
                f"image: {image_size[0]}x{image_size[1]} grows to {grown:,} pixels once rotated by "
                f"{settings.rotate:g} degrees{' and upsampled' if grown > size[0] * size[1] else ''}; "
                f"the limit is {self.max_pixels:,}"
            )

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        settings = request.settings
        loaded = request.image
        if not isinstance(loaded, LoadedImage):
            loaded = decode_image(loaded, max_pixels=self.max_pixels, name="request image")
        self.check(request, loaded.size)
        image = rotate_image(loaded.image, settings.rotate)
        regions = request.sorted_regions()
        bgr = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
        if settings.make_skew_correct:
            bgr = deskew(bgr)
        if settings.make_upsampling and regions:
            bgr, regions = _upsample(bgr, regions, self.config.small_text)
        cleanup = Cleanup(settings.make_contrast_correction, settings.make_binarization,
                          settings.make_upsampling)
        results = self.read_regions(bgr, regions, cleanup, settings.language in LATIN_LANGUAGES)
        if settings.make_spell_check:  # regions the template marks as names or typed say False
            results = [replace(result, text=self.speller.correct(result.text, settings.language))
                       if region.spellcheck is not False else result
                       for result, region in zip(results, regions, strict=True)]
        return results

    def read_regions(
        self, bgr: np.ndarray, regions: list[Region], cleanup: Cleanup, latin: bool
    ) -> list[RegionResult]:
        """The reading plan (steps 2-4 above) on the prepared image: the seam a variant
        replaces to cut regions into lines another way (`bench/baselines.py`), reading them with
        `read_lines`."""
        crops = [bgr[r.rect.slices] for r in regions]
        faint = [cleanup.contrast and is_faint(crop) for crop in crops]
        if cleanup.contrast:  # washed-out regions (glare, shadow) get their contrast back
            crops = [equalize(crop) if dim else crop for crop, dim in zip(crops, faint, strict=True)]
        boxes_of: dict[int, list[tuple[Rect, Rect | None]]] = {}  # each line's box, and it widened over faint ink
        unresolved = []
        edge = [False] * len(regions)
        for index, crop in enumerate(crops):
            boxes = split_lines(crop, level_ground=cleanup.contrast)
            if not boxes:  # unclear lines, or none seen: detection decides
                unresolved.append(index)
                continue
            width = crop.shape[1]
            edge[index] = any(box.left <= 1 or box.right >= width - 1 for box in boxes)
            boxes_of[index] = [(box, faint_reach(crop, box) if cleanup.contrast else None) for box in boxes]
        readings = self._read_cut(crops, boxes_of, regions, cleanup, latin, ROOM_ABOVE)
        unsure = [i for i, reading in enumerate(readings) if reading.confidence < self.config.fallback_below]
        retry = sorted({*unresolved, *unsure})
        again: dict[int, Reading] = {}
        if retry:
            detected: list[tuple[int, Line]] = []
            for index in retry:
                checkpoint()
                pad = max(4, crops[index].shape[0] // 6)
                padded = cv2.copyMakeBorder(crops[index], pad, pad, pad, pad, cv2.BORDER_REPLICATE)
                detected.extend((index, quad_image(padded, quad, cleanup))
                                for quad in own_lines(self.models.detect(padded), padded.shape[0]))
            second = self.read_lines(detected, regions, latin)
            for index in retry:
                again[index] = second[index]
            logger.debug("re-read %d of %d regions with detection", len(retry), len(regions))
        results: list[RegionResult] = []
        read_as: list[Reading] = []  # each result's reading, its words not yet mended (`Lexicon.mended`)
        for index, region in enumerate(regions):
            reading, other, mark_in_one_cut = readings[index], again.get(index), False
            if other is not None:
                reading, other, mark_in_one_cut = chosen(reading, other, unclear=index in unresolved)
            marked, text = self._spelt(reading)
            evidence = reading.evidence(other, faint=faint[index], edge=edge[index],
                                        known=self.lexicon.words_known(text))
            confidence = calibrated(evidence) if reading.text else reading.confidence
            doubts = {
                "mark_in_one_cut": mark_in_one_cut,
                # faint ink went on past the line's text and was read unsurely: the value may be cut short
                "unread_ink": readings[index].unread_ink and len(reading.chars) <= len(readings[index].chars),
                # a misread word the lists corrected stays doubted: its letter is their guess
                "misread_word": self.lexicon.misread_word(marked) is not None,
            }
            evidence.update({name: 1.0 for name, doubted in doubts.items() if doubted})
            # a code's 0 or O, 1 or I, guessed (`code_rival` is in the evidence already)
            if any(doubts.values()) or reading.code_rival >= self.config.code_rival:
                confidence = min(confidence, self.config.unsteady)
            results.append(RegionResult(region.order, text, round(confidence, 4), evidence))
            read_as.append(reading)
        steadied = self._steadied(results, read_as, crops, boxes_of, regions, cleanup, latin, again)
        return self._among_choices(steadied, read_as, crops, boxes_of, regions, cleanup, latin)

    def _steadied(self, results: list[RegionResult], read_as: list[Reading], crops: list[np.ndarray],
                  boxes_of: dict[int, list[tuple[Rect, Rect | None]]], regions: list[Region], cleanup: Cleanup,
                  latin: bool, again: dict[int, Reading]) -> list[RegionResult]:
        """`results` with the readings read once and not surely (`EngineConfig.steady_below`)
        read again from their lines cut with more room above; one that then reads otherwise
        (`read_as`: each result's reading before its words were mended, since two readings'
        different misreads may mend alike) changes with where its line was cut, and keeps
        `EngineConfig.unsteady` confidence at most (and the second reading's text where it is the
        first's with more marks: `marks_more`)."""
        config = self.config
        doubtful = {index: boxes_of[index] for index, result in enumerate(results)
                    if result.text and index in boxes_of and index not in again
                    and result.confidence < config.steady_below}
        if not doubtful:
            return results
        second = self._read_cut(crops, doubtful, regions, cleanup, latin, config.second_room)
        steadied = list(results)
        for index in doubtful:
            result, first, again_read = results[index], read_as[index], second[index]
            if normal_text(again_read.text) != normal_text(first.text):
                text = self._spelt(again_read)[1] if marks_more(again_read.text, first.text) else result.text
                steadied[index] = replace(result, text=text, confidence=min(result.confidence, config.unsteady),
                                          evidence={**(result.evidence or {}), "unsteady": 1.0})
        return steadied

    def _among_choices(self, results: list[RegionResult], read_as: list[Reading], crops: list[np.ndarray],
                       boxes_of: dict[int, list[tuple[Rect, Rect | None]]], regions: list[Region],
                       cleanup: Cleanup, latin: bool) -> list[RegionResult]:
        """`results` with each region that holds one of its `choices` (an enum's), read as none
        of them, read again from its lines in the choices' characters alone (either case), where
        the model was not sure of any character of its reading (`read_as`) that no choice holds
        (`EngineConfig.sure_outside_choices`): a blurred M it took for an H is read as the M it
        is. A choice so read keeps `EngineConfig.unsteady` confidence at most."""
        config = self.config
        pending: dict[int, list[tuple[Rect, Rect | None]]] = {}
        restricted = list(regions)
        for index, (result, region) in enumerate(zip(results, regions, strict=True)):
            if not region.choices or index not in boxes_of or _one_of(result.text, region.choices):
                continue
            held = set("".join(region.choices))
            held |= set("".join(held).swapcase())
            reading = read_as[index]
            if any(char not in held and not char.isspace() and probability >= config.sure_outside_choices
                   for char, probability in zip(reading.chars, reading.probabilities, strict=False)):
                continue
            pending[index] = boxes_of[index]
            restricted[index] = replace(region, charset="".join(sorted(held | {" "})))
        if not pending:
            return results
        again = self._read_cut(crops, pending, restricted, cleanup, latin, ROOM_ABOVE)
        among = list(results)
        for index in pending:
            result = results[index]
            if again[index].text and _one_of(again[index].text, regions[index].choices):
                among[index] = replace(result, text=again[index].text,
                                       confidence=min(result.confidence, config.unsteady),
                                       evidence={**(result.evidence or {}), "among_choices": 1.0})
        return among

    def _spelt(self, reading: Reading) -> tuple[str, str]:
        """`reading`'s text with its words' marks mended (`Lexicon.mended`), and that text with
        its misread letters and word spaces corrected as well (`Lexicon.corrected`)."""
        marked = self.lexicon.mended(reading.text, reading.ink_chosen, reading.weighed_marks)
        return marked, self.lexicon.corrected(marked, reading.weighed_letters, reading.weighed_spaces)

    def _read_cut(self, crops: list[np.ndarray], boxes_of: dict[int, list[tuple[Rect, Rect | None]]],
                  regions: list[Region], cleanup: Cleanup, latin: bool, room_above: float) -> list[Reading]:
        """What each region's lines (`boxes_of`: region index -> each line's box, and that box
        widened over faint ink or None) read as, cut with `room_above` of their height above them."""
        planned = [(index, line_image(crops[index], box, cleanup, room_above))
                   for index, boxes in boxes_of.items() for box, _ in boxes]
        wider = [line_image(crops[index], reach, cleanup, room_above) if reach else None
                 for index, boxes in boxes_of.items() for _, reach in boxes]
        return self.read_lines(planned, regions, latin, wider)

    def read_lines(self, lines: list[tuple[int, Line]], regions: list[Region], latin: bool,
                   wider: Sequence[Line | None] = ()) -> list[Reading]:
        """What each region's lines (`(region index, line)` pairs) read as, in a few batches; a
        region without lines reads as nothing, surely. `wider` holds, line by line, the line
        widened over faint ink (`faint_reach`), or None: it is read too, and kept where it
        reads as the line with more characters, surely (`_added`); where those characters were
        not read surely, the region's reading is marked `unread_ink`."""
        widened = [(position, (lines[position][0], line)) for position, line in enumerate(wider) if line]
        every = [*lines, *(pair for _, pair in widened)]
        charsets = [regions[index].charset for index, _ in every]
        reads = self.models.read_lines([line.image for _, line in every], latin, charsets) if every else []
        settled = [(line, settle_accents(line.image, without_scribbles(line, read)))
                   for (_, line), read in zip(every, reads, strict=True)]
        chosen = settled[:len(lines)]
        unread = [False] * len(regions)
        for (position, _), (line, read) in zip(widened, settled[len(lines):], strict=True):
            added = _added(chosen[position][1], read)
            # a highlight washed those characters out: kept where each was read surely, else the
            # line's text stops short of its ink
            if added and min(added) >= WIDENED_SURE:
                chosen[position] = (line, read)
            elif added:
                unread[lines[position][0]] = True
        parts: list[list[tuple[str, LineRead]]] = [[] for _ in regions]
        for (index, _), (line, read) in zip(lines, chosen, strict=True):
            parts[index].append((line_text(line, read), read))
        return [replace(Reading.of(part, weighed_mark=self.config.weighed_mark,
                                   weighed_letter=self.config.weighed_letter,
                                   weighed_space=self.config.weighed_space), unread_ink=short)
                for part, short in zip(parts, unread, strict=True)]


def _one_of(text: str, choices: Sequence[str]) -> bool:
    """Whether `text` is one of `choices`, case and marks aside (as `values.interpret_enum` takes them)."""
    return folded(text) in {folded(choice) for choice in choices}


def _added(narrow: LineRead, wide: LineRead) -> list[float] | None:
    """How surely each character a line widened over faint ink adds to the line read before was
    read, where the widened line reads as that line with more characters (None: it does not;
    the letter the line's end cut in half may have read as another)."""
    before = "".join(char for char in narrow.chars if char != " ")
    after = [(char, p) for char, p in zip(wide.chars, wide.probabilities, strict=True) if char != " "]
    text = "".join(char for char, _ in after)
    if len(text) <= len(before):
        return None
    for kept in (before, before[1:], before[:-1], before[1:-1]):
        start = text.find(kept) if kept else -1
        if start >= 0:
            return [p for _, p in after[:start] + after[start + len(kept):]]
    return None
