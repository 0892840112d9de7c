"""The library's entry point: an `Extractor` runs the stages in turn, `extract()` and `read()`
use a default one.

The stages, each with what it is given: load the image (`images`); locate the document
(`alignment`, with the vision engine and the config) or take the image as given; build one
RecognizeRegions request (`request`); read it (the recognizer; barcodes decoded here); map
the results to typed, checked fields (`fields`).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import cv2
import numpy as np
from PIL import Image

from .alignment import Aligned, Identified, Picture, align_document, identify
from .barcodes import BarcodeNotFoundError, read_barcode
from .config import DEFAULT, Config
from .errors import DocumentNotFoundError, TemplateError
from .fields import Extraction, map_fields
from .geometry import Rect, check_aspect, rotate_image, rotated_size, scale_rect
from .images import DEFAULT_MAX_PIXELS, ImageInput, LoadedImage, load_image
from .mrz.zone import ALPHABET as MRZ_ALPHABET
from .recognizers import Recognizer, RegionResult, Vision
from .recognizers.models import Models
from .request import RecognizeRegionsRequest, Region, Settings
from .template import FieldSpec, Template, load_template, registered_templates
from .values import charset_chars

logger = logging.getLogger(__name__)

TemplateChoice = str | os.PathLike[str] | Template | list[str | os.PathLike[str] | Template]
# `read_each`: documents looked for on one page at most; a document covering more than this share
# of the image leaves no room for another; each one found is covered this much wider (a
# share of its size) so that its edges do not pass for another's.
MOST_DOCUMENTS = 8
ROOM_LEFT = 0.5
COVER_MARGIN = 0.04
# Grey levels by which a page's border strays from its median colour (median, at most): a scan's noise
# and paper grain stay within 2, a desk's wood, cloth or clutter in a photo reach 4 and more.
PAGE_GROUND_SPREAD = 3.0


def candidate_templates(template: TemplateChoice) -> list[Template] | None:
    """The templates `template` leaves to choose from ("auto": every registered one), or
    None when it names a single template."""
    if isinstance(template, list | tuple):
        return [load_template(item) for item in template]
    if template == "auto":
        return registered_templates()
    return None


def build_request(
    image: ImageInput,
    template: Template,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    rects: tuple[Rect, ...] | None = None,
    **overrides: object,
) -> RecognizeRegionsRequest:
    """One RecognizeRegions request reading every field of `template` in `image`.

    Settings are the protocol defaults, then the template's `settings`, then `overrides`
    (Python names such as ``rotate=90`` or ``language="German"``). The fields' rectangles are
    the template's scaled to the (rotated) image, or `rects` (one per field, in template order,
    in the rotated image) where alignment placed them.
    """
    loaded = load_image(image, max_pixels=max_pixels)
    settings = template.recognition_settings().updated(**overrides)
    size = rotated_size(loaded.size, settings.rotate)
    reference = (template.width, template.height)
    if rects is None:
        check_aspect(reference, size, source=template.source)
        rects = tuple(scale_rect(spec.rect, reference, size) for spec in template.fields)
    regions = tuple(
        Region(spec.order, rect, charset=_charset(spec), spellcheck=spec.spellcheck,
               choices=spec.choices if spec.type == "enum" else ())
        for spec, rect in zip(template.fields, rects, strict=True)
    )
    return RecognizeRegionsRequest(loaded, settings, regions)


def _charset(spec: FieldSpec) -> str | None:
    """The characters a field can hold, as a recognition hint (None: any)."""
    if spec.charset:
        return charset_chars(spec.charset)
    if spec.type == "number":
        return "0123456789 .,'-"
    if spec.type == "mrz":
        return MRZ_ALPHABET
    if spec.type == "date" and not any("%b" in f or "%B" in f for f in spec.formats):
        literals = {c for form in spec.formats for c in re.sub(r"%.", "", form)}
        return "0123456789" + "".join(sorted(literals))
    return None


def _barcodes(request: RecognizeRegionsRequest, template: Template) -> list[RegionResult]:
    """The template's barcode fields decoded in the request's image (as the recognizer would see
    it: turned by `rotate`), each with its data as text (Latin-1), or empty when none decodes."""
    orders = {spec.order for spec in template.fields if spec.type == "pdf417"}
    if not orders:
        return []
    assert isinstance(request.image, LoadedImage)  # build_request decodes the image
    upright = rotate_image(request.image.image, request.settings.rotate)
    results = []
    for region in request.regions:
        if region.order not in orders:
            continue
        left, top, right, bottom = region.rect
        margin = round(0.08 * max(region.rect.width, region.rect.height))  # the quiet zone round the symbol
        crop = upright.crop((max(0, left - margin), max(0, top - margin), min(upright.width, right + margin),
                             min(upright.height, bottom + margin)))
        try:
            results.append(RegionResult(region.order, read_barcode(crop).text, 1.0))
        except BarcodeNotFoundError:
            results.append(RegionResult(region.order, "", 0.0))
    return results


class Extractor:
    """Reads documents with one recognizer (for the fields) and one vision engine (for alignment),
    both passed in the way an httpx `Client` takes a transport.

    `recognizer` defaults to the offline `EmbeddedRecognizer`, `vision` to the embedded
    recognizer's own models (or embedded models of their own beside another recognizer); both
    are built on first use. `config` holds the tunables of alignment, identification and the
    embedded engine built here. One extractor is safe to share between threads.
    """

    def __init__(self, recognizer: Recognizer | None = None, *, vision: Vision | None = None,
                 config: Config = DEFAULT, max_pixels: int = DEFAULT_MAX_PIXELS) -> None:
        self._recognizer = recognizer
        self._vision = vision
        self.config = config
        self.max_pixels = max_pixels
        self._lock = threading.Lock()

    @property
    def recognizer(self) -> Recognizer:
        """What reads the fields (the embedded engine, built on first use, unless one was given)."""
        with self._lock:
            if self._recognizer is None:
                from .recognizers.embedded import EmbeddedRecognizer

                self._recognizer = EmbeddedRecognizer(max_pixels=self.max_pixels, config=self.config.engine)
            return self._recognizer

    @property
    def vision(self) -> Vision:
        """What alignment sees text lines with (the embedded recognizer's models by default)."""
        if self._vision is None:
            from .recognizers.embedded import EmbeddedRecognizer
            from .system import available_cores

            recognizer = self.recognizer
            with self._lock:
                if self._vision is None and isinstance(recognizer, EmbeddedRecognizer):
                    self._vision = recognizer.models
                elif self._vision is None:
                    self._vision = Models(available_cores(), self.config.engine)
        return self._vision

    def read(self, image: ImageInput, template: TemplateChoice, *, align: bool = True,
             max_pixels: int | None = None, page: int = 1, **settings: Any) -> Extraction:
        """Read the fields of `template` from `image`, with per-field details.

        Each field has its normalised `value`, the `raw` text, a `confidence`, its `rect`
        in the aligned image, whether it is `valid` for its type, and `warnings`.
        With `align` (the default) a photo of the document is found, turned upright and
        warped to the template's size first; `template="auto"` or a list of templates
        picks the best match. `alignment` records what was done. `settings` are request
        settings by their Python names (`rotate`, `language`, `make_spell_check`...), over
        the template's own. `page` is the page read of a PDF or a multi-page TIFF (1: the first;
        `extract_many` reads every page).
        """
        started = time.perf_counter()
        limit = max_pixels or self.max_pixels
        loaded = load_image(image, max_pixels=limit, page=page)
        Settings().updated(**settings)  # names and values checked before any work
        rotate = settings.pop("rotate", None)
        chosen, aligned = self._locate(loaded, template, align=align, rotate=rotate)
        request = self._request(loaded, chosen, aligned, rotate, settings, limit)
        results = self._recognize(request, chosen)
        alignment = aligned.alignment if aligned is not None else None
        fields = map_fields(chosen, request.regions, results, request.settings.language, alignment)
        request_image = request.image
        assert isinstance(request_image, LoadedImage)  # build_request decodes the image
        size = rotated_size(request_image.size, request.settings.rotate)
        elapsed = 1000 * (time.perf_counter() - started)
        logger.debug("read %d field(s) of template %s in %.0f ms", len(fields), chosen.name, elapsed)
        return Extraction(chosen.name, size, round(elapsed, 1), fields, alignment)

    def read_each(self, image: ImageInput, template: TemplateChoice, *, most: int = MOST_DOCUMENTS,
                  max_pixels: int | None = None, page: int = 1, **options: Any) -> list[Extraction]:
        """Every document of `template` (with several templates, of any) that `image` holds, in
        reading order: the front and the back of a card copied onto one page, cards laid side by
        side on a scanner. Each is read as `read()` reads one, then covered with the page's
        ground before the next is looked for; the search ends when the next is not found for
        sure, when `most` were read, or when a document fills most of the image (a scan of the
        document alone). Only a page is searched again, never a photo (its clutter could pass for
        another document). The first document is always returned, verified or not, as `read()`
        would."""
        loaded = load_image(image, max_pixels=max_pixels or self.max_pixels, page=page)
        picture = loaded.image.convert("RGB")
        ground = _page_ground(picture)
        found: list[Extraction] = []
        while len(found) < most:
            try:
                extraction = self.read(picture, template, max_pixels=max_pixels, **options)
            except DocumentNotFoundError:
                if not found:
                    raise
                break
            alignment = extraction.alignment
            if found and not (alignment and alignment.verified):
                break
            found.append(extraction)
            if alignment is None or alignment.quad is None or not alignment.verified:
                break  # read as given, or a scan of the document alone: nothing else is on it
            quad = np.array(alignment.quad, np.float32)
            if ground is None or cv2.contourArea(quad) > ROOM_LEFT * picture.width * picture.height:
                break
            picture = _covered(picture, quad, ground)
        return sorted(found, key=_reading_order(found))

    def extract(self, image: ImageInput, template: TemplateChoice, **options: Any) -> dict[str, str]:
        """Read the named fields of `template` from `image`: ``{field name: value}``.

        Options are those of `read()`. Every field of the template is present, ``""`` where
        nothing was read; typed fields are normalised (dates as YYYY-MM-DD), and a value that
        fails its type keeps its text as read. Raises `DocumentNotFoundError` when alignment
        could not verify that the document is there.
        """
        extraction = self.read(image, template, **options)
        if extraction.alignment is not None and not extraction.alignment.verified:
            raise DocumentNotFoundError("; ".join(extraction.alignment.warnings))
        return extraction.values()

    def identify(self, image: ImageInput, templates: TemplateChoice = "auto", *,
                 rotate: int | None = None) -> Identified:
        """Which of `templates` ("auto": every registered one) `image` shows, aligned to it."""
        candidates = candidate_templates(templates)
        if candidates is None:
            candidates = [load_template(templates)]  # type: ignore[arg-type]
        loaded = load_image(image, max_pixels=self.max_pixels)
        return self._identify(Picture.of(loaded.image), candidates, rotate)

    def _identify(self, picture: Picture, candidates: list[Template], rotate: int | None) -> Identified:
        return identify(picture, candidates, self.vision, rotate=rotate, config=self.config.align,
                        identify_config=self.config.identify)

    def _locate(self, loaded: LoadedImage, template: TemplateChoice, *, align: bool, rotate: int | None
                ) -> tuple[Template, Aligned | None]:
        """The template to read with and, when aligning, where its document lies in the image."""
        candidates = candidate_templates(template)
        if candidates is not None:
            if not align:
                raise TemplateError("choosing among templates aligns the image: it cannot be done with align=False")
            found = self._identify(Picture.of(loaded.image), candidates, rotate)
            return found.template, found.aligned
        chosen = load_template(template)  # type: ignore[arg-type]
        if not align:
            return chosen, None
        aligned = align_document(Picture.of(loaded.image), chosen, self.vision, rotate=rotate, config=self.config.align)
        return chosen, aligned

    @staticmethod
    def _request(loaded: LoadedImage, template: Template, aligned: Aligned | None, rotate: int | None,
                 settings: dict[str, Any], max_pixels: int) -> RecognizeRegionsRequest:
        """The one request reading every field: a scan goes as it came, with the rotation that
        makes it upright (the protocol's way); a photo goes straightened, fields where alignment
        placed them."""
        if aligned is None:
            return build_request(loaded, template, max_pixels=max_pixels, rotate=rotate, **settings)
        source = loaded if aligned.as_given else LoadedImage(aligned.image)
        # the fields sit where alignment placed them: a recognizer's own levelling (a turn about
        # the centre) would move the text out of them (unless the caller asks for it)
        return build_request(source, template, max_pixels=max_pixels, rects=aligned.regions,
                             rotate=aligned.rotate, **{"make_skew_correct": False, **settings})

    def _recognize(self, request: RecognizeRegionsRequest, template: Template) -> list[RegionResult]:
        """Every field's result: barcodes decoded here, the rest read by the recognizer."""
        decoded = _barcodes(request, template)
        barcode_orders = {result.order for result in decoded}
        to_read = replace(request, regions=tuple(region for region in request.regions
                                                 if region.order not in barcode_orders))
        return [*(self.recognizer.recognize(to_read) if to_read.regions else []), *decoded]


def _page_ground(picture: Image.Image) -> tuple[int, int, int] | None:
    """The colour of the page `picture` shows (the median of its border), or None when it is no
    page nor a scanner's bed but a photo: a desk's wood, cloth or clutter make its border uneven."""
    rgb = np.asarray(picture)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]).astype(np.float64)
    middle = np.median(border, axis=0)
    if np.median(np.abs(border - middle)) > PAGE_GROUND_SPREAD:
        return None
    red, green, blue = (int(v) for v in middle)
    return red, green, blue


