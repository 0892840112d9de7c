"""The library's entry point: `extract()` wires the pipeline stages together."""

from __future__ import annotations

import logging
import os
import threading

from .fields import map_fields
from .geometry import check_aspect, rotated_size, scale_rect
from .images import DEFAULT_MAX_PIXELS, ImageInput, load_image
from .recognizers import Recognizer
from .request import RecognizeRegionsRequest, Region, Settings
from .template import Template, load_template

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
    regions = tuple(Region(spec.order, scale_rect(spec.rect, reference, size)) for spec in template.fields)
    return RecognizeRegionsRequest(loaded, settings, regions)


def extract(
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
) -> dict[str, str]:
    """Read the named fields of `template` from `image`.

    `image` is a path, bytes, a binary file or a PIL image; `template` a name, a path
    to a YAML file or a `Template`. The recognizer defaults to the offline embedded
    engine. Returns every field of the template, ``""`` where nothing was read.
    """
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
    logger.debug("read %d field(s) of template %s", len(results), spec.name)
    return map_fields(spec, results)
