"""Template-driven document field extractor: named fields from ID cards and other fixed layouts.

    >>> from extractor import extract
    >>> extract("card.jpg", "drivers_license_ca")   # doctest: +SKIP
    {'dl_number': 'I1234568', 'last_name': 'GARCIA', ...}
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import (
    AspectRatioWarning,
    AuthenticationError,
    AuthError,
    DocumentNotFoundError,
    EncryptedPDFError,
    ExtractorError,
    GeometryError,
    ImageError,
    ImageTooLargeError,
    OutputError,
    PDFError,
    RecognizerError,
    RequestError,
    TemplateError,
    TemplateNotFoundError,
)

if TYPE_CHECKING:  # what the names below are, for type checkers and readers
    from .api import Extractor, build_request, default_extractor, default_recognizer, extract, read, read_each
    from .barcodes import Barcode, BarcodeNotFoundError, read_barcode
    from .batch import Record, extract_many
    from .config import Config
    from .fields import Extraction, FieldResult
    from .mrz import MRZ, MRZError, MRZNotFoundError, parse_mrz, read_mrz
    from .recognizers import Recognizer, RegionResult, Vision
    from .request import RecognizeRegionsRequest, Region, Settings
    from .template import FieldSpec, Template, load_template

# Everything else loads on first use: `import extractor.fields` (or the errors) needs no engine,
# no OpenCV and no model code.
_LAZY = {
    "Barcode": ".barcodes",
    "BarcodeNotFoundError": ".barcodes",
    "Config": ".config",
    "Extraction": ".fields",
    "Extractor": ".api",
    "FieldResult": ".fields",
    "FieldSpec": ".template",
    "MRZ": ".mrz",
    "MRZError": ".mrz",
    "MRZNotFoundError": ".mrz",
    "RecognizeRegionsRequest": ".request",
    "Recognizer": ".recognizers",
    "Record": ".batch",
    "Region": ".request",
    "RegionResult": ".recognizers",
    "Settings": ".request",
    "Template": ".template",
    "Vision": ".recognizers",
    "build_request": ".api",
    "default_extractor": ".api",
    "default_recognizer": ".api",
    "extract": ".api",
    "extract_many": ".batch",
    "load_template": ".template",
    "parse_mrz": ".mrz",
    "read": ".api",
    "read_each": ".api",
    "read_barcode": ".barcodes",
    "read_mrz": ".mrz",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "MRZ",
    "AspectRatioWarning",
    "AuthError",
    "AuthenticationError",
    "Barcode",
    "BarcodeNotFoundError",
    "Config",
    "DocumentNotFoundError",
    "EncryptedPDFError",
    "Extraction",
    "Extractor",
    "ExtractorError",
    "FieldResult",
    "FieldSpec",
    "GeometryError",
    "ImageError",
    "ImageTooLargeError",
    "MRZError",
    "MRZNotFoundError",
    "OutputError",
    "PDFError",
    "RecognizeRegionsRequest",
    "Recognizer",
    "RecognizerError",
    "Record",
    "Region",
    "RegionResult",
    "RequestError",
    "Settings",
    "Template",
    "TemplateError",
    "TemplateNotFoundError",
    "Vision",
    "build_request",
    "default_extractor",
    "default_recognizer",
    "extract",
    "extract_many",
    "load_template",
    "parse_mrz",
    "read",
    "read_barcode",
    "read_each",
    "read_mrz",
]
