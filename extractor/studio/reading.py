"""What the studio reads: the images being edited, documents straightened to a template, fields
and anchors read with the embedded engine, and a template tested on more images."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PIL import Image

from ..alignment import Picture, align_document
from ..api import Extractor
from ..authoring import propose_template
from ..errors import ExtractorError
from ..fields import Extraction
from ..geometry import Rect, rotate_image
from ..template import FieldSpec, Template

OPEN_IMAGES = 32  # images kept for editing and testing: a few megabytes each


class ImageGoneError(LookupError):
    """An image id the studio does not hold (never opened, or dropped for newer ones)."""


class Images:
    """The images open in the studio by id, the oldest dropped beyond `most`."""

    def __init__(self, most: int = OPEN_IMAGES) -> None:
        self._images: OrderedDict[str, Image.Image] = OrderedDict()
        self._most = most
        self._lock = threading.Lock()

    def add(self, image: Image.Image) -> str:
        key = secrets.token_hex(8)
        with self._lock:
            self._images[key] = image
            while len(self._images) > self._most:
                self._images.popitem(last=False)
        return key

    def get(self, key: str) -> Image.Image:
        with self._lock:
            if key not in self._images:
                raise ImageGoneError(f"image {key[:20]!r} is not open (any more): load it again")
            self._images.move_to_end(key)
            return self._images[key]


def _results(extraction: Extraction) -> dict[str, dict[str, Any]]:
    return {name: {"value": f.value, "raw": f.raw, "confidence": round(f.confidence, 3), "valid": f.valid,
                   "warnings": list(f.warnings)} for name, f in extraction.fields.items()}


class Reader:
    """The studio's reading, with one extractor (the embedded engine, loaded once)."""

    def __init__(self, max_pixels: int) -> None:
        self.extractor = Extractor(max_pixels=max_pixels)

    def straighten(self, image: Image.Image, template: Template) -> tuple[Image.Image, dict[str, Any]]:
        """`image` (a scan or a photo of `template`'s document) upright and warped to its reference
        size, as `read()` aligns it, and what alignment found."""
        aligned = align_document(Picture.of(image), template, self.extractor.vision,
                                 config=self.extractor.config.align)
        upright = rotate_image(aligned.image, aligned.rotate)
        reference = (template.width, template.height)
        if upright.size != reference:  # a scan read as given: drawn on at the template's size
            upright = upright.resize(reference, Image.Resampling.LANCZOS)
        found = aligned.alignment
        return upright, {"method": found.method, "score": round(found.score, 3), "verified": found.verified,
                         "warnings": list(found.warnings)}

    def propose(self, image: Image.Image, name: str) -> dict[str, Any]:
        """The template `extractor templates new` proposes for `image`."""
        return propose_template(image, name, vision=self.extractor.vision,
                                max_pixels=self.extractor.max_pixels).data

    def read(self, image: Image.Image, template: Template, names: list[str] | None = None
             ) -> dict[str, dict[str, Any]]:
        """The fields `names` (None: all) read in `image`, straightened at the reference size."""
        if names is not None:
            wanted = set(names)
            kept = tuple(spec for spec in template.fields if spec.name in wanted)
            if not kept:
                return {}
            kinds = {spec.type for spec in kept}
            # a cross-check needs its MRZ or barcode read too; without it the value is read alone
            template = replace(template, fields=tuple(
                replace(spec, mrz=spec.mrz if "mrz" in kinds else None,
                        barcode=spec.barcode if "pdf417" in kinds else None) for spec in kept))
        return _results(self.extractor.read(image, template, align=False))

    def read_text(self, image: Image.Image, rect: Rect, settings: dict[str, Any]) -> str:
        """The text printed in `rect` of `image` (an anchor's label), as read."""
        probe = Template("anchor", image.width, image.height, (FieldSpec("text", rect, 0),), settings=settings)
        return self.extractor.read(image, probe, align=False).fields["text"].raw

    def test(self, image: Image.Image, template: Template) -> dict[str, Any]:
        """`image` read as `extract` reads it (aligned): every field, or the error."""
        try:
            extraction = self.extractor.read(image, template)
        except ExtractorError as exc:
            return {"error": f"{type(exc).__name__}: {exc}"}
        alignment = extraction.alignment
        return {"fields": _results(extraction),
                "verified": alignment.verified if alignment is not None else True,
                "score": round(alignment.score, 3) if alignment is not None else None}
