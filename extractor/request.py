"""The RecognizeRegions request (Aspose.OCR Cloud v5): settings, regions, the wire form.

`RecognizeRegionsRequest.to_json()` gives the exact HTTP body and `from_json()` parses
and validates one. In-process recognizers read `request.image` directly, so nothing is
base64-encoded unless the request crosses a wire.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from jsonschema.exceptions import ValidationError

from .errors import RequestError
from .geometry import Rect
from .images import LoadedImage, encode_png
from .schema import deepest_first, validator

# Python name -> wire name; the order is the order on the wire.
WIRE_NAMES = {
    "language": "language",
    "make_skew_correct": "makeSkewCorrect",
    "rotate": "rotate",
    "make_binarization": "makeBinarization",
    "make_contrast_correction": "makeContrastCorrection",
    "make_upsampling": "makeUpsampling",
    "make_spell_check": "makeSpellCheck",
    "dsr_mode": "dsrMode",
    "dsr_confidence": "dsrConfidence",
    "result_type": "resultType",
}
_PYTHON_NAMES = {wire: name for name, wire in WIRE_NAMES.items()}
_PYTHON_NAMES["Rotate"] = "rotate"  # the official SDK's spelling


@dataclass(frozen=True)
class Settings:
    """Recognition settings with the protocol's defaults."""

    language: str = "English"
    make_skew_correct: bool = True
    rotate: int = 0
    make_binarization: bool = False
    make_contrast_correction: bool = True
    make_upsampling: bool = False
    make_spell_check: bool = False
    dsr_mode: str = "Regions"
    dsr_confidence: str = "Default"
    result_type: str = "Text"

    @classmethod
    def from_wire(cls, wire: dict[str, Any], source: str = "settings") -> Settings:
        """Settings from camelCase wire keys, validated; absent keys keep the defaults."""
        errors = list(validator("urn:extractor:protocol#/$defs/settings").iter_errors(wire))
        if errors:
            raise RequestError(f"{source}: {_request_problem(errors[0])}")
        return cls(**{_PYTHON_NAMES[key]: value for key, value in wire.items() if key in _PYTHON_NAMES})

    def updated(self, **overrides: Any) -> Settings:
        """A copy with the non-None `overrides` (Python names) applied and validated."""
        unknown = set(overrides) - set(WIRE_NAMES)
        if unknown:
            raise RequestError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        wire = {WIRE_NAMES[k]: v for k, v in overrides.items() if v is not None}
        Settings.from_wire(wire, source="call arguments")
        return replace(self, **{_PYTHON_NAMES[k]: v for k, v in wire.items()})

    def to_wire(self) -> dict[str, Any]:
        return {WIRE_NAMES[f.name]: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Region:
    """One rectangle to read; results come back sorted by `order`.

    `charset`, `choices` (the values an enum field holds) and `spellcheck` are hints for
    in-process recognizers, from the template; they do not travel over the wire.
    """

    order: int
    rect: Rect
    charset: str | None = field(default=None, compare=False)
    spellcheck: bool | None = field(default=None, compare=False)
    choices: tuple[str, ...] = field(default=(), compare=False)

    def to_wire(self) -> dict[str, Any]:
        left, top, right, bottom = self.rect
        return {
            "order": self.order,
            "rect": {"topLeftX": left, "topLeftY": top, "bottomRightX": right, "bottomRightY": bottom},
        }


@dataclass(frozen=True)
class RecognizeRegionsRequest:
    """One image, its settings and the regions to read in it.

    `image` is either encoded file bytes (as received from a wire) or an already
    decoded `LoadedImage` (as the extractor builds it).
    """

    image: bytes | LoadedImage
    settings: Settings = field(default_factory=Settings)
    regions: tuple[Region, ...] = ()

    def image_bytes(self) -> bytes:
        """The encoded image: the original file bytes where known, else PNG."""
        if isinstance(self.image, bytes):
            return self.image
        return self.image.data if self.image.data is not None else encode_png(self.image.image)

    def to_wire(self) -> dict[str, Any]:
        image = base64.b64encode(self.image_bytes()).decode("ascii")
        return {"image": image, "settings": self.wire_settings()}

    def to_json(self) -> str:
        """The exact HTTP body of a submit call."""
        return json.dumps(self.to_wire(), separators=(",", ":"))

    @classmethod
    def from_json(cls, body: str | bytes) -> RecognizeRegionsRequest:
        """Parse and validate a submit body; `RequestError` names the offending field."""
        try:
            wire = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RequestError(f"body: malformed JSON: {exc}") from exc
        except RecursionError as exc:
            raise RequestError("body: JSON nested too deeply") from exc
        errors = list(validator("urn:extractor:protocol#/$defs/request").iter_errors(wire))
        if errors:
            raise RequestError(f"body: {_request_problem(min(errors, key=deepest_first))}")
        try:
            image = base64.b64decode(wire["image"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise RequestError(f"image: not valid base64: {exc}") from exc
        return cls.from_wire_settings(image, wire["settings"], validated=True)

    @classmethod
    def from_wire_settings(
        cls, image: bytes, wire: dict[str, Any], *, validated: bool = False
    ) -> RecognizeRegionsRequest:
        """A request from image bytes and the wire `settings` object (with its regions)."""
        if not validated:
            errors = list(validator("urn:extractor:protocol#/$defs/requestSettings").iter_errors(wire))
            if errors:
                raise RequestError(f"settings: {_request_problem(min(errors, key=deepest_first))}")
        raw = dict(wire)
        regions = tuple(
            # JSON Schema's integers include 1.0: read as the integers they are
            Region(int(r["order"]), Rect(*(int(r["rect"][key]) for key in
                                           ("topLeftX", "topLeftY", "bottomRightX", "bottomRightY"))))
            for r in raw.pop("regions")
        )
        orders = [r.order for r in regions]
        if len(set(orders)) != len(orders):
            raise RequestError("settings.regions: two regions share one order")
        if "rotate" in raw and "Rotate" in raw and raw["rotate"] != raw["Rotate"]:
            raise RequestError("settings: 'rotate' and 'Rotate' disagree")
        return cls(image, Settings.from_wire(raw, source="settings"), regions)

    def wire_settings(self) -> dict[str, Any]:
        """The `settings` object of the wire body, regions included."""
        settings = self.settings.to_wire()
        settings["regions"] = [region.to_wire() for region in self.regions]
        return settings

    def sorted_regions(self) -> list[Region]:
        return sorted(self.regions, key=lambda region: region.order)


def _request_problem(error: ValidationError) -> str:
    where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    return f"{where}: {error.message}"
