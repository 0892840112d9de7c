"""The library's entry point: `extract()` wires the pipeline stages together."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import replace
from typing import Any

from .alignment import Aligned, Picture, align_document, identify
from .barcodes import BarcodeNotFoundError, read_barcode
from .errors import DocumentNotFoundError, TemplateError
from .fields import Extraction, map_fields
from .geometry import Rect, check_aspect, rotate_image, rotated_size, scale_rect
from .images import DEFAULT_MAX_PIXELS, ImageInput, LoadedImage, load_image
from .mrz.zone import ALPHABET as MRZ_ALPHABET
from .recognizers import Recognizer, RegionResult
from .recognizers.ppocr import Models
from .request import RecognizeRegionsRequest, Region
from .template import FieldSpec, Template, load_template, registered_templates
from .values import charset_chars

logger = logging.getLogger(__name__)

_default: Recognizer | None = None
_default_lock = threading.Lock()


def default_recognizer() -> Recognizer:
    """The process-wide embedded recognizer, created on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from .recognizers.embedded import EmbeddedRecognizer

                _default = EmbeddedRecognizer()
    return _default


def _models(recognizer: Recognizer) -> Models:
    """The local models alignment uses: the recognizer's own when it is embedded."""
    models = getattr(recognizer, "models", None)
    if isinstance(models, Models):
        return models
    embedded = default_recognizer()
    assert isinstance(embedded.models, Models)  # type: ignore[attr-defined]
    return embedded.models  # type: ignore[attr-defined]


TemplateChoice = str | os.PathLike[str] | Template | list[str | os.PathLike[str] | Template]


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
    rects: tuple[tuple[int, int, int, int], ...] | None = None,
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
        placed = [scale_rect(spec.rect, reference, size) for spec in template.fields]
    else:
        placed = [Rect(*rect) for rect in rects]
    regions = tuple(
        Region(spec.order, rect, charset=_charset(spec), spellcheck=spec.spellcheck)
        for spec, rect in zip(template.fields, placed, strict=True)
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


def read(
    image: ImageInput,
    template: TemplateChoice,
    *,
    recognizer: Recognizer | None = None,
    align: bool = True,
    rotate: int | None = None,
    language: str | None = None,
    make_skew_correct: bool | None = None,
    make_contrast_correction: bool | None = None,
    make_binarization: bool | None = None,
    make_upsampling: bool | None = None,
    make_spell_check: bool | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> Extraction:
    """Read the fields of `template` from `image`, with per-field details.

    Each field has its normalised `value`, the `raw` text, a `confidence`, its `rect`
    in the aligned image, whether it is `valid` for its type, and `warnings`.
    With `align` (the default) a photo of the document is found, turned upright and
    warped to the template's size first; `template="auto"` or a list of templates
    picks the best match. `alignment` records what was done.
    """
    started = time.perf_counter()
    loaded = load_image(image, max_pixels=max_pixels)
    recognizer = recognizer or default_recognizer()
    candidates = candidate_templates(template)
    aligned: Aligned | None = None
    if candidates is not None:
        if not align:
            raise TemplateError("choosing among templates aligns the image: it cannot be done with align=False")
        found = identify(Picture.of(loaded.image), candidates, _models(recognizer), rotate=rotate)
        spec, aligned = found.template, found.aligned
    else:
        spec = load_template(template)  # type: ignore[arg-type]
        if align:
            aligned = align_document(Picture.of(loaded.image), spec, _models(recognizer), rotate=rotate)
    settings = dict(language=language, make_skew_correct=make_skew_correct,
                    make_contrast_correction=make_contrast_correction, make_binarization=make_binarization,
                    make_upsampling=make_upsampling, make_spell_check=make_spell_check)
    if aligned is None:
        request = build_request(loaded, spec, max_pixels=max_pixels, rotate=rotate, **settings)
    else:  # a scan goes as it came, with the rotation that makes it upright: the protocol's way
        source = loaded if aligned.as_given else LoadedImage(aligned.image)
        request = build_request(source, spec, max_pixels=max_pixels, rects=aligned.regions,
                                rotate=aligned.rotate, **settings)
    decoded = _barcodes(request, spec)
    # barcodes are decoded here, not read as text: the recognizer gets the rest
    barcode_orders = {result.order for result in decoded}
    to_read = replace(request, regions=tuple(region for region in request.regions
                                             if region.order not in barcode_orders))
    results = [*(recognizer.recognize(to_read) if to_read.regions else []), *decoded]
    alignment = aligned.alignment if aligned is not None else None
    fields = map_fields(spec, request.regions, results, request.settings.language, alignment)
    request_image = request.image
    assert isinstance(request_image, LoadedImage)  # build_request decodes the image
    size = rotated_size(request_image.size, request.settings.rotate)
    elapsed = 1000 * (time.perf_counter() - started)
    logger.debug("read %d field(s) of template %s in %.0f ms", len(fields), spec.name, elapsed)
    return Extraction(spec.name, size, round(elapsed, 1), fields, alignment)


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
        margin = round(0.08 * max(right - left, bottom - top))  # the quiet zone round the symbol
        crop = upright.crop((max(0, left - margin), max(0, top - margin), min(upright.width, right + margin),
                             min(upright.height, bottom + margin)))
        try:
            results.append(RegionResult(region.order, read_barcode(crop).text, 1.0))
        except BarcodeNotFoundError:
            results.append(RegionResult(region.order, "", 0.0))
    return results


def extract(
    image: ImageInput,
    template: TemplateChoice,
    **options: Any,
) -> dict[str, str]:
    """Read the named fields of `template` from `image`: ``{field name: value}``.

    `image` is a path, bytes, a binary file or a PIL image; `template` a name, a path
    to a YAML file or a `Template`. Options are those of `read()`: `recognizer`
    (default: the offline embedded engine), `rotate`, `language`, `make_*` settings,
    `max_pixels`. Every field of the template is present, ``""`` where nothing was
    read; typed fields are normalised (dates as YYYY-MM-DD), and a value that fails
    its type keeps its text as read. Photos are aligned first (``align=False`` skips it);
    ``template="auto"`` picks the template. Raises `DocumentNotFoundError` when the
    template's anchors show that the document was not found.
    """
    extraction = read(image, template, **options)
    if extraction.alignment is not None and not extraction.alignment.verified:
        raise DocumentNotFoundError("; ".join(extraction.alignment.warnings))
    return extraction.values()
