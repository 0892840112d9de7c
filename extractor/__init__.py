"""Template-driven document field extractor: named fields from ID cards and other fixed layouts.

    >>> from extractor import extract
    >>> extract("card.jpg", "drivers_license_ca")   # doctest: +SKIP
    {'dl_number': 'I1234568', 'last_name': 'GARCIA', ...}
"""

from .api import build_request, default_recognizer, extract, read
from .barcodes import Barcode, BarcodeNotFoundError, read_barcode
from .errors import (
    AspectRatioWarning,
    AuthenticationError,
    ExtractorError,
    GeometryError,
    ImageError,
    ImageTooLargeError,
    RecognizerError,
    RequestError,
    TemplateError,
    TemplateNotFoundError,
)
from .fields import Extraction, FieldResult
from .mrz import MRZ, MRZError, MRZNotFoundError, parse_mrz, read_mrz
from .recognizers import Recognizer, RegionResult
from .request import RecognizeRegionsRequest, Region, Settings
from .template import FieldSpec, Template, load_template

__all__ = [
    "MRZ",
    "AspectRatioWarning",
    "AuthenticationError",
    "Barcode",
    "BarcodeNotFoundError",
    "Extraction",
    "ExtractorError",
    "FieldResult",
    "FieldSpec",
    "GeometryError",
    "ImageError",
    "ImageTooLargeError",
    "MRZError",
    "MRZNotFoundError",
    "RecognizeRegionsRequest",
    "Recognizer",
    "RecognizerError",
    "Region",
    "RegionResult",
    "RequestError",
    "Settings",
    "Template",
    "TemplateError",
    "TemplateNotFoundError",
    "build_request",
    "default_recognizer",
    "extract",
    "load_template",
    "parse_mrz",
    "read",
    "read_barcode",
    "read_mrz",
]
