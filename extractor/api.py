"""The library's entry point: `extract()` wires the pipeline stages together."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from typing import Any

from .fields import Extraction, map_fields
from .geometry import check_aspect, rotated_size, scale_rect
from .images import DEFAULT_MAX_PIXELS, ImageInput, LoadedImage, load_image
from .recognizers import Recognizer
from .request import RecognizeRegionsRequest, Region, Settings
from .template import FieldSpec, Template, load_template
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


def build_request(
    image: ImageInput,
    template: Template,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    **overrides: object,
) -> RecognizeRegionsRequest:
    """One RecognizeRegions request reading every field of `template` in `image`.

    Settings are the protocol defaults, then the template's `settings`, then `overrides`
    (Python names such as ``rotate=90`` or ``language="German"``).
    """
    loaded = load_image(image, max_pixels=max_pixels)
    settings = Settings.from_wire(dict(template.settings), source=f"{template.source}: settings")
    settings = settings.updated(**overrides)
    size = rotated_size(loaded.size, settings.rotate)
    reference = (template.width, template.height)
    check_aspect(reference, size, source=template.source)
    regions = tuple(
        Region(spec.order, scale_rect(spec.rect, reference, size), charset=_charset(spec),
               spellcheck=spec.spellcheck)
        for spec in template.fields
    )
    return RecognizeRegionsRequest(loaded, settings, regions)


def _charset(spec: FieldSpec) -> str | None:
    """The characters a field can hold, as a recognition hint (None: any)."""
    if spec.charset:
        return charset_chars(spec.charset)
    if spec.type == "number":
        return "0123456789 .,'-"
    if spec.type == "date" and not any("%b" in f or "%B" in f for f in spec.formats):
        literals = {c for form in spec.formats for c in re.sub(r"%.", "", form)}
        return "0123456789" + "".join(sorted(literals))
    return None


def read(
    image: ImageInput,
    template: str | os.PathLike[str] | Template,
    *,
    recognizer: Recognizer | None = None,
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
    in the image, whether it is `valid` for its type, and `warnings`.
    """
    started = time.perf_counter()
    spec = load_template(template)
    request = build_request(
        image,
        spec,
        max_pixels=max_pixels,
        rotate=rotate,
        language=language,
        make_skew_correct=make_skew_correct,
        make_contrast_correction=make_contrast_correction,
        make_binarization=make_binarization,
        make_upsampling=make_upsampling,
        make_spell_check=make_spell_check,
    )
    results = (recognizer or default_recognizer()).recognize(request)
    fields = map_fields(spec, request.regions, results, request.settings.language)
    loaded = request.image
    assert isinstance(loaded, LoadedImage)  # build_request decodes the image
    size = rotated_size(loaded.size, request.settings.rotate)
    elapsed = 1000 * (time.perf_counter() - started)
    logger.debug("read %d field(s) of template %s in %.0f ms", len(fields), spec.name, elapsed)
    return Extraction(spec.name, size, round(elapsed, 1), fields)


def extract(
    image: ImageInput,
    template: str | os.PathLike[str] | Template,
    **options: Any,
) -> dict[str, str]:
    """Read the named fields of `template` from `image`: ``{field name: value}``.

    `image` is a path, bytes, a binary file or a PIL image; `template` a name, a path
    to a YAML file or a `Template`. Options are those of `read()`: `recognizer`
    (default: the offline embedded engine), `rotate`, `language`, `make_*` settings,
    `max_pixels`. Every field of the template is present, ``""`` where nothing was
    read; typed fields are normalised (dates as YYYY-MM-DD), and a value that fails
    its type keeps its text as read.
    """
    return read(image, template, **options).values()