def _covered(picture: Image.Image, quad: np.ndarray, ground: tuple[int, int, int]) -> Image.Image:
    """`picture` with the document at `quad` (and a margin round it) painted over with `ground`."""
    rgb = np.array(picture)
    centre = quad.mean(axis=0)
    grown = centre + (quad - centre) * (1 + COVER_MARGIN)
    cv2.fillPoly(rgb, [np.round(grown).astype(np.int32)], ground)
    return Image.fromarray(rgb)


def _reading_order(found: list[Extraction]) -> Callable[[Extraction], tuple[int, float]]:
    """Rows from the top, left to right within a row: documents whose middles lie within half
    a document's height of one another share a row."""
    def middle(extraction: Extraction) -> np.ndarray:
        quad = extraction.alignment.quad if extraction.alignment else None
        return np.array(quad, np.float64).mean(axis=0) if quad else np.zeros(2)

    heights = [np.ptp(np.array(e.alignment.quad)[:, 1]) for e in found if e.alignment and e.alignment.quad]
    row = max(1.0, float(np.median(heights)) / 2) if heights else 1.0
    return lambda extraction: (int(middle(extraction)[1] // row), float(middle(extraction)[0]))


_default: Extractor | None = None
_default_lock = threading.Lock()


def default_extractor() -> Extractor:
    """The process-wide extractor module-level `read()` and `extract()` use, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Extractor()
        return _default


def default_recognizer() -> Recognizer:
    """The default extractor's recognizer (the embedded engine)."""
    return default_extractor().recognizer


def _extractor_for(recognizer: Recognizer | None) -> Extractor:
    """The default extractor, or one reading with `recognizer` and seeing with the default's vision."""
    default = default_extractor()
    if recognizer is None:
        return default
    return Extractor(recognizer, vision=default.vision, config=default.config, max_pixels=default.max_pixels)


def read(image: ImageInput, template: TemplateChoice, *, recognizer: Recognizer | None = None,
         **options: Any) -> Extraction:
    """`Extractor.read` on the default extractor (or with `recognizer` for the fields)."""
    return _extractor_for(recognizer).read(image, template, **options)


def read_each(image: ImageInput, template: TemplateChoice, *, recognizer: Recognizer | None = None,
              **options: Any) -> list[Extraction]:
    """`Extractor.read_each` on the default extractor: every document of `template` on `image`."""
    return _extractor_for(recognizer).read_each(image, template, **options)


def extract(image: ImageInput, template: TemplateChoice, *, recognizer: Recognizer | None = None,
            **options: Any) -> dict[str, str]:
    """Read the named fields of `template` from `image`: ``{field name: value}``.

    `image` is a path, bytes, a binary file or a PIL image; `template` a name, a path
    to a YAML file or a `Template`. Options are those of `Extractor.read()`: `align`,
    `rotate`, `language`, `make_*` settings, `max_pixels`, `page`; `recognizer` reads the fields
    (default: the offline embedded engine). Every field of the template is present, ``""``
    where nothing was read; typed fields are normalised (dates as YYYY-MM-DD), and a value
    that fails its type keeps its text as read. Photos are aligned first (``align=False``
    skips it); ``template="auto"`` picks the template. Raises `DocumentNotFoundError` when
    alignment could not verify that the document is there.
    """
    return _extractor_for(recognizer).extract(image, template, **options)
